#include "store/sqlite/statement.hpp"
#include "store/sql/catalog_repository.hpp"

#include "ticketcore/values/error.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/specification_rules.hpp"

namespace ticketcore::repository {

namespace {

std::vector<std::string> string_list(const SQLite::Column& column) {
    return Json::parse(column.getString()).get<std::vector<std::string>>();
}

std::vector<std::string> ids(Connection& db, const char* sql, const std::string& key) {
    Statement query(db, sql);
    query.bind(1, key);
    std::vector<std::string> result;
    while (query.executeStep()) result.push_back(query.getColumn(0).getString());
    return result;
}

void exec_with(Connection& db, const char* sql, const std::string& first, const std::string& second = {}) {
    Statement statement(db, sql);
    statement.bind(1, first);
    if (statement.getBindParameterCount() > 1) statement.bind(2, second);
    statement.exec();
}

constexpr const char* event_columns =
    "SELECT id, organization_id, name, description, location, time_zone, state, currency, platform_fee, "
    "percentage_fee, vat_rate, created_us FROM event ";

Event read_event(Connection& db, Statement& row) {
    Event event;
    event.id = row.getColumn(0).getString();
    event.organization_id = row.getColumn(1).getString();
    event.name = row.getColumn(2).getString();
    event.description = row.getColumn(3).getString();
    event.location = row.getColumn(4).getString();
    event.time_zone = row.getColumn(5).getString();
    event.state = event_state_from_string(row.getColumn(6).getString());
    event.currency = Currency::of(row.getColumn(7).getString());
    event.platform_fee = Money(row.getColumn(8).getInt64(), event.currency);
    event.percentage_fee = row.getColumn(9).getInt64();
    event.vat_rate = row.getColumn(10).getInt64();
    event.created = Instant{row.getColumn(11).getInt64()};
    Statement dates(db, "SELECT id, start_us, end_us FROM event_date WHERE event_id = ? ORDER BY start_us, id");
    dates.bind(1, event.id);
    while (dates.executeStep()) {
        EventDate date;
        date.id = dates.getColumn(0).getString();
        date.event_id = event.id;
        date.start = Instant{dates.getColumn(1).getInt64()};
        date.end = Instant{dates.getColumn(2).getInt64()};
        date.local_start = format_local(date.start, event.time_zone);
        date.local_end = format_local(date.end, event.time_zone);
        event.dates.push_back(std::move(date));
    }
    return event;
}

constexpr const char* specification_columns =
    "SELECT s.id, s.event_id, s.name, s.description, s.price, s.ticket_platform_fee, s.ticket_percentage_fee, "
    "s.number_of_tickets_for_sale, s.maximum_number_of_tickets_per_user, s.sold, s.reserved, s.is_active, "
    "s.sale_start_us, s.sale_end_us, s.perks, s.visibility, s.transferable, s.allow_reentry, s.reentry_limit, "
    "s.accepted_scan_points, s.refund_policy, s.created_us, e.currency, e.vat_rate, o.rounding, "
    "e.organization_id, e.state "
    "FROM specification s JOIN event e ON e.id = s.event_id JOIN organization o ON o.id = e.organization_id ";

SpecificationRow read_specification(Connection& db, Statement& row) {
    SpecificationRow result;
    TicketSpecification& spec = result.specification;
    const Currency currency = Currency::of(row.getColumn(22).getString());
    const RoundingMode rounding = rounding_mode_from_string(row.getColumn(24).getString());
    spec.id = row.getColumn(0).getString();
    spec.event_id = row.getColumn(1).getString();
    spec.name = row.getColumn(2).getString();
    spec.description = row.getColumn(3).getString();
    spec.price = Money(row.getColumn(4).getInt64(), currency);
    spec.ticket_platform_fee = Money(row.getColumn(5).getInt64(), currency);
    spec.ticket_percentage_fee = row.getColumn(6).getInt64();
    spec.percentage_fee_amount = spec.price.percent(BasisPoints{spec.ticket_percentage_fee}, rounding);
    spec.number_of_tickets_for_sale = optional_int(row.getColumn(7));
    spec.maximum_number_of_tickets_per_user = optional_int(row.getColumn(8));
    spec.number_of_tickets_sold = row.getColumn(9).getInt64();
    spec.number_of_tickets_reserved = row.getColumn(10).getInt64();
    spec.is_active = row.getColumn(11).getInt() != 0;
    spec.sale_start = optional_instant(row.getColumn(12));
    spec.sale_end = optional_instant(row.getColumn(13));
    spec.perks = string_list(row.getColumn(14));
    spec.visibility = visibility_from_string(row.getColumn(15).getString());
    spec.transferable = row.getColumn(16).getInt() != 0;
    spec.allow_reentry = row.getColumn(17).getInt() != 0;
    spec.reentry_limit = optional_int(row.getColumn(18));
    spec.accepted_scan_points = string_list(row.getColumn(19));
    spec.refund_policy = row.getColumn(20).getString();
    spec.created = Instant{row.getColumn(21).getInt64()};
    spec.vat_rate = row.getColumn(23).getInt64();
    result.organization_id = row.getColumn(25).getString();
    result.event_state = event_state_from_string(row.getColumn(26).getString());

    Statement names(db, "SELECT locale, name FROM specification_name WHERE specification_id = ?");
    names.bind(1, spec.id);
    while (names.executeStep()) spec.names.emplace(names.getColumn(0).getString(), names.getColumn(1).getString());

    Statement pools(db,
                    "SELECT p.id, p.size, p.sold, p.reserved FROM pool_member m JOIN pool p ON p.id = m.pool_id "
                    "WHERE m.specification_id = ? ORDER BY p.rowid");
    pools.bind(1, spec.id);
    std::vector<rules::CapacityBucket> buckets;
    while (pools.executeStep()) {
        spec.pool_ids.push_back(pools.getColumn(0).getString());
        buckets.push_back({pools.getColumn(1).getInt64(), pools.getColumn(2).getInt64(), pools.getColumn(3).getInt64()});
    }
    spec.available = rules::availability(
        {spec.number_of_tickets_for_sale, spec.number_of_tickets_sold, spec.number_of_tickets_reserved}, buckets);
    spec.event_date_ids = ids(db,
                              "SELECT d.id FROM specification_date sd JOIN event_date d ON d.id = sd.event_date_id "
                              "WHERE sd.specification_id = ? ORDER BY d.start_us, d.id",
                              spec.id);
    return result;
}

void write_names(Connection& db, const TicketSpecification& spec) {
    exec_with(db, "DELETE FROM specification_name WHERE specification_id = ?", spec.id);
    Statement insert(db, "INSERT INTO specification_name (specification_id, locale, name) VALUES (?, ?, ?)");
    for (const auto& [locale, name] : spec.names) {
        insert.bind_all(spec.id, locale, name);
        insert.exec();
        insert.reset();
    }
}

void bind_specification_fields(Statement& statement, const TicketSpecification& spec) {
    statement.bind(":name", spec.name);
    statement.bind(":description", spec.description);
    statement.bind(":price", spec.price.minor());
    statement.bind(":platform_fee", spec.ticket_platform_fee.minor());
    statement.bind(":percentage_fee", spec.ticket_percentage_fee);
    bind_optional(statement, statement.getIndex(":for_sale"), spec.number_of_tickets_for_sale);
    bind_optional(statement, statement.getIndex(":per_user"), spec.maximum_number_of_tickets_per_user);
    bind_optional(statement, statement.getIndex(":sale_start"), spec.sale_start);
    bind_optional(statement, statement.getIndex(":sale_end"), spec.sale_end);
    statement.bind(":perks", Json(spec.perks).dump());
    statement.bind(":visibility", std::string(to_string(spec.visibility)));
    statement.bind(":transferable", spec.transferable ? 1 : 0);
    statement.bind(":allow_reentry", spec.allow_reentry ? 1 : 0);
    bind_optional(statement, statement.getIndex(":reentry_limit"), spec.reentry_limit);
    statement.bind(":scan_points", Json(spec.accepted_scan_points).dump());
    statement.bind(":refund_policy", spec.refund_policy);
    statement.bind(":id", spec.id);
}

constexpr const char* pool_columns =
    "SELECT id, event_id, name, size, sold, reserved, created_us FROM pool ";

Pool read_pool(Connection& db, Statement& row) {
    Pool pool;
    pool.id = row.getColumn(0).getString();
    pool.event_id = row.getColumn(1).getString();
    pool.name = row.getColumn(2).getString();
    pool.size = row.getColumn(3).getInt64();
    pool.sold = row.getColumn(4).getInt64();
    pool.reserved = row.getColumn(5).getInt64();
    pool.available = std::max<std::int64_t>(0, pool.size - pool.sold - pool.reserved);
    pool.created = Instant{row.getColumn(6).getInt64()};
    pool.specification_ids = ids(db,
                                 "SELECT m.specification_id FROM pool_member m JOIN specification s "
                                 "ON s.id = m.specification_id WHERE m.pool_id = ? ORDER BY s.rowid",
                                 pool.id);
    return pool;
}

}  // namespace

std::optional<Organization> find_organization(Connection& db, const std::string& id) {
    Statement query(
        db, "SELECT id, name, currency, rounding, billing_profile_enabled, created_us FROM organization WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    Organization organization;
    organization.id = query.getColumn(0).getString();
    organization.name = query.getColumn(1).getString();
    organization.currency = Currency::of(query.getColumn(2).getString());
    organization.rounding = rounding_mode_from_string(query.getColumn(3).getString());
    organization.billing_profile_enabled = query.getColumn(4).getInt() != 0;
    organization.created = Instant{query.getColumn(5).getInt64()};
    return organization;
}

void insert_organization(Connection& db, const Organization& organization) {
    Statement insert(db,
                     "INSERT INTO organization (id, name, currency, rounding, billing_profile_enabled, "
                     "created_us) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind_all(organization.id, organization.name, std::string(organization.currency.code()),
                    std::string(to_string(organization.rounding)), organization.billing_profile_enabled ? 1 : 0,
                    organization.created.micros);
    insert.exec();
}

void enable_billing_profile(Connection& db, const std::string& organization_id) {
    exec_with(db, "UPDATE organization SET billing_profile_enabled = 1 WHERE id = ?", organization_id);
}

std::optional<Event> find_event(Connection& db, const std::string& id) {
    Statement query(db, std::string(event_columns) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_event(db, query);
}

std::vector<Event> list_events(Connection& db, const std::string& organization_id,
                               std::optional<EventState> state) {
    Statement query(db, std::string(event_columns) +
                                    "WHERE organization_id = ?1 AND (?2 IS NULL OR state = ?2) ORDER BY rowid");
    query.bind(1, organization_id);
    if (state) query.bind(2, std::string(to_string(*state)));
    std::vector<Event> events;
    while (query.executeStep()) events.push_back(read_event(db, query));
    return events;
}

void insert_event(Connection& db, const Event& event) {
    Statement insert(db,
                     "INSERT INTO event (id, organization_id, name, description, location, time_zone, state, "
                     "currency, platform_fee, percentage_fee, vat_rate, created_us) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(event.id, event.organization_id, event.name, event.description, event.location, event.time_zone,
                    std::string(to_string(event.state)), std::string(event.currency.code()), event.platform_fee.minor(),
                    event.percentage_fee, event.vat_rate, event.created.micros);
    insert.exec();
}

void update_event_state(Connection& db, const std::string& id, EventState state) {
    exec_with(db, "UPDATE event SET state = ?2 WHERE id = ?1", id, std::string(to_string(state)));
}

void insert_event_date(Connection& db, const EventDate& date) {
    Statement insert(db, "INSERT INTO event_date (id, event_id, start_us, end_us) VALUES (?, ?, ?, ?)");
    insert.bind_all(date.id, date.event_id, date.start.micros, date.end.micros);
    insert.exec();
    // A date added later grants access to every specification of the event.
    exec_with(db,
              "INSERT INTO specification_date (specification_id, event_date_id) "
              "SELECT id, ?1 FROM specification WHERE event_id = ?2",
              date.id, date.event_id);
}

std::vector<std::string> live_ticket_ids(Connection& db, const std::string& event_id) {
    return ids(db, "SELECT id FROM ticket WHERE event_id = ? AND state != 'cancelled' ORDER BY rowid", event_id);
}

void insert_ticket_date(Connection& db, const std::string& id, const std::string& ticket_id,
                        const std::string& event_date_id) {
    Statement insert(db, "INSERT INTO ticket_date (id, ticket_id, event_date_id) VALUES (?, ?, ?)");
    insert.bind_all(id, ticket_id, event_date_id);
    insert.exec();
}

std::optional<SpecificationRow> find_specification(Connection& db, const std::string& id) {
    Statement query(db, std::string(specification_columns) + "WHERE s.id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_specification(db, query);
}

std::vector<TicketSpecification> list_specifications(Connection& db, const std::string& event_id) {
    Statement query(db, std::string(specification_columns) + "WHERE s.event_id = ? ORDER BY s.rowid");
    query.bind(1, event_id);
    std::vector<TicketSpecification> result;
    while (query.executeStep()) result.push_back(read_specification(db, query).specification);
    return result;
}

void insert_specification(Connection& db, const TicketSpecification& spec) {
    Statement insert(
        db,
        "INSERT INTO specification (id, event_id, name, description, price, ticket_platform_fee, "
        "ticket_percentage_fee, number_of_tickets_for_sale, maximum_number_of_tickets_per_user, is_active, "
        "sale_start_us, sale_end_us, perks, visibility, transferable, allow_reentry, reentry_limit, "
        "accepted_scan_points, refund_policy, created_us) VALUES (:id, :event_id, :name, :description, :price, "
        ":platform_fee, :percentage_fee, :for_sale, :per_user, 0, :sale_start, :sale_end, :perks, :visibility, "
        ":transferable, :allow_reentry, :reentry_limit, :scan_points, :refund_policy, :created)");
    bind_specification_fields(insert, spec);
    insert.bind(":event_id", spec.event_id);
    insert.bind(":created", spec.created.micros);
    insert.exec();
    write_names(db, spec);
    // A new specification is attached to every existing date of its event.
    exec_with(db,
              "INSERT INTO specification_date (specification_id, event_date_id) "
              "SELECT ?1, id FROM event_date WHERE event_id = ?2",
              spec.id, spec.event_id);
}

void update_specification(Connection& db, const TicketSpecification& spec) {
    Statement update(
        db,
        "UPDATE specification SET name = :name, description = :description, price = :price, "
        "ticket_platform_fee = :platform_fee, ticket_percentage_fee = :percentage_fee, "
        "number_of_tickets_for_sale = :for_sale, maximum_number_of_tickets_per_user = :per_user, "
        "sale_start_us = :sale_start, sale_end_us = :sale_end, perks = :perks, visibility = :visibility, "
        "transferable = :transferable, allow_reentry = :allow_reentry, reentry_limit = :reentry_limit, "
        "accepted_scan_points = :scan_points, refund_policy = :refund_policy WHERE id = :id");
    bind_specification_fields(update, spec);
    update.exec();
    write_names(db, spec);
}

void update_specification_active(Connection& db, const std::string& id, bool active) {
    Statement update(db, "UPDATE specification SET is_active = ? WHERE id = ?");
    update.bind_all(active ? 1 : 0, id);
    update.exec();
}

void delete_specification(Connection& db, const std::string& id) {
    // Only released claims can remain (the removal rule refuses sold or reserved ones); they
    // reference the spec, so they go with it. The audit log keeps the history.
    exec_with(db, "DELETE FROM inventory_claim WHERE specification_id = ? AND state = 'released'", id);
    exec_with(db, "DELETE FROM specification WHERE id = ?", id);
}

namespace {

std::int64_t expired_holds(Connection& db, const char* specification_filter, const std::string& key, Instant now) {
    Statement query(db, std::string("SELECT COALESCE(SUM(l.amount), 0) FROM buy_order o CROSS JOIN order_line l "
                                     "ON l.order_id = o.id WHERE o.state = 'pending' AND o.expires_us <= ?1 AND ") +
                            specification_filter);
    query.bind_all(now.micros, key);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

std::int64_t expired_spec_holds(Connection& db, const std::string& specification_id, Instant now) {
    return expired_holds(db, "l.specification_id = ?2", specification_id, now);
}

std::int64_t expired_pool_holds(Connection& db, const std::string& pool_id, Instant now) {
    return expired_holds(db, "l.specification_id IN (SELECT specification_id FROM pool_member WHERE pool_id = ?2)",
                         pool_id, now);
}

}  // namespace

void exclude_expired_holds(Connection& db, TicketSpecification& spec, Instant now) {
    spec.number_of_tickets_reserved -= expired_spec_holds(db, spec.id, now);
    std::vector<rules::CapacityBucket> buckets;
    for (const std::string& pool_id : spec.pool_ids) {
        Pool pool = *find_pool(db, pool_id);
        exclude_expired_holds(db, pool, now);
        buckets.push_back({pool.size, pool.sold, pool.reserved});
    }
    spec.available = rules::availability(
        {spec.number_of_tickets_for_sale, spec.number_of_tickets_sold, spec.number_of_tickets_reserved}, buckets);
}

void exclude_expired_holds(Connection& db, Pool& pool, Instant now) {
    pool.reserved -= expired_pool_holds(db, pool.id, now);
    pool.available = std::max<std::int64_t>(0, pool.size - pool.sold - pool.reserved);
}

std::optional<Pool> find_pool(Connection& db, const std::string& id) {
    Statement query(db, std::string(pool_columns) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_pool(db, query);
}

std::vector<Pool> list_pools(Connection& db, const std::string& event_id) {
    Statement query(db, std::string(pool_columns) + "WHERE event_id = ? ORDER BY rowid");
    query.bind(1, event_id);
    std::vector<Pool> pools;
    while (query.executeStep()) pools.push_back(read_pool(db, query));
    return pools;
}

void insert_pool(Connection& db, const Pool& pool) {
    Statement insert(db, "INSERT INTO pool (id, event_id, name, size, created_us) VALUES (?, ?, ?, ?, ?)");
    insert.bind_all(pool.id, pool.event_id, pool.name, pool.size, pool.created.micros);
    insert.exec();
}

void update_pool_size(Connection& db, const std::string& id, std::int64_t size) {
    Statement update(db, "UPDATE pool SET size = ? WHERE id = ?");
    update.bind_all(size, id);
    update.exec();
}

void insert_pool_member(Connection& db, const std::string& pool_id, const std::string& specification_id) {
    exec_with(db, "INSERT INTO pool_member (pool_id, specification_id) VALUES (?, ?)", pool_id, specification_id);
}

void delete_pool_member(Connection& db, const std::string& pool_id, const std::string& specification_id) {
    exec_with(db, "DELETE FROM pool_member WHERE pool_id = ? AND specification_id = ?", pool_id, specification_id);
}

void delete_pool(Connection& db, const std::string& id) { exec_with(db, "DELETE FROM pool WHERE id = ?", id); }

}  // namespace ticketcore::repository
