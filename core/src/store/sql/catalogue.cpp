// The SQL repository of organizations, events, their dates and
// ticket specifications, shared by every SQL engine (layer 4, store).
#include "store/sql/repositories.hpp"

#include <map>
#include <utility>
#include <vector>

#include "store/sql/batched_read.hpp"
#include "store/sql/column.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

using repository::StoredSpecification;

namespace {

std::vector<std::string> string_list(const Column& column) {
    return Json::parse(column.getString()).get<std::vector<std::string>>();
}

constexpr const char* event_fields =
    "SELECT e.id, e.organization_id, e.name, e.description, e.location, e.time_zone, e.state, e.currency, "
    "e.platform_fee, e.percentage_fee, e.vat_rate, e.created_us";
const std::string event_columns = std::string(event_fields) + " FROM event e ";
/// The event ?1 of the organization ?2 and its dates in one query, each row once (not the event's columns repeated on
/// every date, a join would send its description with each): first the event's row, with NULL
/// date columns, then a row per date, in date order, with NULL event columns and the date's id,
/// start and end as columns 12 to 14. Column 15 tells them apart (0: the event, 1: a date).
const std::string event_with_dates =
    std::string(event_fields) +
    ", NULL, NULL, NULL, 0 FROM event e WHERE e.id = ?1 AND e.organization_id = ?2 UNION ALL SELECT NULL, NULL, "
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, d.id, d.start_us, d.end_us, 1 FROM event_date d "
    "WHERE d.event_id = ?1 AND d.organization_id = ?2 ORDER BY 16, 14, 13";

Event read_event(Statement& row) {
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
    return event;
}

/// The date of `event_id` whose id, start and end are the columns `first` to `first + 2` of `row`.
EventDate read_event_date(Statement& row, int first, const std::string& event_id) {
    EventDate date;
    date.id = row.getColumn(first).getString();
    date.event_id = event_id;
    date.start = Instant{row.getColumn(first + 1).getInt64()};
    date.end = Instant{row.getColumn(first + 2).getInt64()};
    return date;
}

/// Reads the dates of `events` (in date order) in one query (see for_each_row_in), not one per
/// event: a page of events costs a fixed number of round trips.
void attach_event_dates(Session& db, const std::optional<std::string>& tenant, std::vector<Event>& events) {
    std::vector<Event*> rows;
    for (Event& event : events) rows.push_back(&event);
    const auto [by_id, ids] = index_by_id(rows);
    for_each_row_in(db, tenant, ids,
                    "SELECT id, start_us, end_us, event_id FROM event_date WHERE organization_id = ? AND ", "event_id",
                    " ORDER BY start_us, id", [&by_id = by_id](Statement& row) {
                        Event& event = *by_id.at(row.getColumn(3).getString());
                        event.dates.push_back(read_event_date(row, 0, event.id));
                    });
}

constexpr const char* specification_columns =
    "SELECT s.id, s.event_id, s.name, s.description, s.price, s.ticket_platform_fee, s.ticket_percentage_fee, "
    "s.number_of_tickets_for_sale, s.maximum_number_of_tickets_per_user, s.sold, s.reserved, s.is_active, "
    "s.sale_start_us, s.sale_end_us, s.perks, s.visibility, s.transferable, s.allow_reentry, s.reentry_limit, "
    "s.accepted_scan_points, s.refund_policy, s.created_us, e.currency, e.vat_rate, o.rounding, "
    "e.organization_id, e.state, s.sold_revenue, s.sold_fees, s.sold_vat "
    "FROM specification s JOIN event e ON e.id = s.event_id AND e.organization_id = s.organization_id "
    "JOIN organization o ON o.id = e.organization_id WHERE s.organization_id = ? AND ";

StoredSpecification read_specification(Statement& row) {
    StoredSpecification result;
    TicketSpecification& spec = result.stored;
    const Currency currency = Currency::of(row.getColumn(22).getString());
    result.rounding = rounding_mode_from_string(row.getColumn(24).getString());
    spec.id = row.getColumn(0).getString();
    spec.event_id = row.getColumn(1).getString();
    spec.name = row.getColumn(2).getString();
    spec.description = row.getColumn(3).getString();
    spec.price = Money(row.getColumn(4).getInt64(), currency);
    spec.ticket_platform_fee = Money(row.getColumn(5).getInt64(), currency);
    spec.ticket_percentage_fee = row.getColumn(6).getInt64();
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
    result.sold_money = {row.getColumn(27).getInt64(), row.getColumn(28).getInt64(), row.getColumn(29).getInt64()};

    return result;
}

/// Reads the names, pools and dates of `specs` in one query (a UNION ALL of the three, each row
/// tagged with its kind; see slices), not three per specification, nor three for the list: an
/// event's list costs a fixed number of round trips however many it has, and reading one
/// specification (which every order's place and confirm does) costs two.
void attach_specification_details(Session& db, const std::optional<std::string>& tenant,
                                  std::vector<StoredSpecification>& specs) {
    enum Kind : std::int64_t { name = 0, pool = 1, date = 2 };
    std::map<std::string, StoredSpecification*> by_id;
    std::vector<std::string> ids;
    for (StoredSpecification& spec : specs) {
        by_id[spec.stored.id] = &spec;
        ids.push_back(spec.stored.id);
    }
    for (const auto& slice : slices(db, ids)) {
        // The tenant is ?1, the ids ?2 on (see in_list).
        const auto in = [&](std::string_view column) { return in_list(db, column, slice.size(), 2); };
        // Columns: kind, specification, key (locale, pool id, date id), name, the pool's size,
        // sold and reserved, and the order within the kind (pools as created, dates by start).
        Statement details(db,
                          "SELECT 0, specification_id, locale, name, 0, 0, 0, 0 FROM specification_name "
                          "WHERE organization_id = ?1 AND " +
                              in("specification_id") +
                              " UNION ALL SELECT 1, m.specification_id, p.id, '', p.size, p.sold, p.reserved, "
                              "p.rowid FROM pool_member m JOIN pool p ON p.id = m.pool_id "
                              "AND p.organization_id = m.organization_id WHERE m.organization_id = ?1 AND " +
                              in("m.specification_id") +
                              " UNION ALL SELECT 2, sd.specification_id, d.id, '', 0, 0, 0, d.start_us FROM "
                              "specification_date sd JOIN event_date d ON d.id = sd.event_date_id "
                              "AND d.organization_id = sd.organization_id WHERE sd.organization_id = ?1 AND " +
                              in("sd.specification_id") + " ORDER BY 1, 8, 3");
        details.bind_all(tenant, slice);
        while (details.executeStep()) {
            StoredSpecification& spec = *by_id.at(details.getColumn(1).getString());
            std::string key = details.getColumn(2).getString();
            switch (details.getColumn(0).getInt64()) {
                case name: spec.stored.names.emplace(std::move(key), details.getColumn(3).getString()); break;
                case pool:
                    spec.stored.pool_ids.push_back(std::move(key));
                    spec.pool_counters.push_back({details.getColumn(4).getInt64(), details.getColumn(5).getInt64(),
                                                  details.getColumn(6).getInt64()});
                    break;
                default: spec.stored.event_date_ids.push_back(std::move(key)); break;
            }
        }
    }
}

/// Rewrites the names of `spec`, a specification of the organization `organization_id`.
void write_names(Session& db, const std::optional<std::string>& organization_id, const TicketSpecification& spec) {
    run(db, "DELETE FROM specification_name WHERE specification_id = ? AND organization_id = ?", spec.id,
        organization_id);
    Statement insert(db,
                     "INSERT INTO specification_name (specification_id, locale, name, organization_id) VALUES "
                     "(?, ?, ?, ?)");
    for (const auto& [locale, name] : spec.names) {
        insert.bind_all(spec.id, locale, name, organization_id);
        insert.exec();
        insert.reset();
    }
}

/// The editable columns, in the order of `editable_columns`: parameters 1 to 16.
constexpr const char* editable_columns =
    "name, description, price, ticket_platform_fee, ticket_percentage_fee, number_of_tickets_for_sale, "
    "maximum_number_of_tickets_per_user, sale_start_us, sale_end_us, perks, visibility, transferable, "
    "allow_reentry, reentry_limit, accepted_scan_points, refund_policy";

void bind_specification_fields(Statement& statement, const TicketSpecification& spec) {
    statement.bind_all(spec.name, spec.description, spec.price.minor(), spec.ticket_platform_fee.minor(),
                       spec.ticket_percentage_fee, spec.number_of_tickets_for_sale,
                       spec.maximum_number_of_tickets_per_user, spec.sale_start, spec.sale_end, Json(spec.perks).dump(),
                       std::string(to_string(spec.visibility)), spec.transferable, spec.allow_reentry,
                       spec.reentry_limit, Json(spec.accepted_scan_points).dump(), spec.refund_policy);
}

class SqlCatalogue final : public repository::CatalogueRepository {
public:
    SqlCatalogue(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<Organization> find_organization(const std::string& id) override {
        Statement query(
            db,
            "SELECT id, name, currency, rounding, billing_profile_enabled, created_us, refund_fees, box_office_fee, "
            "box_office_fee_vat_rate, customer_form FROM organization WHERE id = ?");
        query.bind(1, id);
        if (!query.executeStep()) return std::nullopt;
        Organization organization;
        organization.id = query.getColumn(0).getString();
        organization.name = query.getColumn(1).getString();
        organization.currency = Currency::of(query.getColumn(2).getString());
        organization.rounding = rounding_mode_from_string(query.getColumn(3).getString());
        organization.billing_profile_enabled = query.getColumn(4).getInt() != 0;
        organization.created = Instant{query.getColumn(5).getInt64()};
        organization.refund_fees = query.getColumn(6).getInt() != 0;
        organization.box_office_fee = Money(query.getColumn(7).getInt64(), organization.currency);
        organization.box_office_fee_vat_rate = query.getColumn(8).getInt64();
        if (!query.getColumn(9).isNull()) {
            organization.customer_form = Json::parse(query.getColumn(9).getString()).get<std::vector<CustomerField>>();
        }
        return organization;
    }

    void insert_organization(const Organization& organization) override {
        Statement insert(db,
                         "INSERT INTO organization (id, name, currency, rounding, billing_profile_enabled, "
                         "created_us, refund_fees) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(organization.id, organization.name, std::string(organization.currency.code()),
                        std::string(to_string(organization.rounding)), organization.billing_profile_enabled ? 1 : 0,
                        organization.created.micros, organization.refund_fees ? 1 : 0);
        insert.exec();
    }

    void enable_billing_profile(const std::string& organization_id) override {
        run(db, "UPDATE organization SET billing_profile_enabled = 1 WHERE id = ?", organization_id);
    }

    void set_refund_fees(const std::string& organization_id, bool refund_fees) override {
        run(db, "UPDATE organization SET refund_fees = ? WHERE id = ?", refund_fees ? 1 : 0, organization_id);
    }

    void set_box_office_fee(const std::string& organization_id, const Money& fee, std::int64_t vat_rate) override {
        run(db, "UPDATE organization SET box_office_fee = ?, box_office_fee_vat_rate = ? WHERE id = ?", fee.minor(),
            vat_rate, organization_id);
    }

    void set_customer_form(const std::string& organization_id,
                           const std::optional<std::vector<CustomerField>>& form) override {
        std::optional<std::string> stored;
        if (form) stored = Json(*form).dump();
        run(db, "UPDATE organization SET customer_form = ? WHERE id = ?", stored, organization_id);
    }

    std::optional<Event> find_event(const std::string& id) override {
        // The event and its dates in one query, not two: every call that checks an event pays it.
        Statement query(db, event_with_dates);
        query.bind_all(id, tenant);
        if (!query.executeStep() || query.getColumn(15).getInt() != 0) return std::nullopt;  // dates of no event
        Event event = read_event(query);
        while (query.executeStep()) event.dates.push_back(read_event_date(query, 12, event.id));
        return event;
    }

    std::optional<std::int64_t> event_position(const std::string& organization_id,
                                               const std::string& event_id) override {
        Statement query(db, "SELECT rowid FROM event WHERE id = ? AND organization_id = ?");
        query.bind_all(event_id, organization_id);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<Event> page_events(const std::string& organization_id, std::optional<EventState> state,
                                   std::int64_t after_position, std::int64_t limit) override {
        // Index event_by_organization for every event, event_by_state for one state: both yield the
        // events in creation order from the cursor on, so the walk stops at the limit.
        std::string sql = event_columns + "WHERE e.organization_id = ? AND e.rowid > ? ";
        if (state) sql += "AND e.state = ? ";
        Statement query(db, sql + "ORDER BY e.rowid LIMIT ?");
        query.bind_all(organization_id, after_position);
        if (state) query.bind(3, std::string(to_string(*state)));
        query.bind(state ? 4 : 3, limit);
        std::vector<Event> events;
        while (query.executeStep()) events.push_back(read_event(query));
        attach_event_dates(db, tenant, events);
        return events;
    }

    void insert_event(const Event& event) override {
        Statement insert(db,
                         "INSERT INTO event (id, organization_id, name, description, location, time_zone, state, "
                         "currency, platform_fee, percentage_fee, vat_rate, created_us) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(event.id, event.organization_id, event.name, event.description, event.location, event.time_zone,
                        std::string(to_string(event.state)), std::string(event.currency.code()),
                        event.platform_fee.minor(), event.percentage_fee, event.vat_rate, event.created.micros);
        insert.exec();
    }

    void update_event_state(const std::string& id, EventState state) override {
        run(db, "UPDATE event SET state = ?2 WHERE id = ?1 AND organization_id = ?3", id, std::string(to_string(state)),
            tenant);
    }

    void insert_event_date(const Event& event, const EventDate& date) override {
        run(db, "INSERT INTO event_date (id, event_id, start_us, end_us, organization_id) VALUES (?, ?, ?, ?, ?)",
            date.id, date.event_id, date.start, date.end, event.organization_id);
        // A date added later grants access to every specification of the event.
        run(db,
            "INSERT INTO specification_date (specification_id, event_date_id, organization_id) "
            "SELECT id, ?1, ?3 FROM specification WHERE event_id = ?2 AND organization_id = ?3",
            date.id, date.event_id, event.organization_id);
    }

    std::optional<StoredSpecification> find_specification(const std::string& id) override {
        Statement query(db, std::string(specification_columns) + "s.id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        std::vector<StoredSpecification> specs{read_specification(query)};
        attach_specification_details(db, tenant, specs);
        return std::move(specs.front());
    }

    std::vector<StoredSpecification> list_specifications(const std::string& event_id) override {
        Statement query(db, std::string(specification_columns) + "s.event_id = ? ORDER BY s.rowid");
        query.bind_all(tenant, event_id);
        std::vector<StoredSpecification> result;
        while (query.executeStep()) result.push_back(read_specification(query));
        attach_specification_details(db, tenant, result);
        return result;
    }

    void insert_specification(const std::string& organization_id, const TicketSpecification& spec) override {
        Statement insert(db, std::string("INSERT INTO specification (") + editable_columns +
                                 ", id, event_id, created_us, organization_id, is_active) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
        bind_specification_fields(insert, spec);
        insert.bind(17, spec.id);
        insert.bind(18, spec.event_id);
        insert.bind(19, spec.created);
        insert.bind(20, organization_id);
        insert.exec();
        write_names(db, organization_id, spec);
        // A new specification is attached to every existing date of its event.
        run(db,
            "INSERT INTO specification_date (specification_id, event_date_id, organization_id) "
            "SELECT ?1, id, ?3 FROM event_date WHERE event_id = ?2 AND organization_id = ?3",
            spec.id, spec.event_id, organization_id);
    }

    void update_specification(const TicketSpecification& spec) override {
        Statement update(db,
                         "UPDATE specification SET name = ?1, description = ?2, price = ?3, ticket_platform_fee = ?4, "
                         "ticket_percentage_fee = ?5, number_of_tickets_for_sale = ?6, "
                         "maximum_number_of_tickets_per_user = ?7, sale_start_us = ?8, sale_end_us = ?9, perks = ?10, "
                         "visibility = ?11, transferable = ?12, allow_reentry = ?13, reentry_limit = ?14, "
                         "accepted_scan_points = ?15, refund_policy = ?16 WHERE id = ?17 AND organization_id = ?18");
        bind_specification_fields(update, spec);
        update.bind(17, spec.id);
        update.bind(18, tenant);
        update.exec();
        write_names(db, tenant, spec);
    }

    void lock_specification(const std::string& id) override { lock_row(db, tenant, "specification", id); }

    std::int64_t lock_and_count_specifications(const std::string& event_id) override {
        // An advisory lock, not the event's row: a row lock would also wait for every checkout
        // inserting an order of the event (their foreign keys lock the row for key share).
        lock_key(db, "specifications of " + event_id);
        return integer(db, "SELECT COUNT(*) FROM specification WHERE event_id = ? AND organization_id = ?", event_id,
                       tenant);
    }

    void update_specification_active(const std::string& id, bool active) override {
        Statement update(db, "UPDATE specification SET is_active = ? WHERE id = ? AND organization_id = ?");
        update.bind_all(active ? 1 : 0, id, tenant);
        update.exec();
    }

    void delete_specification(const std::string& id) override {
        // Only released claims can remain (the removal rule refuses sold or reserved ones); they
        // reference the spec, so they go with it. The audit log keeps the history.
        run(db, "DELETE FROM inventory_claim WHERE specification_id = ? AND organization_id = ? AND state = 'released'",
            id, tenant);
        run(db, "DELETE FROM specification WHERE id = ? AND organization_id = ?", id, tenant);
    }

private:
    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::CatalogueRepository> make_catalogue(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlCatalogue>(session, tenant.id());
}

}  // namespace ticketcore::sql
