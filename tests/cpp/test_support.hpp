#pragma once
/// @file test_support.hpp
/// @brief Shared helpers of the GoogleTest suite: exact error checks and a small catalog fixture
/// on a store of the engine under test (store_location.hpp) with a manual clock.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "store_location.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore_test {

using namespace ticketcore;

/// @brief Every item of a paged list, page after page of the largest size: `list(request)` returns
/// one Page.
template <typename List>
auto all_pages(const List& list) -> decltype(list(PageRequest{}).nodes) {
    PageRequest request{max_page_size, std::nullopt};
    decltype(list(request).nodes) items;
    for (;;) {
        auto page = list(request);
        items.insert(items.end(), page.nodes.begin(), page.nodes.end());
        if (!page.has_next_page) return items;
        request.after = page.end_cursor;
    }
}

/// @brief 2027-06-12T17:00:00Z: a summer evening in Copenhagen (19:00 local).
inline constexpr Instant june_12_2027_17_utc{1'812'819'600'000'000};
/// @brief 2027-06-12T20:00:00Z, three hours after june_12_2027_17_utc.
inline constexpr Instant june_12_2027_20_utc{1'812'830'400'000'000};
/// @brief 2027-01-15T12:00:00Z: a winter noon (13:00 in Copenhagen).
inline constexpr Instant january_15_2027_12_utc{1'800'014'400'000'000};
/// @brief The instant the fixture's clock shows: 2027-01-01T09:00:00Z.
inline constexpr Instant clock_start{1'798'794'000'000'000};
/// @brief The instant `micros` microseconds after the epoch.
inline constexpr Instant at(std::int64_t micros) {
    return Instant{micros};
}
inline constexpr std::int64_t one_hour_us = 3'600'000'000;
inline constexpr std::int64_t one_minute_us = 60'000'000;
inline constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();

inline const Currency dkk = Currency::of("DKK");
inline const Currency eur = Currency::of("EUR");

/// @brief `minor` øre (hundredths of a Danish krone).
inline Money dkk_minor(std::int64_t minor) {
    return Money(minor, dkk);
}

/// @brief The message of a specification's capacity refusal (fail::sold_out).
inline std::string spec_sold_out(const std::string& spec_id) {
    return "Not enough tickets available for ticket specification with id: " + spec_id;
}
/// @brief The message of a pool's capacity refusal (fail::pool_sold_out).
inline std::string pool_sold_out(const std::string& pool_id) {
    return "Not enough tickets available in capacity pool with id: " + pool_id;
}

/// @brief Passes when `action` throws exactly `E` (not a subclass, not a sibling) carrying `code`
/// and `message`. Use as `EXPECT_TRUE(expect_error<ConflictError>([&] { ... }, "code", "message"))`.
template <typename E, typename Action>
::testing::AssertionResult expect_error(Action&& action, std::string_view code, std::string_view message) {
    try {
        std::forward<Action>(action)();
    } catch (const TicketcoreError& error) {
        if (typeid(error) != typeid(E)) {
            return ::testing::AssertionFailure()
                   << "threw " << typeid(error).name() << " instead of " << typeid(E).name() << " (code '"
                   << error.code() << "', message '" << error.what() << "')";
        }
        if (error.code() != code || std::string_view(error.what()) != message) {
            return ::testing::AssertionFailure()
                   << "threw the right type but with code '" << error.code() << "' and message '" << error.what()
                   << "'; expected code '" << code << "' and message '" << message << "'";
        }
        return ::testing::AssertionSuccess();
    } catch (const std::exception& error) {
        return ::testing::AssertionFailure() << "threw non-ticketcore " << typeid(error).name() << ": " << error.what();
    } catch (...) {
        return ::testing::AssertionFailure() << "threw something that is not a std::exception";
    }
    return ::testing::AssertionFailure() << "did not throw; expected " << typeid(E).name() << " '" << code << "'";
}

/// @brief An organization admin's scopes: read and write the catalog.
inline Actor organization_admin(const std::string& id, const std::string& organization_id) {
    return Actor::make(id, organization_id, {std::string(scope::events_read), std::string(scope::events_write)});
}

/// @brief When the test ends (when it dies), fails the test unless the platform's
/// check_integrity() of the store is clean: every counter agrees with the ledger and nothing is
/// over capacity, as the Python suite checks after every test. Moving it hands the check over.
class IntegrityCheckAtEnd {
public:
    explicit IntegrityCheckAtEnd(Store platform) : platform_(std::move(platform)) {}
    IntegrityCheckAtEnd(IntegrityCheckAtEnd&& moved) noexcept
        : platform_(std::move(moved.platform_)), armed_(std::exchange(moved.armed_, false)) {}
    IntegrityCheckAtEnd(const IntegrityCheckAtEnd&) = delete;
    IntegrityCheckAtEnd& operator=(const IntegrityCheckAtEnd&) = delete;
    IntegrityCheckAtEnd& operator=(IntegrityCheckAtEnd&&) = delete;
    ~IntegrityCheckAtEnd() {
        if (!armed_) return;
        try {
            const IntegrityReport report = platform_.check_integrity();
            EXPECT_TRUE(report.ok()) << report.mismatches.size() << " counter(s) differ from the ledger and "
                                     << report.over_capacity.size() << " quota(s) or pool(s) are over capacity "
                                     << "at the end of the test";
        } catch (const std::exception& error) {
            ADD_FAILURE() << "check_integrity() at the end of the test threw: " << error.what();
        }
    }
    /// @brief For a test that breaks counters or oversells on purpose: no check at its end.
    void skip() const noexcept { armed_ = false; }

private:
    Store platform_;
    mutable bool armed_ = true;  // mutable: the fixtures are const in the tests
};

/// @brief A store with one organization ("Roskilde Jazzklub", DKK) and its admin; helpers build
/// events and specifications with little noise. `store` acts as the admin. By default the store is
/// a fresh one of the engine under test (StoreLocation::fresh), removed after the test; its
/// check_integrity() must be clean when the test ends (IntegrityCheckAtEnd).
struct Catalog {
    StoreLocation location;  // first: it outlives every Store below
    std::shared_ptr<ManualClock> clock;
    Store root;
    Store platform;
    Organization organization;
    Actor admin;
    Store store;
    Events events;
    Specifications specifications;
    Pools pools;
    IntegrityCheckAtEnd integrity_check_at_end;

    /// @brief On a fresh store of the engine under test.
    explicit Catalog(RoundingMode rounding = RoundingMode::HalfUp)
        : Catalog(StoreLocation::fresh(), std::make_shared<ManualClock>(clock_start), rounding) {}

    /// @brief On the store at `path`, which the test owns (a StoreLocation::shared() path, or a
    /// SQLite-only test's file).
    explicit Catalog(const std::string& path, RoundingMode rounding = RoundingMode::HalfUp)
        : Catalog(StoreLocation::at(path), std::make_shared<ManualClock>(clock_start), rounding) {}

    /// @brief A second organization in the same database, with its own admin store.
    [[nodiscard]] Store other_organization_store(const std::string& name = "Aarhus Koncerthus") const {
        const Organization other = Organizations(platform).create({name, "DKK", RoundingMode::HalfUp});
        return root.acting_as(organization_admin("other-admin", other.id));
    }

    /// @brief The admin's store for a different actor of the same organization with `scopes`.
    [[nodiscard]] Store member_with(std::set<std::string, std::less<>> scopes) const {
        return root.acting_as(Actor::make("member-1", organization.id, std::move(scopes)));
    }

    /// @brief A draft event in Copenhagen (DKK, 25 % VAT) with optional default fees.
    Event draft_event(const std::string& name = "Sommerjazz", std::int64_t platform_fee = 0,
                      std::int64_t percentage_fee = 0) const {
        NewEvent input;
        input.name = name;
        input.time_zone = "Europe/Copenhagen";
        input.location = "Roskilde";
        input.platform_fee = Amount{platform_fee, std::nullopt};
        input.percentage_fee = percentage_fee;
        return events.create(input);
    }

    /// @brief A draft event with one date (june_12_2027_17_utc to june_12_2027_20_utc).
    Event event_with_date(const std::string& name = "Sommerjazz") const {
        const Event event = draft_event(name);
        (void)events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
        return events.get(event.id);
    }

    /// @brief A published event (one date).
    Event published_event() const { return events.publish(event_with_date().id); }

    /// @brief A completed event (one date).
    Event completed_event() const { return events.complete(published_event().id); }

    /// @brief Adds a specification with a price in øre and an optional quota and per-user cap.
    TicketSpecification add_spec(const std::string& event_id, const std::string& name = "Member ticket",
                                 std::int64_t price = 25000, std::optional<std::int64_t> quota = std::nullopt,
                                 std::optional<std::int64_t> per_user = std::nullopt) const {
        NewSpecification input;
        input.event_id = event_id;
        input.name = name;
        input.price = Amount{price, std::nullopt};
        input.number_of_tickets_for_sale = quota;
        input.maximum_number_of_tickets_per_user = per_user;
        return specifications.add(input);
    }

    /// @brief Marks a test that breaks counters or oversells on purpose: no integrity check at its end.
    void breaks_counters_on_purpose() const noexcept { integrity_check_at_end.skip(); }

    /// @brief Every audit row the platform can see (the whole log, up to 1000 rows).
    [[nodiscard]] std::vector<AuditEntry> audit_log() const {
        AuditQuery query;
        query.limit = 1000;
        return platform.audit(query);
    }

private:
    Catalog(StoreLocation store_location, std::shared_ptr<ManualClock> manual_clock, RoundingMode rounding)
        : location(std::move(store_location)),
          clock(manual_clock),
          root(Store::open(location.path(), StoreOptions{.durability = Durability::full, .clock = manual_clock})),
          platform(root.acting_as(Actor::platform("platform-1"))),
          organization(Organizations(platform).create({"Roskilde Jazzklub", "DKK", rounding})),
          admin(organization_admin("admin-1", organization.id)),
          store(root.acting_as(admin)),
          events(store),
          specifications(store),
          pools(store),
          integrity_check_at_end(platform) {}
};

/// @brief A lookup over the public keys a scanner was given (organizations.signing_keys()).
inline rules::PublicKeyLookup scanner_lookup(const std::vector<SigningKeyInfo>& keys) {
    return [keys](const KeyId& key_id) -> std::optional<PublicKey> {
        for (const SigningKeyInfo& key : keys) {
            if (key.key_id != key_id.text()) continue;
            std::vector<std::uint8_t> bytes;
            for (std::size_t index = 0; index < key.public_key.size(); index += 2) {
                bytes.push_back(static_cast<std::uint8_t>(std::stoi(key.public_key.substr(index, 2), nullptr, 16)));
            }
            return PublicKey::from_bytes(bytes);
        }
        return std::nullopt;
    };
}

}  // namespace ticketcore_test
