// Seat maps (store.seatmaps) and the seats and volumes the inventory ledger takes with a
// specification's capacity, on each engine. The race for one seat is shown both ways: with
// ticketcore::testing::set_seat_guard_disabled a claim checks the seat on a snapshot, waits a race
// window and takes it unconditionally (what a naive implementation does) and several claimers get
// the seat; with the guard on (the conditional UPDATE of the seat, under SQLite's write lock or
// PostgreSQL's row lock) exactly one does, and everybody else gets CapacityError `seat_taken`.

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// A draft event with two specifications (member with a quota of 10, guest unlimited) and a seat
/// map "Main hall" with seats A-1..A-4 (A-4 for guests only) and a volume "Standing" of 5.
struct HallFixture {
    Catalog catalog;
    SeatMaps seatmaps{catalog.store};
    Event event = catalog.event_with_date();
    TicketSpecification member = catalog.add_spec(event.id, "Member ticket", 25000, 10);
    TicketSpecification guest = catalog.add_spec(event.id, "Guest ticket", 35000);
    SeatMap hall = seatmaps.create(event.id, "Main hall");
    std::vector<Seat> seats = seatmaps.add_seats(hall.id, {{"Stalls", "A", "1", "A-1", {}},
                                                           {"Stalls", "A", "2", "A-2", {}},
                                                           {"Stalls", "A", "3", "A-3", {}},
                                                           {"Stalls", "A", "4", "A-4", {guest.id}}});
    Volume standing = seatmaps.add_volume(hall.id, "Standing", 5);

    HallFixture() = default;
    explicit HallFixture(const std::string& path) : catalog(path) {}

    [[nodiscard]] Seat seat(std::size_t index) const { return seatmaps.seat(hall.id, seats.at(index).id); }
    [[nodiscard]] Volume volume() const { return seatmaps.volume(hall.id, standing.id); }
    [[nodiscard]] TicketSpecification spec(const TicketSpecification& which) const {
        return catalog.specifications.get(which.id);
    }
};

TEST(SeatMaps, CreateAddsAnEmptySeatMapOfTheEvent) {
    const HallFixture fixture;
    EXPECT_TRUE(is_uuid(fixture.hall.id));
    EXPECT_EQ(fixture.hall.event_id, fixture.event.id);
    EXPECT_EQ(fixture.hall.name, "Main hall");
    EXPECT_EQ(fixture.hall.created, clock_start);
    EXPECT_EQ(fixture.seatmaps.get(fixture.hall.id), fixture.hall);
    const SeatMap balcony = fixture.seatmaps.create(fixture.event.id, "Balcony");
    EXPECT_EQ(fixture.seatmaps.list(fixture.event.id), (std::vector<SeatMap>{fixture.hall, balcony}));
    EXPECT_EQ(fixture.catalog.audit_log().back().operation, "seatmap.create");
}

TEST(SeatMaps, SeatsAndVolumesReadBackWithTheirStatus) {
    const HallFixture fixture;
    ASSERT_EQ(fixture.seats.size(), 4u);
    const Seat& first = fixture.seats.front();
    EXPECT_TRUE(is_uuid(first.id));
    EXPECT_EQ(first.seatmap_id, fixture.hall.id);
    EXPECT_EQ(first.section, "Stalls");
    EXPECT_EQ(first.row, "A");
    EXPECT_EQ(first.number, "1");
    EXPECT_EQ(first.label, "A-1");
    EXPECT_EQ(first.ticket_type_ids, std::vector<std::string>{});
    EXPECT_EQ(first.status, SeatStatus::Free);
    EXPECT_EQ(fixture.seat(3).ticket_type_ids, std::vector<std::string>{fixture.guest.id});
    EXPECT_EQ(fixture.seat(0), first);

    const Page<Seat> page = fixture.seatmaps.seats(fixture.hall.id, {3, std::nullopt});
    EXPECT_EQ(page.nodes, (std::vector<Seat>{fixture.seats[0], fixture.seats[1], fixture.seats[2]}));
    EXPECT_TRUE(page.has_next_page);
    EXPECT_EQ(page.end_cursor, fixture.seats[2].id);
    const Page<Seat> rest = fixture.seatmaps.seats(fixture.hall.id, {3, page.end_cursor});
    EXPECT_EQ(rest.nodes, std::vector<Seat>{fixture.seats[3]});
    EXPECT_FALSE(rest.has_next_page);

    const Volume& standing = fixture.standing;
    EXPECT_EQ(standing.name, "Standing");
    EXPECT_EQ(standing.capacity, 5);
    EXPECT_EQ(standing.available, 5);
    EXPECT_EQ(standing.sold + standing.reserved, 0);
    EXPECT_EQ(fixture.seatmaps.volumes(fixture.hall.id), std::vector<Volume>{standing});
}

