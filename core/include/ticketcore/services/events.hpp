#pragma once
/// @file events.hpp
/// @brief The `Events` area of a Store (see store.hpp for how every operation runs).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/page.hpp"
#include "ticketcore/services/store.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Events and their dates (`events:write` to change, `events:read` to read).
class Events {
public:
    explicit Events(Store store) : store_(std::move(store)) {}
    Event create(const NewEvent& input) const;
    /// @brief Adds a date; every specification of the event is attached to it.
    EventDate add_date(const std::string& event_id, Instant start, Instant end) const;
    Event publish(const std::string& event_id) const;
    Event complete(const std::string& event_id) const;
    [[nodiscard]] Event get(const std::string& event_id) const;
    /// @brief A page of the organization's events in creation order, optionally of one state.
    [[nodiscard]] Page<Event> list(std::optional<EventState> state = std::nullopt,
                                   const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
