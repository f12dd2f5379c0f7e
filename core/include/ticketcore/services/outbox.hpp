#pragma once
/// @file outbox.hpp
/// @brief The `Outbox` area of a Store (see store.hpp for how every operation runs).

#include <cstdint>
#include <utility>
#include <vector>

#include "ticketcore/model/outbox.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Domain events for Python to deliver (e-mails, webhooks): read in order, then acknowledge.
class Outbox {
public:
    explicit Outbox(Store store) : store_(std::move(store)) {}
    /// @brief Unacknowledged events of the actor's organization, oldest first.
    [[nodiscard]] std::vector<OutboxEvent> pending(std::int64_t limit = 100) const;
    /// @brief Acknowledges every event up to and including `sequence`; returns how many.
    std::int64_t acknowledge(std::int64_t sequence) const;

private:
    Store store_;
};

}  // namespace ticketcore
