#pragma once
// Private to the core (layer 4, store): the promo code repository.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/promo_code.hpp"

namespace ticketcore::repository {

struct PromoCodeRow {
    PromoCode code;
    std::string organization_id;
};

class PromoCodeRepository {
public:
    PromoCodeRepository() = default;
    PromoCodeRepository(const PromoCodeRepository&) = delete;
    PromoCodeRepository& operator=(const PromoCodeRepository&) = delete;
    virtual ~PromoCodeRepository() = default;

    virtual std::optional<PromoCodeRow> find_promo_code(const std::string& id) = 0;
    virtual std::optional<PromoCodeRow> find_promo_code_by_code(const std::string& event_id,
                                                                const std::string& code) = 0;
    /// @brief The place of a code of the event in creation order; nullopt when `promo_code_id` is
    /// no code of the event.
    virtual std::optional<std::int64_t> promo_code_position(const std::string& event_id,
                                                            const std::string& promo_code_id) = 0;
    /// @brief Up to `limit` codes of the event created after `after_position` (0: from the first),
    /// in creation order.
    virtual std::vector<PromoCode> page_promo_codes(const std::string& event_id, std::int64_t after_position,
                                                    std::int64_t limit) = 0;
    virtual void insert_promo_code(const std::string& organization_id, const PromoCode& code) = 0;
    /// @brief Counts one use unless the limit is reached (a conditional write); false when it is.
    virtual bool use_promo_code(const std::string& id) = 0;
    virtual void unuse_promo_code(const std::string& id) = 0;
};

}  // namespace ticketcore::repository
