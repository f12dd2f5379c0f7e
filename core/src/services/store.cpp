#include "ticketcore/services/store.hpp"

#include "services/access.hpp"
#include "store/sql/audit_repository.hpp"
#include "store/sql/catalog_repository.hpp"
#include "store/sqlite/database.hpp"
#include "store/sql/inventory_repository.hpp"
#include "ticketcore/values/error.hpp"

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

std::int64_t Store::order_hold_micros() const noexcept { return database_->options().order_hold_micros; }

int Store::latest_schema_version() noexcept { return latest_version(); }

int Store::schema_version() const {
    int version = 0;
    database_->read([&](Connection& db) { version = db.execAndGet("PRAGMA user_version").getInt(); });
    return version;
}

void Store::write(const std::function<void(UnitOfWork&)>& work) const {
    database_->write([&](Connection& db) {
        UnitOfWork unit(db, actor_, clock_->now());
        work(unit);
    });
}

void Store::read(const std::function<void(ReadContext&)>& work) const {
    database_->read([&](Connection& db) {
        ReadContext context(db, actor_, clock_->now());
        work(context);
    });
}

namespace {

/// Platform actors see every organization; everybody else needs `scope` and sees their own.
std::optional<std::string> readable_organization(const Actor& actor, std::string_view scope) {
    if (actor.has_scope(scope::platform_admin)) return std::nullopt;
    actor.require_scope(scope);
    return access::organization_of(actor);
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
    read([&](ReadContext& context) { entries = repository::query_audit(context.db, query, organization); });
    return entries;
}

}  // namespace ticketcore
