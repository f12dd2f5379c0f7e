#pragma once
/// @file event.hpp
/// @brief Events (draft → published → completed) and their dates.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Lifecycle of an event.
enum class EventState { Draft, Published, Completed };
/// @brief "draft" / "published" / "completed".
std::string_view to_string(EventState state) noexcept;
/// @brief Inverse of to_string; throws ValidationError `unknown_event_state`.
EventState event_state_from_string(std::string_view text);

/// @brief One occurrence of an event; `local_start`/`local_end` are in the event's time zone.
struct EventDate {
    std::string id;
    std::string event_id;
    Instant start;
    Instant end;
    std::string local_start;
    std::string local_end;
    friend bool operator==(const EventDate&, const EventDate&) = default;
};

/// @brief A snapshot of an event with its dates in start order.
struct Event {
    std::string id;
    std::string organization_id;
    std::string name;
    std::string description;
    std::string location;
    std::string time_zone;
    EventState state = EventState::Draft;
    Currency currency = Currency::of("EUR");
    /// @brief Default fixed platform fee per ticket, inherited by new specifications.
    Money platform_fee = Money::zero(Currency::of("EUR"));
    /// @brief Default percentage fee in basis points, inherited by new specifications.
    std::int64_t percentage_fee = 0;
    /// @brief VAT rate in basis points included in prices (2500 = 25 %); 0 = no VAT.
    std::int64_t vat_rate = 2500;
    Instant created;
    std::vector<EventDate> dates;
    friend bool operator==(const Event&, const Event&) = default;
};

/// @brief Input of `events.create`.
struct NewEvent {
    std::string name;
    std::string time_zone;
    std::string description;
    std::string location;
    /// @brief Defaults to the organization's currency.
    std::optional<std::string> currency;
    /// @brief Default fixed fee per ticket; defaults to 0.
    Amount platform_fee;
    std::int64_t percentage_fee = 0;
    std::int64_t vat_rate = 2500;
};

}  // namespace ticketcore
