#pragma once
/// @file ticket.hpp
/// @brief Issued tickets (seed 002's EventTicket / EventTicketDate) and the holder projection.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/buyer.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief How a ticket came to be.
enum class TicketKind { Order, Comp, PreGenerated };
/// @brief "order" / "comp" / "pre-generated".
std::string_view to_string(TicketKind kind) noexcept;
TicketKind ticket_kind_from_string(std::string_view text);

/// @brief Whether a ticket admits: only Valid tickets can be redeemed.
enum class TicketState { Unactivated, Valid, Cancelled };
/// @brief "unactivated" / "valid" / "cancelled".
std::string_view to_string(TicketState state) noexcept;
TicketState ticket_state_from_string(std::string_view text);

/// @brief One date a ticket grants access to, with its door state.
struct EventTicketDate {
    std::string id;
    std::string event_date_id;
    bool is_redeemed = false;
    std::optional<Instant> time_of_redemption;
    std::optional<std::string> redeemed_by;
    friend bool operator==(const EventTicketDate&, const EventTicketDate&) = default;
};

/// @brief A snapshot of an issued ticket.
struct EventTicket {
    std::string id;
    std::string event_id;
    std::string ticket_specification_id;
    TicketKind kind = TicketKind::Order;
    TicketState state = TicketState::Valid;
    std::optional<std::string> order_id;
    std::optional<std::string> buyer_id;
    std::string holder_name;
    std::string holder_email;
    std::string note;
    /// @brief When it was paid for or given (nullopt while a pre-generated ticket is unactivated).
    std::optional<Instant> purchase_date;
    bool is_refunded = false;
    bool is_refund_in_progress = false;
    std::vector<EventTicketDate> event_dates;
    Instant created;
    /// @brief The generation of the ticket's secret, which its QR payload names: 1 when issued, one
    /// more at each rotation (cancel, transfer); a payload of another generation is refused
    /// (rules::check_generation).
    std::uint32_t generation = 1;
    /// @brief The ticket this one was issued in place of by a transfer (nullopt for a ticket issued
    /// by an order, a comp or pre-generation).
    std::optional<std::string> transferred_from;
    /// @brief The ticket that replaced this one when it was transferred: a transferred ticket is
    /// Cancelled and names its successor here (nullopt otherwise).
    std::optional<std::string> transferred_to;
    friend bool operator==(const EventTicket&, const EventTicket&) = default;
};

/// @brief One entry of an event's revocation list: a ticket whose earlier QR payloads are void
/// (its secret was rotated by a cancel or a transfer).
struct Revocation {
    std::string ticket_id;
    /// @brief The generation a payload must carry to be accepted now, or nullopt when the ticket
    /// admits with none any more (cancelled, transferred, refunded).
    std::optional<std::uint32_t> generation;
    friend bool operator==(const Revocation&, const Revocation&) = default;
};

/// @brief A comp ticket's holder.
struct HolderInput {
    std::string email;
    std::string name;
};

/// @brief A payment taken at the door for a pre-generated ticket (seed 004 activate).
struct DoorPayment {
    Amount amount;
    std::string method;
    std::string reference;
};

/// @brief Whose tickets `tickets.mine` reads: a platform user by `user_id`, or a guest by
/// `email` (as rules::buyer_identity knows buyers: the e-mail in any case), exactly one.
struct BuyerLookup {
    std::optional<std::string> user_id;
    std::optional<std::string> email;
};

/// @brief Seed 002's EventTicketHolder: a buyer with at least one ticket for the event.
struct TicketHolder {
    std::string id;
    std::string event_id;
    Instant issue_time;
    Buyer user;
    std::vector<EventTicket> tickets;
    std::vector<BuyOrder> buy_orders;
    friend bool operator==(const TicketHolder&, const TicketHolder&) = default;
};

/// @brief A page of holders with seed 000's paging fields.
struct HolderPage {
    std::int64_t total_count = 0;
    std::vector<TicketHolder> nodes;
    bool has_next_page = false;
    std::optional<std::string> end_cursor;
    friend bool operator==(const HolderPage&, const HolderPage&) = default;
};

/// @brief Paging and filtering of `tickets.holders` (seed 000: default 20, maximum 50).
struct HolderQuery {
    std::string event_id;
    std::int64_t first = 20;
    std::optional<std::string> after;
    std::optional<OrderState> order_state;
};

}  // namespace ticketcore
