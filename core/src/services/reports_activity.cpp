// store.reports, the attendance, sales-over-time and box-office section (issue 10): each report
// one read on a consistent snapshot, through ActivityReportRepository (store/activity_reports.hpp).
#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "services/access.hpp"
#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "store/activity_reports.hpp"
#include "ticketcore/rules/activity_report_rules.hpp"
#include "ticketcore/services/reports.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

/// The most rows a page of a report holds.
constexpr std::int64_t max_activity_page = 1'000'000;

void require_activity_reader(const Actor& actor) {
    if (!actor.has_scope(scope::reports_read) && !actor.has_scope(scope::events_read)) {
        throw fail::missing_scopes(actor.id, scope::reports_read, scope::events_read);
    }
}

void check_activity_page(std::int64_t first) {
    if (first < 1 || first > max_activity_page) throw fail::invalid_page_size(max_activity_page);
}

}  // namespace

ReportTable Reports::attendance(const std::string& event_id, std::int64_t first,
                                const std::optional<std::string>& after) const {
    require_activity_reader(store_.actor());
    check_activity_page(first);
    ReportTable result;
    store_.read([&](ReadContext& context) {
        ReportBuilder table("attendance");
        const auto ticket_id = table.column("ticket_id", ColumnKind::text);
        const auto ticket_date_id = table.column("ticket_date_id", ColumnKind::text);
        const auto event_date_id = table.column("event_date_id", ColumnKind::text);
        const auto date_start = table.column("date_start", ColumnKind::instant);
        const auto specification_id = table.column("specification_id", ColumnKind::text);
        const auto specification = table.column("specification", ColumnKind::text);
        const auto holder = table.column("holder", ColumnKind::text);
        const auto holder_email = table.column("holder_email", ColumnKind::text);
        const auto ticket_state = table.column("ticket_state", ColumnKind::text);
        const auto redeemed = table.column("redeemed", ColumnKind::boolean);
        const auto redeemed_at = table.column("redeemed_at", ColumnKind::instant);
        const auto inspector_id = table.column("inspector_id", ColumnKind::text);
        const auto inspector = table.column("inspector", ColumnKind::text);
        const auto entries = table.column("entries", ColumnKind::integer);
        const auto inside = table.column("inside", ColumnKind::boolean);
        std::map<std::string, std::string, std::less<>> specification_names;
        std::map<std::string, Instant, std::less<>> date_starts;
        const Event event = access::event(context, event_id);
        for (const TicketSpecification& spec : snapshot::list_specifications(context, event_id)) {
            specification_names.emplace(spec.id, spec.name);
        }
        for (const EventDate& event_date : event.dates) date_starts.emplace(event_date.id, event_date.start);
        repository::ActivityReportRepository& reports = context.activity_reports();
        // The dates in start order; the page starts at the cursor's date, after its ticket date.
        auto date = event.dates.begin();
        std::int64_t position = 0;
        if (after) {
            const auto found = reports.attendance_position(event_id, *after);
            if (!found) throw fail::invalid_cursor(*after, "a ticket date of this event");
            date = std::find_if(event.dates.begin(), event.dates.end(),
                                [&](const EventDate& candidate) { return candidate.id == found->first; });
            if (date == event.dates.end()) throw fail::invalid_cursor(*after, "a ticket date of this event");
            position = found->second;
        }
        // One row more than the page, to know whether another follows: that one is not added.
        std::int64_t read = 0;
        bool has_next = false;
        std::string last;  // the last row's ticket date: the page's cursor
        const auto add = [&](const repository::AttendanceRow& row) {
            if (++read > first) {
                has_next = true;
                return;
            }
            table.text(ticket_id, row.ticket_id);
            table.text(ticket_date_id, row.ticket_date_id);
            table.text(event_date_id, row.event_date_id);
            table.instant(date_start, date_starts.at(row.event_date_id));
            const auto name = specification_names.find(row.specification_id);
            table.text(specification, name != specification_names.end() ? name->second : std::string());
            table.text(specification_id, row.specification_id);
            table.text(holder, row.holder_name);
            table.text(holder_email, row.holder_email);
            table.text(ticket_state, row.ticket_state);
            table.boolean(redeemed, row.redeemed);
            table.optional_instant(redeemed_at, row.redeemed_at);
            table.optional_text(inspector_id, row.inspector_id);
            table.optional_text(inspector, row.inspector_name);
            table.integer(entries, row.entries);
            table.boolean(inside, row.inside);
            last.assign(row.ticket_date_id);  // reuses its room
        };
        for (; date != event.dates.end() && read <= first; ++date, position = 0) {
            reports.page_attendance(date->id, position, first + 1 - read, add);
        }
        result = table.done(has_next, read > 0 ? std::optional(std::move(last)) : std::nullopt);
    });
    return result;
}