TEST(SeatMaps, RefusesBadSeatsAndChangesNothing) {
    const HallFixture fixture;
    const SeatMaps& seatmaps = fixture.seatmaps;
    const std::string& hall = fixture.hall.id;
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] {
            (void)seatmaps.add_seats(hall, {{"Stalls", "B", "1", "B-1", {}}, {"Stalls", "A", "2", "A-2", {}}});
        },
        "seat_exists", "Seat Stalls / A / 2 already exists in this seat map"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)seatmaps.add_seats(hall, {{"Stalls", "B", "1", "B-1", {}}, {"Stalls", "B", "1", "x", {}}});
        },
        "duplicate_seat", "Seat Stalls / B / 1 is listed twice"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)seatmaps.add_seats(hall, {}); }, "seats_required",
                                              "At least one seat is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)seatmaps.add_seats(hall, {{"Stalls", " ", "1", "x", {}}});
        },
        "seat_field_required", "row is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)seatmaps.add_seats(hall, std::vector<NewSeat>(10'001, NewSeat{"S", "R", "1", "L", {}}));
        },
        "batch_too_large", "At most 10000 seats per call"));
    const Event other = fixture.catalog.draft_event("Other");
    const TicketSpecification elsewhere = fixture.catalog.add_spec(other.id, "Elsewhere");
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)seatmaps.add_seats(hall, {{"Stalls", "B", "1", "B-1", {elsewhere.id}}});
        },
        "seatmap_other_event",
        "Ticket specification with id: " + elsewhere.id + " belongs to another event than the seat map"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)seatmaps.seat(hall, "missing"); }, "seat_not_found",
                                            "Seat with id: missing not found in this seat map."));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)seatmaps.get("nope"); }, "seatmap_not_found",
                                            "Seat map with id: nope not found."));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)seatmaps.add_volume(hall, "Pit", -1); }, "negative_number",
                                              "Volume capacity cannot be negative"));
    EXPECT_EQ(seatmaps.seats(hall, {50, std::nullopt}).nodes.size(), 4u);
    EXPECT_EQ(seatmaps.volumes(hall).size(), 1u);
    // Another organization's seat map is refused as such.
    const Store other_store = fixture.catalog.other_organization_store();
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)SeatMaps(other_store).get(hall); }, "other_organization",
        "Actor 'other-admin' may not access organization '" + fixture.catalog.organization.id + "'"));
}

TEST(Seating, ASeatClaimHoldsTheSeatAndTheSpecificationUntilSettledOrReleased) {
    const HallFixture fixture;
    const std::string claim = ticketcore::testing::claim_seat(fixture.catalog.store, fixture.hall.id,
                                                              fixture.seats[0].id, fixture.member.id, false);
    EXPECT_EQ(fixture.seat(0).status, SeatStatus::Held);
    EXPECT_EQ(fixture.spec(fixture.member).number_of_tickets_reserved, 1);
    EXPECT_EQ(ticketcore::testing::claim_target(fixture.catalog.store, claim),
              (std::pair<std::optional<std::string>, std::optional<std::string>>{fixture.seats[0].id, std::nullopt}));
    ticketcore::testing::settle_claim(fixture.catalog.store, claim);
    EXPECT_EQ(fixture.seat(0).status, SeatStatus::Sold);
    EXPECT_EQ(fixture.spec(fixture.member).number_of_tickets_sold, 1);
    EXPECT_TRUE(fixture.catalog.platform.check_integrity().ok());
    ticketcore::testing::release_claim(fixture.catalog.store, claim);
    EXPECT_EQ(fixture.seat(0).status, SeatStatus::Free);
    EXPECT_EQ(fixture.spec(fixture.member).number_of_tickets_sold, 0);
    // Free again: another claim takes it.
    (void)ticketcore::testing::claim_seat(fixture.catalog.store, fixture.hall.id, fixture.seats[0].id, fixture.guest.id,
                                          true);
    EXPECT_EQ(fixture.seat(0).status, SeatStatus::Sold);
}

