#pragma once
// Private to the core (layer 5, services): the steps of the refund flow inside a unit of work,
// shared by the `Refunds` area and by a box-office sale's cancel, so that a refund is made one way.

#include <optional>
#include <string>

#include "services/unit_of_work.hpp"
#include "store/refunds.hpp"
#include "ticketcore/model/refund.hpp"

namespace ticketcore::refund_flow {

/// @brief Starts a refund of `input.ticket_id` or `input.order_id` in `unit` (the checks and rows
/// of Refunds::start, with its audit row and `refund.started` event; no idempotency key). With
/// `checked` false (a test build's guard off) the refundability checks are skipped.
Refund start(UnitOfWork& unit, const std::string& organization_id, const NewRefund& input, bool checked);
/// @brief Completes the refund in progress `row` (Refunds::complete without its idempotency):
/// its tickets refunded, their capacity free, their QR void; audit row and `refund.completed`.
Refund complete(UnitOfWork& unit, const repository::RefundRow& row,
                const std::optional<std::string>& gateway_reference);

}  // namespace ticketcore::refund_flow