ReportTable Reports::entries_per_hour(const std::string& event_id) const {
    require_activity_reader(store_.actor());
    ReportBuilder table("entries_per_hour");
    const auto hour = table.column("hour", ColumnKind::instant);
    const auto entries = table.column("entries", ColumnKind::integer);
    const auto exits = table.column("exits", ColumnKind::integer);
    const auto inside = table.column("inside", ColumnKind::integer);
    std::vector<rules::TimedCount> minutes;
    std::string zone;
    store_.read([&](ReadContext& context) {
        zone = access::event(context, event_id).time_zone;
        minutes = context.activity_reports().scans_per_minute(event_id);
    });
    std::int64_t running = 0;
    for (const rules::TimedCount& count : rules::fold_into_buckets(minutes, zone, ReportBucket::hour)) {
        running += count.first - count.second;
        table.instant(hour, count.at);
        table.integer(entries, count.first);
        table.integer(exits, count.second);
        table.integer(inside, running);
    }
    return table.done();
}

ReportTable Reports::entries_per_scan_point(const std::string& event_id) const {
    require_activity_reader(store_.actor());
    ReportBuilder table("entries_per_scan_point");
    const auto scan_point = table.column("scan_point", ColumnKind::text);
    const auto entries = table.column("entries", ColumnKind::integer);
    const auto exits = table.column("exits", ColumnKind::integer);
    const auto refused = table.column("refused", ColumnKind::integer);
    const auto conflicts = table.column("conflicts", ColumnKind::integer);
    std::vector<repository::ScanPointRow> rows;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        rows = context.activity_reports().scans_per_point(event_id);
    });
    for (repository::ScanPointRow& row : rows) {
        table.text(scan_point, row.scan_point);
        table.integer(entries, row.entries);
        table.integer(exits, row.exits);
        table.integer(refused, row.refused);
        table.integer(conflicts, row.conflicts);
    }
    return table.done();
}

ReportTable Reports::inside(const std::string& event_id) const {
    require_activity_reader(store_.actor());
    ReportBuilder table("inside");
    const auto event_date_id = table.column("event_date_id", ColumnKind::text);
    const auto start = table.column("start", ColumnKind::instant);
    const auto end = table.column("end", ColumnKind::instant);
    const auto redeemed = table.column("redeemed", ColumnKind::integer);
    const auto entries = table.column("entries", ColumnKind::integer);
    const auto inside = table.column("inside", ColumnKind::integer);
    std::vector<repository::EventDateInsideRow> rows;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        rows = context.activity_reports().inside_per_date(event_id);
    });
    for (repository::EventDateInsideRow& row : rows) {
        table.text(event_date_id, row.event_date_id);
        table.instant(start, row.start);
        table.instant(end, row.end);
        table.integer(redeemed, row.redeemed);
        table.integer(entries, row.entries);
        table.integer(inside, row.inside);
    }
    return table.done();
}

