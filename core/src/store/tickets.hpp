#pragma once
// Private to the core (layer 4, store): the ticket repository: issued tickets, their dates, and the
// holders of an event.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/ticket.hpp"
#include "ticketcore/rules/ticket_rules.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

struct TicketRow {
    EventTicket ticket;
    std::string organization_id;
    std::string claim_id;
    /// @brief The generation of the ticket's secret: its QR payload names it, and a payload of
    /// another generation is refused (rules::check_generation).
    std::uint32_t generation = 1;
};
/// @brief A ticket of an event's revocation list as stored: what rules::admitted_generation needs.
struct RevokedTicketRow {
    std::string ticket_id;
    TicketState state = TicketState::Cancelled;
    bool is_refunded = false;
    std::uint32_t generation = 1;
};
struct HolderRow {
    std::string id;
    std::string buyer_id;
    Instant issue_time;
};

class TicketRepository {
public:
    TicketRepository() = default;
    TicketRepository(const TicketRepository&) = delete;
    TicketRepository& operator=(const TicketRepository&) = delete;
    virtual ~TicketRepository() = default;

    /// @brief Inserts the ticket and its dates with its secret (the QR's key).
    virtual void insert_ticket(const EventTicket& ticket, const std::string& organization_id, const std::string& secret,
                               const std::string& claim_id) = 0;
    virtual std::optional<TicketRow> find_ticket(const std::string& id) = 0;
    /// @brief Gives the ticket a new secret and raises its generation by one, so that its QR
    /// payloads so far are refused as `revoked_generation` (a cancel, a transfer).
    virtual void rotate_secret(const std::string& id, const std::string& secret) = 0;
    /// @brief Cancels the ticket (state cancelled; for a transfer, naming its successor in
    /// `transferred_to`) with one conditional write: only while it is still in `expected_state` at
    /// `expected_generation`, neither refunded nor with a refund in progress. False when another
    /// caller changed it first (the caller reads it again and refuses): a ticket is revoked once.
    virtual bool revoke_ticket(const std::string& id, TicketState expected_state, std::uint32_t expected_generation,
                               const std::optional<std::string>& transferred_to) = 0;
#ifdef TICKETCORE_TEST_HOOKS
    /// @brief Test builds only: revoke_ticket without its condition (what the revocation guard
    /// switched off does, to show the double revocation it stops).
    virtual void revoke_ticket_unguarded(const std::string& id, const std::optional<std::string>& transferred_to) = 0;
#endif
    /// @brief The place of a ticket in the event's revocation list (rowid order among the tickets
    /// whose secret was rotated, generation > 1); nullopt when it is not in the list.
    virtual std::optional<std::int64_t> revocation_position(const std::string& event_id,
                                                            const std::string& ticket_id) = 0;
    /// @brief Up to `limit` tickets of the event whose secret was rotated (generation > 1), after
    /// `after_position` (0: from the first), in issue order, through the partial index
    /// ticket_revocation.
    virtual std::vector<RevokedTicketRow> page_revocations(const std::string& event_id, std::int64_t after_position,
                                                           std::int64_t limit) = 0;
    /// @brief Locks the ticket's row until the transaction ends (a no-op where the engine runs one
    /// writer at a time) and reads it after the lock, as find_ticket: what every unit that changes
    /// a ticket's refund state loads it with.
    virtual std::optional<TicketRow> lock_ticket(const std::string& id) = 0;
    /// @brief The order's tickets in issue order, each locked as lock_ticket (in that order, so two
    /// units locking tickets of one order never deadlock), with their dates; through ticket_by_order.
    virtual std::vector<TicketRow> lock_tickets_of_order(const std::string& order_id) = 0;
    /// @brief Sets the ticket's refund flags (seed 002's isRefundInProgress and isRefunded).
    virtual void set_refund_flags(const std::string& id, bool in_progress, bool refunded) = 0;
    /// @brief Points the ticket at the ledger claim that now holds (or gave back) its capacity.
    virtual void set_ticket_claim(const std::string& id, const std::string& claim_id) = 0;
    /// @brief Up to `limit` tickets of the event refunded or with a refund in progress, issued
    /// after `after_position` (0: from the first), in issue order, through the partial index
    /// ticket_refund_activity (which holds just those).
    virtual std::vector<EventTicket> page_refund_activity(const std::string& event_id, std::int64_t after_position,
                                                          std::int64_t limit) = 0;
    /// @brief The place of a ticket of the buyer in issue order; nullopt when `ticket_id` is no
    /// ticket of the buyer.
    virtual std::optional<std::int64_t> buyer_ticket_position(const std::string& buyer_id,
                                                              const std::string& ticket_id) = 0;
    /// @brief Up to `limit` of the buyer's tickets, of every event, issued after `after_position`
    /// (0: from the first), in issue order, through the index ticket_by_buyer_issued.
    virtual std::vector<EventTicket> page_tickets_of_buyer(const std::string& buyer_id, std::int64_t after_position,
                                                           std::int64_t limit) = 0;
    /// @brief The place of a ticket of the event in issue order; nullopt when `ticket_id` is no
    /// ticket of the event.
    virtual std::optional<std::int64_t> ticket_position(const std::string& event_id, const std::string& ticket_id) = 0;
    /// @brief Up to `limit` tickets of the event (or of one order of it) issued after
    /// `after_position` (0: from the first), in issue order.
    virtual std::vector<EventTicket> page_tickets(const std::string& event_id,
                                                  const std::optional<std::string>& order_id,
                                                  std::int64_t after_position, std::int64_t limit) = 0;
    /// @brief The tickets of the event the buyers hold, grouped by buyer, each buyer's in issue order, through their
    /// own tickets: a fixed number of queries for a page of holders, whatever their number.
    virtual std::vector<EventTicket> tickets_of_buyers(const std::string& event_id,
                                                       const std::vector<std::string>& buyer_ids) = 0;
    /// @brief Tickets of the event that still admit (not cancelled), in issue order.
    virtual std::vector<std::string> live_ticket_ids(const std::string& event_id) = 0;
    virtual void insert_ticket_date(const std::string& organization_id, const std::string& id,
                                    const std::string& ticket_id, const std::string& event_date_id) = 0;
    virtual void activate_ticket(const std::string& id, const std::string& buyer_id, const std::string& holder_name,
                                 const std::string& holder_email, Instant at) = 0;
    /// @brief The buyer's tickets of a specification that are `counted` (rules::counted_tickets:
    /// in one of its states, and not refunded unless it counts refunded ones), through the index
    /// ticket_by_buyer; the rule decides which tickets count, the SQL only filters by it.
    virtual std::int64_t count_tickets_of_buyer(const std::string& buyer_id, const std::string& specification_id,
                                                const rules::CountedTickets& counted) = 0;

    /// @brief Creates the holder row of (event, buyer) at its first ticket, a ticket of
    /// `specification_id`, and counts the new holder on that specification; keeps the first issue
    /// time. The caller's write has already locked the specification's row (its claim).
    virtual void ensure_holder(const std::string& organization_id, const std::string& event_id,
                               const std::string& buyer_id, const std::string& specification_id,
                               const std::string& new_id, Instant issue_time) = 0;
    /// @brief The event's holders: the sum of its specifications' holder counters (at most 200
    /// rows, whatever the number of holders).
    virtual std::int64_t count_holders(const std::string& event_id) = 0;
    /// @brief True when `holder_id` is a holder of `event_id` (a valid paging cursor).
    virtual bool is_holder(const std::string& event_id, const std::string& holder_id) = 0;
    /// @brief Up to `limit` holders after `after` (a holder id), in order of their first ticket.
    virtual std::vector<HolderRow> page_holders(const std::string& event_id, const std::optional<std::string>& after,
                                                std::int64_t limit) = 0;
};

}  // namespace ticketcore::repository
