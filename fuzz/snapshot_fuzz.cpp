// Pickled snapshots from outside: the bindings' `_restore(type, json)` runs
// parse_snapshot(text) then snapshot_as<T>() for every value type, so any bytes reach these.
// Each input is parsed once and read as every snapshot type that has a from_json.
//
// Properties: parsing and reading either succeed or throw nlohmann::json::exception or a
// TicketcoreError; a value that was read survives T -> Json -> dump -> parse -> T unchanged
// (what pickling a restored value does); a restored Actor passes Actor::make, and an amount's
// "minor" is an integer (issue 6, finding 11).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

using namespace ticketcore;

namespace {

template <typename T>
void restore(const Json& json, const char* type_name) {
    T value{};
    try {
        value = json.get<T>();
    } catch (const nlohmann::json::exception&) {
        return;
    } catch (const TicketcoreError&) {
        return;
    }
    std::string text;
    try {
        text = Json(value).dump();
    } catch (const nlohmann::json::exception& error) {
        FUZZ_CHECK(false, "a restored %s cannot be dumped: %s", type_name, error.what());
    }
    T again{};
    try {
        again = Json::parse(text).get<T>();
    } catch (const std::exception& error) {
        FUZZ_CHECK(false, "a restored %s dumps as %s, which does not restore: %s", type_name, text.c_str(),
                   error.what());
    }
    FUZZ_CHECK(again == value, "a restored %s changes on a round trip: %s", type_name, text.c_str());
    if constexpr (std::is_same_v<T, Actor>) {
        {
            try {
                (void)Actor::make(value.id, value.organization_id, value.scopes);
            } catch (const TicketcoreError& error) {
                FUZZ_CHECK(false, "a restored Actor is one Actor::make refuses: %s (issue 6, finding 11)",
                           error.what());
            }
        }
    }
}

// Money has no default constructor; it is read by value.
void restore_money(const Json& json) {
    try {
        const Money money = json.get<Money>();
        const Money again = Json::parse(Json(money).dump()).get<Money>();
        FUZZ_CHECK(again == money, "a restored Money changes on a round trip");
        {
            FUZZ_CHECK(json.at("minor").is_number_integer(),
                       "Money restored from a non-integer minor %s (issue 6, finding 11)",
                       json.at("minor").dump().c_str());
        }
    } catch (const nlohmann::json::exception&) {
    } catch (const TicketcoreError&) {}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Json json;
    try {
        json = parse_snapshot(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const ValidationError& error) {
        FUZZ_CHECK(error.code() == "invalid_snapshot", "parse_snapshot refused with code %s", error.code().c_str());
        return 0;
    }
    restore_money(json);
    restore<Instant>(json, "Instant");
    restore<Actor>(json, "Actor");
    restore<Organization>(json, "Organization");
    restore<EventDate>(json, "EventDate");
    restore<Event>(json, "Event");
    restore<TicketSpecification>(json, "TicketSpecification");
    restore<Pool>(json, "Pool");
    restore<AuditEntry>(json, "AuditEntry");
    restore<Buyer>(json, "Buyer");
    restore<OrderLine>(json, "OrderLine");
    restore<PriceBreakdown>(json, "PriceBreakdown");
    restore<BuyOrder>(json, "BuyOrder");
    restore<EventTicketDate>(json, "EventTicketDate");
    restore<EventTicket>(json, "EventTicket");
    restore<TicketHolder>(json, "TicketHolder");
    restore<HolderPage>(json, "HolderPage");
    restore<Page<Event>>(json, "EventPage");
    restore<Page<BuyOrder>>(json, "OrderPage");
    restore<Page<EventTicket>>(json, "TicketPage");
    restore<Page<PromoCode>>(json, "PromoCodePage");
    restore<PromoCode>(json, "PromoCode");
    restore<OutboxEvent>(json, "OutboxEvent");
    restore<CounterMismatch>(json, "CounterMismatch");
    restore<CapacityExcess>(json, "CapacityExcess");
    restore<IntegrityReport>(json, "IntegrityReport");
    return 0;
}
