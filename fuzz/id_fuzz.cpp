// Ids from outside: ticketcore::is_uuid, and every lookup by id a service offers, on a small
// ":memory:" store (one organization, event, specification and pool, built once).
//
// Properties: is_uuid agrees with an independent reading of RFC 9562's canonical form; a lookup
// by any bytes either finds the entity whose id it is or throws a TicketcoreError (NotFound,
// PermissionDenied or Validation), never anything else; a list by an unknown event id is empty
// or a TicketcoreError.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/uuid.hpp"

using namespace ticketcore;

namespace {

bool reference_is_uuid(std::string_view text) {
    static constexpr std::string_view hex = "0123456789abcdefABCDEF";
    if (text.size() != 36) return false;
    for (std::size_t index = 0; index < 36; ++index) {
        const bool dash_position = index == 8 || index == 13 || index == 18 || index == 23;
        if (dash_position != (text[index] == '-')) return false;
        if (!dash_position && hex.find(text[index]) == std::string_view::npos) return false;
    }
    return true;
}

struct Catalogue {
    Store store;
    std::string organization_id, event_id, specification_id, pool_id;
};

Catalogue make_catalogue() {
    const Store root = Store::open(":memory:");
    const Store platform = root.acting_as(Actor::platform("fuzz-platform"));
    const Organization organization = Organizations(platform).create({"Fuzz Club", "DKK", RoundingMode::HalfUp});
    const Store store = root.acting_as(
        Actor::make("fuzz-admin", organization.id,
                    {std::string(scope::events_read), std::string(scope::events_write), std::string(scope::orders),
                     std::string(scope::sales), std::string(scope::scan), std::string(scope::reports_read)}));
    NewEvent event_input;
    event_input.name = "Fuzz Night";
    event_input.time_zone = "Europe/Copenhagen";
    const Event event = Events(store).create(event_input);
    NewSpecification specification_input;
    specification_input.event_id = event.id;
    specification_input.name = "Standing";
    const TicketSpecification specification = Specifications(store).add(specification_input);
    const Pool pool = Pools(store).create(event.id, "Hall", 100, {specification.id});
    return {store, organization.id, event.id, specification.id, pool.id};
}

template <typename Lookup>
void expect_found_or_typed_error(const char* what, std::string_view id, std::string_view known, Lookup lookup) {
    try {
        lookup();
    } catch (const TicketcoreError&) {
        return;
    }
    FUZZ_CHECK(id == known, "%s found an entity for id '%s'", what, fuzz::escaped(id).c_str());
}

template <typename List>
void expect_empty_or_typed_error(const char* what, std::string_view id, std::string_view known, List list) {
    try {
        const auto found = list();
        FUZZ_CHECK(found.empty() || id == known, "%s listed %zu entities for event id '%s'", what, found.size(),
                   fuzz::escaped(id).c_str());
    } catch (const TicketcoreError&) {}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Catalogue catalogue = make_catalogue();
    const std::string id(reinterpret_cast<const char*>(data), size);

    FUZZ_CHECK(is_uuid(id) == reference_is_uuid(id), "is_uuid('%s') is %d", fuzz::escaped(id).c_str(), is_uuid(id));

    const Store& store = catalogue.store;
    expect_found_or_typed_error("Organizations::get", id, catalogue.organization_id,
                                [&] { (void)Organizations(store.acting_as(Actor::platform("p"))).get(id); });
    expect_found_or_typed_error("Events::get", id, catalogue.event_id, [&] { (void)Events(store).get(id); });
    expect_found_or_typed_error("Specifications::get", id, catalogue.specification_id,
                                [&] { (void)Specifications(store).get(id); });
    expect_found_or_typed_error("Pools::get", id, catalogue.pool_id, [&] { (void)Pools(store).get(id); });
    expect_found_or_typed_error("Orders::get", id, "", [&] { (void)Orders(store).get(id); });
    expect_found_or_typed_error("Tickets::get", id, "", [&] { (void)Tickets(store).get(id); });
    expect_found_or_typed_error("PromoCodes::get", id, "", [&] { (void)PromoCodes(store).get(id); });
    expect_empty_or_typed_error("Specifications::list", id, catalogue.event_id,
                                [&] { return Specifications(store).list(id); });
    expect_empty_or_typed_error("Pools::list", id, catalogue.event_id, [&] { return Pools(store).list(id); });
    expect_empty_or_typed_error("Orders::list", id, catalogue.event_id, [&] { return Orders(store).list(id).nodes; });
    expect_empty_or_typed_error("PromoCodes::list", id, catalogue.event_id,
                                [&] { return PromoCodes(store).list(id).nodes; });
    return 0;
}
