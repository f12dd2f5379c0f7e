#include "ticketcore/store.hpp"

#include "catalog_repository.hpp"
#include "database.hpp"
#include "inventory_repository.hpp"
#include "ticketcore/error.hpp"

namespace ticketcore {

Store::Store(std::shared_ptr<Database> database, Actor actor, std::shared_ptr<const Clock> clock)
    : database_(std::move(database)), actor_(std::move(actor)), clock_(std::move(clock)) {}

Store Store::open(const std::string& path, StoreOptions options) {
    if (!options.clock) options.clock = system_clock();
    auto clock = options.clock;
    return Store(Database::open(path, options), Actor::anonymous(), std::move(clock));
}

Store Store::acting_as(Actor actor) const { return Store(database_, std::move(actor), clock_); }

Instant Store::now() const { return clock_->now(); }

const std::string& Store::path() const noexcept { return database_->path(); }

int Store::latest_schema_version() noexcept { return latest_version(); }

int Store::schema_version() const {
    int version = 0;
    database_->read([&](SQLite::Database& db) { version = db.execAndGet("PRAGMA user_version").getInt(); });
    return version;
}

void Store::write(const std::function<void(UnitOfWork&)>& work) const {
    database_->write([&](SQLite::Database& db) {
        UnitOfWork unit(db, actor_, clock_->now());
        work(unit);
    });
}

void Store::read(const std::function<void(ReadContext&)>& work) const {
    database_->read([&](SQLite::Database& db) {
        ReadContext context(db, actor_, clock_->now());
        work(context);
    });
}

namespace {

/// Platform actors see every organization; everybody else needs `scope` and sees their own.
std::optional<std::string> readable_organization(const Actor& actor, std::string_view scope) {
    if (actor.has_scope(scope::platform_admin)) return std::nullopt;
    actor.require_scope(scope);
    if (!actor.organization_id) {
        throw PermissionDeniedError("organization_required", "Actor '" + actor.id + "' does not belong to an organization");
    }
    return actor.organization_id;
}

}  // namespace

IntegrityReport Store::check_integrity() const {
    const auto organization = readable_organization(actor_, scope::events_read);
    IntegrityReport report;
    read([&](ReadContext& context) { report = repository::check_counters(context.db, organization); });
    return report;
}

std::vector<AuditEntry> Store::audit(const AuditQuery& query) const {
    const auto organization = readable_organization(actor_, scope::events_read);
    if (query.limit < 1 || query.limit > 1000) throw ValidationError("invalid_limit", "limit must be between 1 and 1000");
    std::vector<AuditEntry> entries;
    read([&](ReadContext& context) {
        SQLite::Statement select(context.db,
                                 "SELECT sequence, at_us, actor_id, organization_id, operation, entity_type, entity_id, "
                                 "payload FROM audit_log WHERE (?1 IS NULL OR organization_id = ?1) "
                                 "AND (?2 IS NULL OR entity_id = ?2) AND (?3 IS NULL OR operation = ?3) "
                                 "AND sequence > ?4 ORDER BY sequence LIMIT ?5");
        if (organization) select.bind(1, *organization);
        if (query.entity_id) select.bind(2, *query.entity_id);
        if (query.operation) select.bind(3, *query.operation);
        select.bind(4, query.after_sequence.value_or(0));
        select.bind(5, query.limit);
        while (select.executeStep()) {
            AuditEntry entry;
            entry.sequence = select.getColumn(0).getInt64();
            entry.at = Instant{select.getColumn(1).getInt64()};
            entry.actor_id = select.getColumn(2).getString();
            if (!select.getColumn(3).isNull()) entry.organization_id = select.getColumn(3).getString();
            entry.operation = select.getColumn(4).getString();
            entry.entity_type = select.getColumn(5).getString();
            entry.entity_id = select.getColumn(6).getString();
            entry.payload = select.getColumn(7).getString();
            entries.push_back(std::move(entry));
        }
    });
    return entries;
}

}  // namespace ticketcore
