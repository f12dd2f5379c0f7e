#pragma once
/// @file promo_codes.hpp
/// @brief The `PromoCodes` area of a Store (see store.hpp for how every operation runs).

#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Promo codes of an event.
class PromoCodes {
public:
    explicit PromoCodes(Store store) : store_(std::move(store)) {}
    PromoCode create(const NewPromoCode& input) const;
    [[nodiscard]] PromoCode get(const std::string& promo_code_id) const;
    [[nodiscard]] std::vector<PromoCode> list(const std::string& event_id) const;

private:
    Store store_;
};

}  // namespace ticketcore
