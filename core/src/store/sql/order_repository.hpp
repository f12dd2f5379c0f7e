#pragma once
// Private to the core: SQL for buyers, promo codes, orders, tickets, holders, payments,
// idempotency keys and the outbox (layer 3).

#include "store/sqlite/statement.hpp"

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/model/outbox.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/model/ticket.hpp"

namespace ticketcore::repository {

/// Finds the organization's buyer with the same identity (user id, else e-mail), updating its
/// contact details, or creates it with `new_id`.
Buyer upsert_buyer(Connection& db, const std::string& organization_id, const BuyerInput& input,
                   const std::string& new_id, Instant now);
std::optional<Buyer> find_buyer(Connection& db, const std::string& id);

struct PromoCodeRow {
    PromoCode code;
    std::string organization_id;
};
std::optional<PromoCodeRow> find_promo_code(Connection& db, const std::string& id);
std::optional<PromoCodeRow> find_promo_code_by_code(Connection& db, const std::string& event_id,
                                                    const std::string& code);
std::vector<PromoCode> list_promo_codes(Connection& db, const std::string& event_id);
void insert_promo_code(Connection& db, const PromoCode& code);
/// Counts one use unless the limit is reached; false when it is.
bool use_promo_code(Connection& db, const std::string& id);
void unuse_promo_code(Connection& db, const std::string& id);

struct OrderRow {
    BuyOrder order;
    std::string organization_id;
    std::optional<std::string> promo_code_id;
};
struct OrderLineClaim {
    std::string line_id;
    std::string specification_id;
    std::int64_t amount = 0;
    std::optional<std::string> claim_id;
};
void insert_order(Connection& db, const BuyOrder& order, const std::string& organization_id,
                  const std::optional<std::string>& promo_code_id);
void insert_order_line(Connection& db, const std::string& order_id, int position, const OrderLine& line,
                       const std::string& claim_id);
std::optional<OrderRow> find_order(Connection& db, const std::string& id);
std::vector<BuyOrder> list_orders(Connection& db, const std::string& event_id, std::optional<OrderState> state,
                                  const std::optional<std::string>& buyer_id = std::nullopt);
std::vector<OrderLineClaim> order_line_claims(Connection& db, const std::string& order_id);
void set_line_claim(Connection& db, const std::string& line_id, const std::optional<std::string>& claim_id);
void close_order(Connection& db, const std::string& id, OrderState state, Instant at);
void mark_order_paid(Connection& db, const std::string& id, const std::string& reference,
                     const std::string& gateway, Instant at);
void mark_paid_without_capacity(Connection& db, const std::string& id, const std::string& reference,
                                const std::string& gateway);
/// Pending orders whose hold has run out at `now`, oldest first.
std::vector<std::string> due_orders(Connection& db, Instant now, const std::optional<std::string>& organization_id);
/// Tickets of a specification a buyer holds or has on hold: pending order lines plus live tickets.
std::int64_t held_by_buyer(Connection& db, const std::string& buyer_id, const std::string& specification_id);

struct TicketRow {
    EventTicket ticket;
    std::string organization_id;
    std::string claim_id;
};
void insert_ticket(Connection& db, const EventTicket& ticket, const std::string& organization_id,
                   const std::string& secret, const std::string& claim_id);
std::optional<TicketRow> find_ticket(Connection& db, const std::string& id);
std::vector<EventTicket> list_tickets(Connection& db, const std::string& event_id,
                                      const std::optional<std::string>& order_id = std::nullopt,
                                      const std::optional<std::string>& buyer_id = std::nullopt);
void activate_ticket(Connection& db, const std::string& id, const std::string& buyer_id,
                     const std::string& holder_name, const std::string& holder_email, Instant at);

/// Creates the holder row of (event, buyer) at its first ticket; keeps the first issue time.
void ensure_holder(Connection& db, const std::string& event_id, const std::string& buyer_id,
                   const std::string& new_id, Instant issue_time);
struct HolderRow {
    std::string id;
    std::string buyer_id;
    Instant issue_time;
};
std::int64_t count_holders(Connection& db, const std::string& event_id);
/// True when `holder_id` is a holder of `event_id` (a valid paging cursor).
bool is_holder(Connection& db, const std::string& event_id, const std::string& holder_id);
/// Up to `limit` holders after `after` (a holder id), in order of their first ticket.
std::vector<HolderRow> page_holders(Connection& db, const std::string& event_id,
                                    const std::optional<std::string>& after, std::int64_t limit);

void insert_payment(Connection& db, const std::string& id, const std::string& organization_id,
                    const std::optional<std::string>& order_id, const std::optional<std::string>& ticket_id,
                    const std::string& reference, const std::string& gateway, const Money& amount,
                    const std::string& outcome, Instant at);

/// @brief A used idempotency key: the fingerprint of its request and the ids of its first result.
struct IdempotencyRecord {
    std::string fingerprint;
    std::vector<std::string> result_ids;
};
std::optional<IdempotencyRecord> find_idempotency(Connection& db, const std::string& organization_id,
                                                  const std::string& operation, const std::string& key);
void insert_idempotency(Connection& db, const std::string& organization_id, const std::string& operation,
                        const std::string& key, const std::string& fingerprint,
                        const std::vector<std::string>& result_ids, Instant at);

void insert_outbox(Connection& db, const std::string& organization_id, const std::string& topic,
                   const std::string& entity_id, const std::string& payload, Instant at);
std::vector<OutboxEvent> pending_outbox(Connection& db, const std::string& organization_id, std::int64_t limit);
std::int64_t acknowledge_outbox(Connection& db, const std::string& organization_id, std::int64_t up_to,
                                Instant at);

}  // namespace ticketcore::repository
