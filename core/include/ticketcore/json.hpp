#pragma once
/// @file json.hpp
/// @brief JSON (nlohmann::ordered_json) forms of the value types: audit payloads, pickling and
/// the generic `__repr__` of the bindings all use them, so field order is declaration order.

#include <nlohmann/json.hpp>

#include <optional>

#include "ticketcore/actor.hpp"
#include "ticketcore/audit.hpp"
#include "ticketcore/event.hpp"
#include "ticketcore/money.hpp"
#include "ticketcore/organization.hpp"
#include "ticketcore/pool.hpp"
#include "ticketcore/specification.hpp"
#include "ticketcore/time.hpp"

namespace nlohmann {

/// @brief std::optional as the value or null.
template <typename T>
struct adl_serializer<std::optional<T>> {
    template <typename Json>
    static void to_json(Json& json, const std::optional<T>& value) {
        if (value) {
            json = *value;
        } else {
            json = nullptr;
        }
    }
    template <typename Json>
    static void from_json(const Json& json, std::optional<T>& value) {
        if (json.is_null()) {
            value.reset();
        } else {
            value = json.template get<T>();
        }
    }
};

}  // namespace nlohmann

namespace ticketcore {

using Json = nlohmann::ordered_json;

/// @brief Defines to_json/from_json over ordered_json for a struct's listed members.
#define TICKETCORE_JSON_FIELDS(Type, ...)                                                           \
    inline void to_json(Json& nlohmann_json_j, const Type& nlohmann_json_t) {                      \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                   \
    }                                                                                              \
    inline void from_json(const Json& nlohmann_json_j, Type& nlohmann_json_t) {                    \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM, __VA_ARGS__))                 \
    }

inline void to_json(Json& json, const Instant& instant) { json = instant.micros; }
inline void from_json(const Json& json, Instant& instant) { instant.micros = json.get<std::int64_t>(); }

inline void to_json(Json& json, const Currency& currency) { json = std::string(currency.code()); }
inline void from_json(const Json& json, Currency& currency) { currency = Currency::of(json.get<std::string>()); }

inline void to_json(Json& json, const Money& money) {
    json = Json{{"minor", money.minor()}, {"currency", std::string(money.currency().code())}};
}
inline void from_json(const Json& json, Money& money) {
    money = Money(json.at("minor").get<std::int64_t>(), Currency::of(json.at("currency").get<std::string>()));
}

inline void to_json(Json& json, RoundingMode mode) { json = std::string(to_string(mode)); }
inline void from_json(const Json& json, RoundingMode& mode) { mode = rounding_mode_from_string(json.get<std::string>()); }
inline void to_json(Json& json, EventState state) { json = std::string(to_string(state)); }
inline void from_json(const Json& json, EventState& state) { state = event_state_from_string(json.get<std::string>()); }
inline void to_json(Json& json, Visibility visibility) { json = std::string(to_string(visibility)); }
inline void from_json(const Json& json, Visibility& visibility) {
    visibility = visibility_from_string(json.get<std::string>());
}

TICKETCORE_JSON_FIELDS(Actor, id, organization_id, scopes)
TICKETCORE_JSON_FIELDS(Organization, id, name, currency, rounding, billing_profile_enabled, created)
TICKETCORE_JSON_FIELDS(EventDate, id, event_id, start, end, local_start, local_end)
TICKETCORE_JSON_FIELDS(Event, id, organization_id, name, description, location, time_zone, state, currency,
                       platform_fee, percentage_fee, vat_rate, created, dates)
TICKETCORE_JSON_FIELDS(TicketSpecification, id, event_id, name, names, description, price, vat_rate,
                       ticket_platform_fee, ticket_percentage_fee, percentage_fee_amount,
                       number_of_tickets_for_sale, maximum_number_of_tickets_per_user, number_of_tickets_sold,
                       number_of_tickets_reserved, available, is_active, sale_start, sale_end, perks, visibility,
                       transferable, allow_reentry, reentry_limit, accepted_scan_points, refund_policy, pool_ids,
                       event_date_ids, created)
TICKETCORE_JSON_FIELDS(Pool, id, event_id, name, size, sold, reserved, available, specification_ids, created)
TICKETCORE_JSON_FIELDS(AuditEntry, sequence, at, actor_id, organization_id, operation, entity_type, entity_id, payload)
TICKETCORE_JSON_FIELDS(CounterMismatch, entity_type, entity_id, counter, stored, recounted)
TICKETCORE_JSON_FIELDS(IntegrityReport, specifications_checked, pools_checked, mismatches)

}  // namespace ticketcore