TEST(Seating, ATakenSeatIsRefusedAndTheRefusalTakesNothing) {
    const HallFixture fixture;
    const Store& store = fixture.catalog.store;
    (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[1].id, fixture.member.id, false);
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] {
            (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[1].id, fixture.guest.id, false);
        },
        "seat_taken", "Seat A-2 is already taken"));
    EXPECT_EQ(fixture.spec(fixture.guest).number_of_tickets_reserved, 0) << "the spec's claim rolled back too";
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[3].id, fixture.member.id,
                                                  false);
        },
        "seat_not_for_ticket_type", "Seat A-4 is not for ticket specification with id: " + fixture.member.id));
    EXPECT_TRUE(expect_error<NotFoundError>(
        [&] { (void)ticketcore::testing::claim_seat(store, fixture.hall.id, "no-seat", fixture.member.id, false); },
        "seat_not_found", "Seat with id: no-seat not found in this seat map."));
    // The quota counts seats too: a spec with nothing left refuses the seat, which stays free.
    const TicketSpecification single = fixture.catalog.add_spec(fixture.event.id, "Single", 25000, 1);
    (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[2].id, single.id, false);
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] { (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[0].id, single.id, false); },
        "sold_out", spec_sold_out(single.id)));
    EXPECT_EQ(fixture.seat(0).status, SeatStatus::Free);
}

TEST(Seating, AVolumeNeverHoldsMoreThanItsCapacity) {
    const HallFixture fixture;
    const Store& store = fixture.catalog.store;
    const std::string three =
        ticketcore::testing::claim_volume(store, fixture.hall.id, fixture.standing.id, fixture.member.id, 3, false);
    EXPECT_EQ(fixture.volume().reserved, 3);
    EXPECT_EQ(fixture.volume().available, 2);
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] {
            (void)ticketcore::testing::claim_volume(store, fixture.hall.id, fixture.standing.id, fixture.guest.id, 3,
                                                    false);
        },
        "volume_sold_out", "Not enough tickets available in volume Standing"));
    EXPECT_EQ(fixture.spec(fixture.guest).number_of_tickets_reserved, 0);
    ticketcore::testing::settle_claim(store, three);
    EXPECT_EQ(fixture.volume().sold, 3);
    EXPECT_EQ(fixture.volume().reserved, 0);
    // One of the three refunded: the volume gets that place back, the claim keeps two.
    ASSERT_TRUE(ticketcore::testing::release_claim_units(store, three, 1).has_value());
    EXPECT_EQ(fixture.volume().sold, 2);
    EXPECT_EQ(fixture.volume().available, 3);
    EXPECT_EQ(fixture.spec(fixture.member).number_of_tickets_sold, 2);
    EXPECT_TRUE(fixture.catalog.platform.check_integrity().ok());
}

TEST(Seating, CheckIntegrityRecountsSeatsAndVolumes) {
    const HallFixture fixture;
    (void)ticketcore::testing::claim_seat(fixture.catalog.store, fixture.hall.id, fixture.seats[0].id,
                                          fixture.member.id, true);
    (void)ticketcore::testing::claim_volume(fixture.catalog.store, fixture.hall.id, fixture.standing.id,
                                            fixture.member.id, 2, false);
    EXPECT_TRUE(fixture.catalog.platform.check_integrity().ok());
}

// ---- the race for one seat, with and without the guard --------------------------------------

/// Switches the seat guard off for its lifetime and always back on.
class SeatGuardOff {
public:
    explicit SeatGuardOff(std::int64_t race_window_micros) {
        ticketcore::testing::set_seat_guard_disabled(true, race_window_micros);
    }
    SeatGuardOff(const SeatGuardOff&) = delete;
    SeatGuardOff& operator=(const SeatGuardOff&) = delete;
    ~SeatGuardOff() { ticketcore::testing::set_seat_guard_disabled(false, 0); }
};

constexpr int seat_racers = 8;
constexpr std::int64_t seat_race_window_micros = 20'000;

/// What the racing claimers got, by refusal code.
struct SeatRaceOutcomes {
    std::atomic<int> claimed{0};
    std::mutex mutex;
    std::map<std::string, int> refused;
    std::vector<std::string> unexpected;
};

