#pragma once
// Private to the core (layer 4, store): the refund repository: refunds and each ticket's part.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/refund.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

struct RefundRow {
    Refund refund;
    std::string organization_id;
};

class RefundRepository {
public:
    RefundRepository() = default;
    RefundRepository(const RefundRepository&) = delete;
    RefundRepository& operator=(const RefundRepository&) = delete;
    virtual ~RefundRepository() = default;

    /// @brief Inserts the refund and its tickets' parts (in their order).
    virtual void insert_refund(const Refund& refund, const std::string& organization_id) = 0;
    virtual std::optional<RefundRow> find_refund(const std::string& id) = 0;
    /// @brief Locks the refund's row until the transaction ends (two callers completing or failing
    /// one refund take turns; a no-op where the engine runs one writer at a time) and reads it
    /// after the lock, as find_refund.
    virtual std::optional<RefundRow> lock_refund(const std::string& id) = 0;
    /// @brief Closes the refund as `state` (Refunded or Failed) at `at`.
    virtual void close_refund(const std::string& id, RefundState state,
                              const std::optional<std::string>& gateway_reference,
                              const std::optional<std::string>& failure_reason, Instant at) = 0;
    /// @brief The states of the order's own refunds (those that named the order, not one of its
    /// tickets) that did not fail, through the index refund_by_order.
    virtual std::vector<RefundState> live_order_refund_states(const std::string& order_id) = 0;
    /// @brief Per ticket of `ticket_ids`, the minor units of its parts in refunds that did not fail
    /// (in progress or refunded); tickets without any are left out. One query, through
    /// refund_ticket_by_ticket.
    virtual std::map<std::string, std::int64_t> refunded_so_far(const std::vector<std::string>& ticket_ids) = 0;
};

}  // namespace ticketcore::repository
