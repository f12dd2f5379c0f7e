#pragma once
/// @file testing.hpp
/// @brief Test-only hooks. Not part of the supported API: they exist so tests can build states
/// (an older schema, a claim on the ledger, a corrupted counter) that the public API cannot.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/ticketcore.hpp"

#ifndef TICKETCORE_TEST_HOOKS
#error "ticketcore/testing/testing.hpp needs a build with the CMake option TICKETCORE_TEST_HOOKS"
#endif

namespace ticketcore::testing {

/// @brief Creates a store file migrated only up to `version` (to test upgrades).
void create_store_at_version(const std::string& path, int version);
/// @brief Sets `PRAGMA user_version` (to test that a newer schema is refused).
void force_schema_version(const std::string& path, int version);
/// @brief Takes `quantity` of a spec's capacity on the ledger as reserved or sold, through the
/// same guarded path orders will use; returns the claim id.
std::string claim(const Store& store, const std::string& specification_id, std::int64_t quantity, bool sold);
/// @brief Holds (or, `sold`, sells) seat `seat_id` of a seat map as ticket specification
/// `specification_id` through the path box-office sales use (services/seating.hpp claim_seat);
/// returns the claim id. With the seat guard off (set_seat_guard_disabled), first the check a
/// naive implementation makes on a snapshot, and its race window.
std::string claim_seat(const Store& store, const std::string& seatmap_id, const std::string& seat_id,
                       const std::string& specification_id, bool sold);
/// @brief The same for `quantity` places of volume `volume_id` (seating::claim_volume).
std::string claim_volume(const Store& store, const std::string& seatmap_id, const std::string& volume_id,
                         const std::string& specification_id, std::int64_t quantity, bool sold);
/// @brief Settles a reserved claim (InventoryRepository::settle_claim), as a paid sale will.
void settle_claim(const Store& store, const std::string& claim_id);
/// @brief Releases a claim (InventoryRepository::release_claim), as a withdrawn sale will.
void release_claim(const Store& store, const std::string& claim_id);
/// @brief Gives `quantity` units of a claim back (InventoryRepository::release_claim_units), as
/// a refunded ticket will; returns the id of the released row, if any.
std::optional<std::string> release_claim_units(const Store& store, const std::string& claim_id, std::int64_t quantity);
/// @brief The seat and the volume a claim holds, from its ledger row (empty when none).
std::pair<std::optional<std::string>, std::optional<std::string>> claim_target(const Store& store,
                                                                               const std::string& claim_id);
/// @brief Switches the seat guard off (true) or on. Off, a seat or volume claim is checked on a
/// snapshot before the write transaction and then takes the seat or volume places unconditionally
/// after `race_window_micros` (the specification's quota and pools still guarded): what a naive
/// implementation does; tests use it to show the double sale of a seat the guard prevents.
void set_seat_guard_disabled(bool disabled, std::int64_t race_window_micros = 0) noexcept;
/// @brief Adds `delta` to a spec's stored sold counter without touching the ledger.
void corrupt_sold_counter(const Store& store, const std::string& specification_id, std::int64_t delta);
/// @brief Adds `delta` to a spec's stored sold revenue counter (reports) without touching the ledger.
void corrupt_revenue_counter(const Store& store, const std::string& specification_id, std::int64_t delta);
/// @brief Moves a specification's stored holder counter by `delta`, so that its event's holder
/// count differs from its holder rows (a corruption `check_integrity` must report).
void corrupt_holder_counter(const Store& store, const std::string& specification_id, std::int64_t delta);

/// @brief Sets a ticket's state and refund flags in place, bypassing every rule (to reach the
/// door's refusals of cancelled and refunded tickets before those operations exist).
void set_ticket_state(const Store& store, const std::string& ticket_id, TicketState state, bool is_refunded,
                      bool is_refund_in_progress);
/// @brief Switches the revocation guard of tickets.cancel / transfer off (true) or on. Off, the
/// ticket is read before the write transaction, and after `race_window_micros` revoked
/// unconditionally, whatever another caller did meanwhile: what a naive implementation does; tests
/// use it to show the double revocation (capacity given back twice) the guard prevents.
void set_revocation_guard_disabled(bool disabled, std::int64_t race_window_micros = 0) noexcept;

/// @brief Rotates a ticket's secret (its generation goes up by one), as a transfer or cancel will:
/// its QR payloads so far are then of a revoked generation.
void rotate_ticket_secret(const Store& store, const std::string& ticket_id);

/// @brief A QR payload for `ticket_id` (any UUID, a ticket or not) and `generation`, signed with
/// the actor's organization's active key: a genuine payload naming no ticket, or a generation the
/// ticket never had.
std::string sign_ticket_payload(const Store& store, const std::string& ticket_id, std::uint32_t generation);

/// @brief Takes a ticket's date away (its ticket_date row), as if it had been issued for the
/// other dates only: every ticket admits to every date of its event today, so the door's
/// `not_for_this_date` cannot be reached otherwise.
void detach_ticket_date(const Store& store, const std::string& ticket_id, const std::string& event_date_id);

/// @brief Switches the capacity guard off (true) or on. Off, capacity is checked on a snapshot
/// before the write transaction and then taken unconditionally after `race_window_micros`, which is
/// what a naive implementation does; tests use it to show the oversell the guard prevents.
void set_capacity_guard_disabled(bool disabled, std::int64_t race_window_micros = 0) noexcept;
/// @brief Switches the refund guard off (true) or on. Off, refunds.start checks the tickets on a
/// snapshot before its write transaction, waits `race_window_micros`, then records the refund
/// without checking or locking the tickets again: two callers can both start a refund of one
/// ticket, the double refund the guard prevents.
void set_refund_guard_disabled(bool disabled, std::int64_t race_window_micros = 0) noexcept;

/// @brief Switches redeem's guard off (true) or on. Off, `door.redeem` decides on a snapshot read
/// before its write transaction, waits `race_window_micros`, and records an admitted entry
/// unconditionally: what a read-then-write does; tests use it to show the double admission the
/// guard (a conditional UPDATE) prevents.
void set_redeem_guard_disabled(bool disabled, std::int64_t race_window_micros = 0) noexcept;

/// @brief Takes `quantity` of a product's stock as reserved or sold, for the source "testing",
/// through the path the box office's sales use (product_stock::claim, after its snapshot check
/// when the stock guard is off); returns the claim id.
std::string claim_product(const Store& store, const std::string& product_id, std::int64_t quantity, bool sold);
/// @brief Moves a reserved product claim to sold (product_stock::settle).
void settle_product_claim(const Store& store, const std::string& claim_id);
/// @brief Gives a product claim's stock back (product_stock::release).
void release_product_claim(const Store& store, const std::string& claim_id);
/// @brief Adds `delta` to a product's stored sold counter without touching its ledger.
void corrupt_product_sold_counter(const Store& store, const std::string& product_id, std::int64_t delta);
/// @brief Switches the stock guard of products off (true) or on. Off, claim_product checks the
/// stock on a snapshot before its write transaction, waits `race_window_micros`, and then takes
/// the stock unconditionally: what a naive implementation does; tests use it to show the oversell
/// the guard (a conditional UPDATE) prevents.
void set_product_guard_disabled(bool disabled, std::int64_t race_window_micros = 0) noexcept;

/// @brief Runs `action` (in this thread) and returns, for every SELECT it ran, its SQL and the
/// engine's plan for the same bound values: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's
/// EXPLAIN lines. Tests check from these that paged reads never scan an event's tickets or orders.
std::vector<std::pair<std::string, std::vector<std::string>>> query_plans(const std::function<void()>& action);

/// @brief The text of every SQL statement the core has run in this process so far, each once,
/// sorted (those of the hooks above left out). Tests check from these that every statement is
/// scoped by its tenant's organization_id.
std::vector<std::string> statements_run();

}  // namespace ticketcore::testing