/// `seat_racers` threads on stores of their own (like box offices on other hosts) start together
/// and each runs `claim` once.
void race_for(const std::string& path, const Actor& admin, SeatRaceOutcomes& outcomes,
              const std::function<void(const Store&, int)>& claim) {
    std::barrier start(seat_racers);
    std::vector<std::thread> threads;
    for (int index = 0; index < seat_racers; ++index) {
        threads.emplace_back([&, index] {
            const Store store = Store::open(path).acting_as(admin);
            start.arrive_and_wait();
            try {
                claim(store, index);
                ++outcomes.claimed;
            } catch (const CapacityError& error) {
                const std::lock_guard lock(outcomes.mutex);
                ++outcomes.refused[error.code()];
            } catch (const std::exception& error) {
                const std::lock_guard lock(outcomes.mutex);
                outcomes.unexpected.push_back(error.what());
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
}

TEST(SeatRace, WithoutTheGuardTwoClaimersBothGetOneSeat) {
    const StoreLocation location = StoreLocation::shared();
    const HallFixture fixture(location.path());
    fixture.catalog.breaks_counters_on_purpose();  // the seat is sold twice, and check_integrity() says so
    SeatRaceOutcomes outcomes;
    {
        const SeatGuardOff guard_off(seat_race_window_micros);
        race_for(location.path(), fixture.catalog.admin, outcomes, [&](const Store& store, int) {
            (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[0].id, fixture.guest.id, true);
        });
    }
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    const int claimed = outcomes.claimed.load();
    EXPECT_GE(claimed, 2) << "the naive check-then-take sells one seat twice";
    EXPECT_EQ(fixture.spec(fixture.guest).number_of_tickets_sold, claimed);
    const IntegrityReport report = fixture.catalog.platform.check_integrity();
    EXPECT_TRUE(report.mismatches.empty()) << "the counters agree with the ledger: the seat was simply sold twice";
    EXPECT_EQ(report.over_capacity, (std::vector<CapacityExcess>{{"seat", fixture.seats[0].id, 1, claimed}}));
}

TEST(SeatRace, WithTheGuardExactlyOneClaimerGetsTheSeat) {
    const StoreLocation location = StoreLocation::shared();
    const HallFixture fixture(location.path());
    {
        const SeatGuardOff guard_off(seat_race_window_micros);  // off and on again: this race is guarded
    }
    SeatRaceOutcomes outcomes;
    race_for(location.path(), fixture.catalog.admin, outcomes, [&](const Store& store, int) {
        (void)ticketcore::testing::claim_seat(store, fixture.hall.id, fixture.seats[0].id, fixture.guest.id, true);
    });
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.claimed.load(), 1);
    EXPECT_EQ(outcomes.refused, (std::map<std::string, int>{{"seat_taken", seat_racers - 1}}));
    EXPECT_EQ(fixture.seat(0).status, SeatStatus::Sold);
    EXPECT_EQ(fixture.spec(fixture.guest).number_of_tickets_sold, 1);
    EXPECT_TRUE(fixture.catalog.platform.check_integrity().ok());
}

TEST(SeatRace, WithoutTheGuardAVolumeIsOversold) {
    const StoreLocation location = StoreLocation::shared();
    const HallFixture fixture(location.path());
    fixture.catalog.breaks_counters_on_purpose();
    SeatRaceOutcomes outcomes;
    {
        const SeatGuardOff guard_off(seat_race_window_micros);
        race_for(location.path(), fixture.catalog.admin, outcomes, [&](const Store& store, int) {
            (void)ticketcore::testing::claim_volume(store, fixture.hall.id, fixture.standing.id, fixture.guest.id, 2,
                                                    false);
        });
    }
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    const int claimed = outcomes.claimed.load();
    EXPECT_GT(claimed * 2, 5) << "the naive check-then-take oversells the volume";
    EXPECT_EQ(fixture.volume().reserved, claimed * 2);
    EXPECT_EQ(fixture.volume().available, 0) << "never negative";
    const IntegrityReport report = fixture.catalog.platform.check_integrity();
    EXPECT_TRUE(report.mismatches.empty());
    EXPECT_EQ(report.over_capacity, (std::vector<CapacityExcess>{{"volume", fixture.standing.id, 5, claimed * 2}}));
}

TEST(SeatRace, WithTheGuardAVolumeHoldsExactlyItsCapacity) {
    const StoreLocation location = StoreLocation::shared();
    const HallFixture fixture(location.path());
    SeatRaceOutcomes outcomes;
    race_for(location.path(), fixture.catalog.admin, outcomes, [&](const Store& store, int) {
        (void)ticketcore::testing::claim_volume(store, fixture.hall.id, fixture.standing.id, fixture.guest.id, 1,
                                                false);
    });
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.claimed.load(), 5);
    EXPECT_EQ(outcomes.refused, (std::map<std::string, int>{{"volume_sold_out", seat_racers - 5}}));
    EXPECT_EQ(fixture.volume().reserved, 5);
    EXPECT_EQ(fixture.volume().available, 0);
    EXPECT_TRUE(fixture.catalog.platform.check_integrity().ok());
}

}  // namespace
