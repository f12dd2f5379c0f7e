// The versioned schema. Each entry moves the file one version up; entries are never edited
// once released, only appended.
#include <array>
#include <string>
#include <string_view>

#include "database.hpp"
#include "ticketcore/error.hpp"

namespace ticketcore {

namespace {

constexpr std::array<std::string_view, 2> migrations = {
    // 1: organizations, events, dates, ticket specifications, the audit log.
    R"sql(
CREATE TABLE organization (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    rounding TEXT NOT NULL,
    billing_profile_enabled INTEGER NOT NULL DEFAULT 0,
    created_us INTEGER NOT NULL
);
CREATE TABLE event (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    currency TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'completed')),
    platform_fee INTEGER NOT NULL CHECK (platform_fee >= 0),
    percentage_fee INTEGER NOT NULL CHECK (percentage_fee >= 0),
    vat_rate INTEGER NOT NULL CHECK (vat_rate >= 0),
    created_us INTEGER NOT NULL
);
CREATE INDEX event_by_organization ON event (organization_id);
CREATE TABLE event_date (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    start_us INTEGER NOT NULL,
    end_us INTEGER NOT NULL,
    CHECK (start_us < end_us)
);
CREATE INDEX event_date_by_event ON event_date (event_id, start_us);
CREATE TABLE specification (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    ticket_platform_fee INTEGER NOT NULL CHECK (ticket_platform_fee >= 0),
    ticket_percentage_fee INTEGER NOT NULL CHECK (ticket_percentage_fee >= 0),
    number_of_tickets_for_sale INTEGER CHECK (number_of_tickets_for_sale >= 0),
    maximum_number_of_tickets_per_user INTEGER CHECK (maximum_number_of_tickets_per_user >= 0),
    is_active INTEGER NOT NULL DEFAULT 0,
    sale_start_us INTEGER,
    sale_end_us INTEGER,
    perks TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private', 'invite-only')),
    transferable INTEGER NOT NULL,
    allow_reentry INTEGER NOT NULL,
    reentry_limit INTEGER,
    accepted_scan_points TEXT NOT NULL DEFAULT '[]',
    refund_policy TEXT NOT NULL,
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_us INTEGER NOT NULL
);
CREATE INDEX specification_by_event ON specification (event_id);
CREATE TABLE specification_date (
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    event_date_id TEXT NOT NULL REFERENCES event_date(id),
    PRIMARY KEY (specification_id, event_date_id)
) WITHOUT ROWID;
CREATE TABLE audit_log (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    at_us INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    organization_id TEXT,
    operation TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_log (entity_id);
CREATE INDEX audit_by_organization ON audit_log (organization_id, sequence);
)sql",
    // 2: localized names, shared capacity pools, and the inventory ledger they are counted from.
    R"sql(
CREATE TABLE specification_name (
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (specification_id, locale)
) WITHOUT ROWID;
CREATE TABLE pool (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_us INTEGER NOT NULL
);
CREATE INDEX pool_by_event ON pool (event_id);
CREATE TABLE pool_member (
    pool_id TEXT NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, specification_id)
) WITHOUT ROWID;
CREATE INDEX pool_member_by_specification ON pool_member (specification_id);
CREATE TABLE inventory_claim (
    id TEXT PRIMARY KEY,
    specification_id TEXT NOT NULL REFERENCES specification(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    state TEXT NOT NULL CHECK (state IN ('reserved', 'sold', 'released')),
    source TEXT NOT NULL,
    created_us INTEGER NOT NULL
);
CREATE INDEX claim_by_specification ON inventory_claim (specification_id, state);
)sql",
};

}  // namespace

int latest_version() noexcept { return static_cast<int>(migrations.size()); }

void migrate(SQLite::Database& db, int target) {
    if (target < 0 || target > latest_version()) {
        throw ValidationError("invalid_schema_version", "No schema version " + std::to_string(target));
    }
    for (int version = db.execAndGet("PRAGMA user_version").getInt(); version < target; ++version) {
        db.exec(std::string(migrations[static_cast<std::size_t>(version)]));
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    }
}

}  // namespace ticketcore