ReportTable Reports::scan_conflicts(const std::string& event_id, std::int64_t first,
                                    const std::optional<std::string>& after) const {
    require_activity_reader(store_.actor());
    check_activity_page(first);
    ReportBuilder table("scan_conflicts");
    const auto scan_id = table.column("scan_id", ColumnKind::text);
    const auto at = table.column("at", ColumnKind::instant);
    const auto ticket_id = table.column("ticket_id", ColumnKind::text);
    const auto ticket_date_id = table.column("ticket_date_id", ColumnKind::text);
    const auto event_date_id = table.column("event_date_id", ColumnKind::text);
    const auto inspector_id = table.column("inspector_id", ColumnKind::text);
    const auto inspector = table.column("inspector", ColumnKind::text);
    const auto scan_point = table.column("scan_point", ColumnKind::text);
    const auto direction = table.column("direction", ColumnKind::text);
    const auto reason = table.column("reason", ColumnKind::text);
    const auto nonce = table.column("nonce", ColumnKind::text);
    std::vector<repository::ConflictRow> rows;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        repository::ActivityReportRepository& reports = context.activity_reports();
        std::int64_t position = 0;
        if (after) {
            const auto found = reports.conflict_position(event_id, *after);
            if (!found) throw fail::invalid_cursor(*after, "a conflict of this event");
            position = *found;
        }
        rows = reports.page_conflicts(event_id, position, first + 1);
    });
    const bool has_next = rows.size() > static_cast<std::size_t>(first);
    if (has_next) rows.resize(static_cast<std::size_t>(first));
    for (repository::ConflictRow& row : rows) {
        table.text(scan_id, row.scan_id);
        table.instant(at, row.at);
        table.optional_text(ticket_id, row.ticket_id);
        table.optional_text(ticket_date_id, row.ticket_date_id);
        table.optional_text(event_date_id, row.event_date_id);
        table.text(inspector_id, row.inspector_id);
        table.text(inspector, row.inspector_name);
        table.text(scan_point, row.scan_point);
        table.text(direction, row.direction);
        table.text(reason, row.reason);
        table.text(nonce, row.nonce);
    }
    std::optional<std::string> cursor;
    if (!rows.empty()) cursor = rows.back().scan_id;
    return table.done(has_next, std::move(cursor));
}

ReportTable Reports::sales_over_time(const std::string& event_id, std::string_view bucket) const {
    require_activity_reader(store_.actor());
    const ReportBucket size = rules::report_bucket(bucket);
    std::vector<rules::TimedCount> minutes;
    std::optional<Event> event;
    store_.read([&](ReadContext& context) {
        event = access::event(context, event_id);
        minutes = context.activity_reports().sales_per_minute(event_id);
    });
    const int scale = event->currency.exponent();
    ReportBuilder table("sales_over_time");
    const auto start = table.column("bucket", ColumnKind::instant);
    const auto channel = table.column("channel", ColumnKind::text);
    const auto tickets = table.column("tickets", ColumnKind::integer);
    const auto revenue = table.column("revenue", ColumnKind::money, scale);
    const auto currency = table.column("currency", ColumnKind::text);
    const auto cumulative_tickets = table.column("cumulative_tickets", ColumnKind::integer);
    const auto cumulative_revenue = table.column("cumulative_revenue", ColumnKind::money, scale);
    constexpr std::size_t channels = 4;
    std::array<std::int64_t, channels> tickets_so_far{};
    std::array<std::int64_t, channels> revenue_so_far{};
    const std::string code(event->currency.code());
    for (const rules::TimedCount& count : rules::fold_into_buckets(minutes, event->time_zone, size)) {
        const auto index = static_cast<std::size_t>(count.key);
        tickets_so_far.at(index) += count.first;
        revenue_so_far.at(index) += count.second;
        table.instant(start, count.at);
        table.text(channel, std::string(to_string(static_cast<SalesChannel>(count.key))));
        table.integer(tickets, count.first);
        table.integer(revenue, count.second);
        table.text(currency, code);
        table.integer(cumulative_tickets, tickets_so_far.at(index));
        table.integer(cumulative_revenue, revenue_so_far.at(index));
    }
    return table.done();
}

