#pragma once
/// @file orders.hpp
/// @brief The `Orders` area of a Store (see store.hpp for how every operation runs).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/model/page.hpp"
#include "ticketcore/services/store.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Online orders (seed 002's BuyOrder, seed 004's booking): place, pay, expire, cancel.
class Orders {
public:
    explicit Orders(Store store) : store_(std::move(store)) {}
    /// @brief A Pending order holding capacity until `expires`; needs scope `orders`.
    BuyOrder place(const NewOrder& input) const;
    /// @brief Records the payment and issues one ticket per unit (Paid); see docs/orders.md for
    /// repeats and payments that arrive after expiry.
    BuyOrder confirm_payment(const PaymentConfirmation& payment) const;
    /// @brief The buyer cancels a pending order; its capacity is free again. With an idempotency
    /// key, a repeat returns the first result.
    BuyOrder cancel(const std::string& order_id,
                    const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Expires every pending order of the organization whose hold ran out at `now`
    /// (the store's clock when nullopt); returns their ids.
    std::vector<std::string> expire_due(std::optional<Instant> now = std::nullopt) const;
    [[nodiscard]] BuyOrder get(const std::string& order_id) const;
    /// @brief A page of the event's orders in placing order, optionally of one (effective) state.
    [[nodiscard]] Page<BuyOrder> list(const std::string& event_id, std::optional<OrderState> state = std::nullopt,
                                      const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
