#pragma once
/// @file order.hpp
/// @brief Online orders (seed 002's BuyOrder, seed 004's booking).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ticketcore/model/buyer.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Lifecycle of an order: Pending → Paid, Pending → Expired / Cancelled (seed 002 plus
/// the buyer's cancel).
enum class OrderState { Pending, Paid, Expired, Cancelled };
/// @brief "pending" / "paid" / "expired" / "cancelled".
std::string_view to_string(OrderState state) noexcept;
/// @brief Inverse of to_string; throws ValidationError `unknown_order_state`.
OrderState order_state_from_string(std::string_view text);

/// @brief One line of an order (seed 002's BuyOrderEventTicketItem) with its exact price parts.
struct OrderLine {
    std::string id;
    std::string ticket_specification_id;
    std::int64_t amount = 0;  ///< quantity, the seed's name
    Money unit_price = Money::zero(Currency::of("EUR"));
    Money subtotal = Money::zero(Currency::of("EUR"));        ///< unit_price × amount
    Money discount = Money::zero(Currency::of("EUR"));        ///< promo code share of this line
    Money platform_fee = Money::zero(Currency::of("EUR"));    ///< ticketPlatFormFee × amount
    Money percentage_fee = Money::zero(Currency::of("EUR"));  ///< percentageFeeAmount × amount
    Money vat = Money::zero(Currency::of("EUR"));             ///< VAT included in subtotal − discount
    Money total = Money::zero(Currency::of("EUR"));           ///< subtotal − discount + fees
    friend bool operator==(const OrderLine&, const OrderLine&) = default;
};

/// @brief An order's price breakdown; every field is the sum of its lines.
struct PriceBreakdown {
    Money subtotal = Money::zero(Currency::of("EUR"));
    Money discount = Money::zero(Currency::of("EUR"));
    Money platform_fee = Money::zero(Currency::of("EUR"));
    Money percentage_fee = Money::zero(Currency::of("EUR"));
    Money vat = Money::zero(Currency::of("EUR"));
    Money total = Money::zero(Currency::of("EUR"));
    friend bool operator==(const PriceBreakdown&, const PriceBreakdown&) = default;
};

/// @brief A snapshot of an order with its line items and, once paid, its ticket ids.
struct BuyOrder {
    std::string id;
    std::string event_id;
    std::string buyer_id;
    OrderState state = OrderState::Pending;
    std::string comment;
    Instant created;
    Instant expires;
    std::optional<Instant> paid_at;
    std::string payment_gateway;
    /// @brief The payment processor's reference (seed 002 chargeSessionId, seed 004 paymentRef).
    std::optional<std::string> charge_session_id;
    std::optional<std::string> promo_code;
    /// @brief A payment arrived after expiry when the capacity was gone: refund it.
    bool paid_without_capacity = false;
    std::vector<OrderLine> event_tickets;
    PriceBreakdown price;
    std::vector<std::string> ticket_ids;
    friend bool operator==(const BuyOrder&, const BuyOrder&) = default;
};

/// @brief Input of `orders.place`.
struct NewOrder {
    std::string event_id;
    BuyerInput buyer;
    std::vector<std::pair<std::string, std::int64_t>> items;  ///< (specification id, quantity)
    std::optional<std::string> promo_code;
    std::string comment;
    std::string payment_gateway;
    std::optional<std::string> idempotency_key;
};

/// @brief Input of `orders.confirm_payment`.
struct PaymentConfirmation {
    std::string order_id;
    std::string payment_ref;
    std::string gateway;
    Amount amount;
    /// @brief When given, a repeat with the same key and payment returns the first result.
    std::optional<std::string> idempotency_key = std::nullopt;
};

}  // namespace ticketcore