ReportTable Reports::box_office(const std::string& event_id) const {
    require_activity_reader(store_.actor());
    std::vector<repository::BoxOfficeRow> rows;
    std::optional<Event> event;
    store_.read([&](ReadContext& context) {
        event = access::event(context, event_id);
        rows = context.activity_reports().box_office(event_id, context.now);
    });
    // States in the order a sale goes through them, then payment type (none first), then staff.
    constexpr std::array<std::string_view, 6> state_order = {"open",    "payment_pending", "committed",
                                                             "expired", "withdrawn",       "canceled"};
    const auto rank = [&](const std::string& state) {
        return std::find(state_order.begin(), state_order.end(), state) - state_order.begin();
    };
    std::sort(rows.begin(), rows.end(), [&](const repository::BoxOfficeRow& a, const repository::BoxOfficeRow& b) {
        return std::tuple(rank(a.state), a.payment_type, a.staff_user_id) <
               std::tuple(rank(b.state), b.payment_type, b.staff_user_id);
    });
    ReportBuilder table("box_office");
    const auto state = table.column("state", ColumnKind::text);
    const auto payment_type = table.column("payment_type", ColumnKind::text);
    const auto staff_user_id = table.column("staff_user_id", ColumnKind::text);
    const auto staff = table.column("staff", ColumnKind::text);
    const auto sales = table.column("sales", ColumnKind::integer);
    const auto tickets = table.column("tickets", ColumnKind::integer);
    const auto total = table.column("total", ColumnKind::money, event->currency.exponent());
    const auto currency = table.column("currency", ColumnKind::text);
    const std::string code(event->currency.code());
    for (repository::BoxOfficeRow& row : rows) {
        table.text(state, row.state);
        table.optional_text(payment_type, row.payment_type);
        table.text(staff_user_id, row.staff_user_id);
        table.text(staff, row.staff_name);
        table.integer(sales, row.sales);
        table.integer(tickets, row.tickets);
        table.integer(total, row.total);
        table.text(currency, code);
    }
    return table.done();
}

ReportTable Reports::open_sales(const std::string& event_id, std::int64_t first,
                                const std::optional<std::string>& after) const {
    require_activity_reader(store_.actor());
    check_activity_page(first);
    std::vector<repository::OpenSaleRow> rows;
    std::optional<Event> event;
    store_.read([&](ReadContext& context) {
        event = access::event(context, event_id);
        repository::ActivityReportRepository& reports = context.activity_reports();
        std::int64_t position = 0;
        if (after) {
            const auto found = reports.open_sale_position(*after);
            if (!found) throw fail::invalid_cursor(*after, "an open sale of this event");
            position = *found;
        }
        rows = reports.page_open_sales(event_id, context.now, position, first + 1);
    });
    const bool has_next = rows.size() > static_cast<std::size_t>(first);
    if (has_next) rows.resize(static_cast<std::size_t>(first));
    ReportBuilder table("open_sales");
    const auto sale_id = table.column("sale_id", ColumnKind::text);
    const auto number = table.column("number", ColumnKind::text);
    const auto state = table.column("state", ColumnKind::text);
    const auto payment_type = table.column("payment_type", ColumnKind::text);
    const auto staff_user_id = table.column("staff_user_id", ColumnKind::text);
    const auto staff = table.column("staff", ColumnKind::text);
    const auto created = table.column("created", ColumnKind::instant);
    const auto expires = table.column("expires", ColumnKind::instant);
    const auto tickets = table.column("tickets", ColumnKind::integer);
    const auto seats = table.column("seats", ColumnKind::integer);
    const auto total = table.column("total", ColumnKind::money, event->currency.exponent());
    const auto currency = table.column("currency", ColumnKind::text);
    const std::string code(event->currency.code());
    for (repository::OpenSaleRow& row : rows) {
        table.text(sale_id, row.sale_id);
        table.text(number, row.number);
        table.text(state, row.state);
        table.optional_text(payment_type, row.payment_type);
        table.text(staff_user_id, row.staff_user_id);
        table.text(staff, row.staff_name);
        table.instant(created, row.created);
        table.instant(expires, row.expires);
        table.integer(tickets, row.tickets);
        table.integer(seats, row.seats);
        table.integer(total, row.total);
        table.text(currency, code);
    }
    std::optional<std::string> cursor;
    if (!rows.empty()) cursor = rows.back().sale_id;
    return table.done(has_next, std::move(cursor));
}

}  // namespace ticketcore
