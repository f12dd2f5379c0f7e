#pragma once
/// @file promo_codes.hpp
/// @brief The `PromoCodes` area of a Store (see store.hpp for how every operation runs).

#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Promo codes of an event.
class PromoCodes {
public:
    explicit PromoCodes(Store store) : store_(std::move(store)) {}
    PromoCode create(const NewPromoCode& input) const;
    [[nodiscard]] PromoCode get(const std::string& promo_code_id) const;
    /// @brief A page of the event's promo codes in creation order.
    [[nodiscard]] Page<PromoCode> list(const std::string& event_id, const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
