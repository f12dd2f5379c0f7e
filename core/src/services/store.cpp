#include "ticketcore/services/store.hpp"

#include "services/access.hpp"
#include "services/open.hpp"
#include "services/unit_of_work.hpp"
#include "store/postgres/open.hpp"
#include "store/sqlite/open.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

Store::Store(std::shared_ptr<store::Engine> engine, Actor actor, StoreOptions options)
    : engine_(std::move(engine)),
      actor_(std::move(actor)),
      options_(std::make_shared<const StoreOptions>(std::move(options))) {}

namespace {

constexpr std::int64_t max_audit_limit = 1000;

bool is_postgres_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

void check_options(const std::string& location, const StoreOptions& options) {
    if (location.empty()) throw fail::path_required();
    constexpr std::int64_t max_hold_micros = 366LL * 24 * 3600 * 1'000'000;
    if (options.order_hold_micros <= 0 || options.order_hold_micros > max_hold_micros) {
        throw fail::invalid_order_hold();
    }
    if (options.sale_hold_micros <= 0 || options.sale_hold_micros > max_hold_micros) {
        throw fail::invalid_sale_hold();
    }
    // An option of the other engine would have no effect: say so rather than ignore it.
    if (is_postgres_url(location)) {
        if (options.busy_timeout_ms) throw fail::option_not_for_engine("busy_timeout_ms", "SQLite", "PostgreSQL");
    } else if (options.pool_size) {
        throw fail::option_not_for_engine("pool_size", "PostgreSQL", "SQLite");
    }
    if (options.busy_timeout_ms &&
        (*options.busy_timeout_ms < 0 || *options.busy_timeout_ms > StoreOptions::max_busy_timeout_ms)) {
        throw fail::invalid_busy_timeout(StoreOptions::max_busy_timeout_ms);
    }
    if (options.pool_size && (*options.pool_size < 1 || *options.pool_size > StoreOptions::max_pool_size)) {
        throw fail::invalid_pool_size(StoreOptions::max_pool_size);
    }
}

}  // namespace

std::shared_ptr<store::Engine> open_engine(const std::string& location, const StoreOptions& options,
                                           std::optional<int> target_version) {
    check_options(location, options);
    if (is_postgres_url(location)) return postgres::open(location, options, target_version);
    return sqlite::open(location, options, target_version);
}

Store Store::open(const std::string& location, StoreOptions options) {
    if (!options.clock) options.clock = system_clock();
    auto engine = open_engine(location, options, std::nullopt);
    return Store(std::move(engine), Actor::anonymous(), std::move(options));
}

Store Store::acting_as(Actor actor) const {
    Store other = *this;
    other.actor_ = std::move(actor);
    return other;
}

Store Store::rehearsal() const {
    Store other = *this;
    other.rehearsing_ = true;
    return other;
}

Instant Store::now() const {
    return options_->clock->now();
}

const std::string& Store::path() const noexcept {
    return engine_->location();
}

std::string_view Store::backend() const noexcept {
    return engine_->backend();
}

std::int64_t Store::order_hold_micros() const noexcept {
    return options_->order_hold_micros;
}

std::int64_t Store::sale_hold_micros() const noexcept {
    return options_->sale_hold_micros;
}

int Store::latest_schema_version() const noexcept {
    return engine_->backend() == "postgresql" ? postgres::latest_version() : sqlite::latest_version();
}

int Store::schema_version() const {
    return engine_->schema_version();
}

namespace {

/// Thrown at the end of a rehearsed unit, after its work has run in full, so that the engine rolls
/// the unit back as it does any failed one; caught by Store::write alone.
struct RehearsalOver {};

}  // namespace

void Store::write(const std::function<void(UnitOfWork&)>& work) const {
    try {
        engine_->write(store::Tenant(actor_.organization_id), [&](store::Repositories& repositories) {
            UnitOfWork unit(repositories, actor_, options_->clock->now());
            work(unit);
            if (rehearsing_) throw RehearsalOver{};
        });
    } catch (const RehearsalOver&) {
        // The unit ran and was rolled back: what it computed is the rehearsal's answer.
    }
}

void Store::read(const std::function<void(ReadContext&)>& work) const {
    engine_->read(store::Tenant(actor_.organization_id), [&](store::Repositories& repositories) {
        ReadContext context(repositories, actor_, options_->clock->now());
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
    read([&](ReadContext& context) {
        report = context.inventory().check_counters(organization);
        context.products().check_product_counters(organization, report);
    });
    return report;
}

std::vector<AuditEntry> Store::audit(const AuditQuery& query) const {
    const auto organization = readable_organization(actor_, scope::events_read);
    if (query.limit < 1 || query.limit > max_audit_limit) throw fail::invalid_limit(max_audit_limit);
    std::vector<AuditEntry> entries;
    read([&](ReadContext& context) { entries = context.audit_log().query_audit(query, organization); });
    return entries;
}

}  // namespace ticketcore
