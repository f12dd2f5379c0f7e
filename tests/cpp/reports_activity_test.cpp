// store.reports, the attendance, sales-over-time and box-office section (service layer, both
// engines): each report's exact cells for a small event (comps, an online order, a pre-generated
// ticket sold at the door, scans in and out at two scan points), paging through cursors, and the
// refusals (page size, cursor, bucket, scope, another organization's event, an unknown event).
// tests/python/test_reports_activity.py covers the box office, offline conflicts and DST.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// The column `name` of `report` (a test failure and an empty column when it has none).
const ReportColumn& activity_column(const ReportTable& report, const std::string& name) {
    static const ReportColumn none;
    for (const ReportColumn& column : report.columns) {
        if (column.name == name) return column;
    }
    ADD_FAILURE() << report.name << " has no column " << name;
    return none;
}

std::vector<std::string> activity_names(const ReportTable& report) {
    std::vector<std::string> names;
    for (const ReportColumn& column : report.columns) names.push_back(column.name);
    return names;
}

class ReportsActivityTest : public SellingTest {
protected:
    Store scanner = world.catalog.root.acting_as(
        Actor::make("scanner-1", world.catalog.organization.id, {std::string(scope::scan)}));
    Store analyst = world.catalog.root.acting_as(
        Actor::make("analyst-1", world.catalog.organization.id, {std::string(scope::reports_read)}));
    Reports reports{analyst};
    Door admin_door{world.admin};
    Door door{scanner};
    TicketSpecification general = world.on_sale("General", 25000);
    TicketInspector pat =
        admin_door.add_external_inspector(world.event.id, "Pat Lee", "pat@example.com", "+4512345678");
    int nonces = 0;

    Scan scan(const std::string& ticket, ScanDirection direction, std::int64_t minutes, const std::string& point) {
        const Instant at{june_12_2027_17_utc.micros + minutes * one_minute_us};
        return door.redeem(ScanRequest{ticket, pat.id, point, direction, "n-" + std::to_string(++nonces), at});
    }
    [[nodiscard]] EventTicket comp(const std::string& email, const std::string& name) const {
        return world.tickets.comp(world.event.id, general.id, {{email, name}}, "").at(0);
    }
};

TEST_F(ReportsActivityTest, AttendanceIsOneRowPerTicketDateWithItsDoorState) {
    const EventTicket alex = comp("alex@example.com", "Alex Reyes");
    const EventTicket kim = comp("kim@example.com", "Kim Berg");
    const EventTicket jo = comp("jo@example.com", "Jo Hansen");
    ASSERT_TRUE(scan(kim.id, ScanDirection::In, -30, "main-door").admitted());

    const ReportTable first = reports.attendance(world.event.id, 2);
    EXPECT_EQ(first.name, "attendance");
    EXPECT_EQ(activity_names(first),
              (std::vector<std::string>{"ticket_id", "ticket_date_id", "event_date_id", "date_start",
                                        "specification_id", "specification", "holder", "holder_email", "ticket_state",
                                        "redeemed", "redeemed_at", "inspector_id", "inspector", "entries", "inside"}));
    EXPECT_EQ(activity_column(first, "ticket_id").texts(), (std::vector<std::string>{alex.id, kim.id}));
    EXPECT_EQ(activity_column(first, "ticket_date_id").texts(),
              (std::vector<std::string>{alex.event_dates.at(0).id, kim.event_dates.at(0).id}));
    EXPECT_EQ(activity_column(first, "event_date_id").texts(),
              (std::vector<std::string>{world.event.dates.at(0).id, world.event.dates.at(0).id}));
    EXPECT_EQ(activity_column(first, "date_start").integers,
              (std::vector<std::int64_t>{june_12_2027_17_utc.micros, june_12_2027_17_utc.micros}));
    EXPECT_EQ(activity_column(first, "date_start").kind, ColumnKind::instant);
    EXPECT_EQ(activity_column(first, "specification").texts(), (std::vector<std::string>{"General", "General"}));
    EXPECT_EQ(activity_column(first, "holder").texts(), (std::vector<std::string>{"Alex Reyes", "Kim Berg"}));
    EXPECT_EQ(activity_column(first, "ticket_state").texts(), (std::vector<std::string>{"valid", "valid"}));
    EXPECT_EQ(activity_column(first, "redeemed").integers, (std::vector<std::int64_t>{0, 1}));
    EXPECT_EQ(activity_column(first, "redeemed").kind, ColumnKind::boolean);
    const ReportColumn& redeemed_at = activity_column(first, "redeemed_at");
    EXPECT_EQ(redeemed_at.present, (std::vector<bool>{false, true}));
    EXPECT_EQ(redeemed_at.integers.at(1), june_12_2027_17_utc.micros - 30 * one_minute_us);
    EXPECT_EQ(activity_column(first, "inspector_id").texts(), (std::vector<std::string>{"", pat.id}));
    EXPECT_EQ(activity_column(first, "inspector").texts(), (std::vector<std::string>{"", "Pat Lee"}));
    EXPECT_EQ(activity_column(first, "inspector").present, (std::vector<bool>{false, true}));
    EXPECT_EQ(activity_column(first, "entries").integers, (std::vector<std::int64_t>{0, 1}));
    EXPECT_EQ(activity_column(first, "inside").integers, (std::vector<std::int64_t>{0, 1}));
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, kim.event_dates.at(0).id);

    const ReportTable second = reports.attendance(world.event.id, 2, first.end_cursor);
    EXPECT_EQ(activity_column(second, "ticket_id").texts(), (std::vector<std::string>{jo.id}));
    EXPECT_TRUE(activity_column(second, "redeemed_at").present.empty() ||
                activity_column(second, "redeemed_at").present == std::vector<bool>{false});
    EXPECT_FALSE(second.has_next_page);
    EXPECT_EQ(second.end_cursor, jo.event_dates.at(0).id);
    const ReportTable all = reports.attendance(world.event.id);
    EXPECT_EQ(all.row_count(), 3U);
    EXPECT_FALSE(all.has_next_page);
}

TEST_F(ReportsActivityTest, EntriesPerHourPerScanPointAndInside) {
    const EventTicket alex = comp("alex@example.com", "Alex Reyes");
    const EventTicket kim = comp("kim@example.com", "Kim Berg");
    ASSERT_TRUE(scan(alex.id, ScanDirection::In, -30, "main-door").admitted());  // 16:30 UTC
    ASSERT_TRUE(scan(kim.id, ScanDirection::In, -5, "side-door").admitted());    // 16:55
    ASSERT_TRUE(scan(alex.id, ScanDirection::Out, 10, "main-door").admitted());  // 17:10
    ASSERT_FALSE(scan(alex.id, ScanDirection::In, 20, "side-door").admitted());  // single entry: refused

    const ReportTable hours = reports.entries_per_hour(world.event.id);
    EXPECT_EQ(activity_names(hours), (std::vector<std::string>{"hour", "entries", "exits", "inside"}));
    EXPECT_EQ(activity_column(hours, "hour").integers,
              (std::vector<std::int64_t>{june_12_2027_17_utc.micros - one_hour_us, june_12_2027_17_utc.micros}));
    EXPECT_EQ(activity_column(hours, "entries").integers, (std::vector<std::int64_t>{2, 0}));
    EXPECT_EQ(activity_column(hours, "exits").integers, (std::vector<std::int64_t>{0, 1}));
    EXPECT_EQ(activity_column(hours, "inside").integers, (std::vector<std::int64_t>{2, 1}));

    const ReportTable points = reports.entries_per_scan_point(world.event.id);
    EXPECT_EQ(activity_column(points, "scan_point").texts(), (std::vector<std::string>{"main-door", "side-door"}));
    EXPECT_EQ(activity_column(points, "entries").integers, (std::vector<std::int64_t>{1, 1}));
    EXPECT_EQ(activity_column(points, "exits").integers, (std::vector<std::int64_t>{1, 0}));
    EXPECT_EQ(activity_column(points, "refused").integers, (std::vector<std::int64_t>{0, 1}));
    EXPECT_EQ(activity_column(points, "conflicts").integers, (std::vector<std::int64_t>{0, 0}));

    const ReportTable inside = reports.inside(world.event.id);
    EXPECT_EQ(activity_names(inside),
              (std::vector<std::string>{"event_date_id", "start", "end", "redeemed", "entries", "inside"}));
    EXPECT_EQ(activity_column(inside, "event_date_id").texts(), (std::vector<std::string>{world.event.dates.at(0).id}));
    EXPECT_EQ(activity_column(inside, "start").integers, (std::vector<std::int64_t>{june_12_2027_17_utc.micros}));
    EXPECT_EQ(activity_column(inside, "end").integers, (std::vector<std::int64_t>{june_12_2027_20_utc.micros}));
    EXPECT_EQ(activity_column(inside, "redeemed").integers, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(activity_column(inside, "entries").integers, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(activity_column(inside, "inside").integers, (std::vector<std::int64_t>{1}));

    const ReportTable conflicts = reports.scan_conflicts(world.event.id);
    EXPECT_EQ(conflicts.row_count(), 0U);
    EXPECT_EQ(conflicts.columns.size(), 11U);
    EXPECT_FALSE(conflicts.has_next_page);
    EXPECT_EQ(conflicts.end_cursor, std::nullopt);
}

TEST_F(ReportsActivityTest, SalesOverTimeCountsEachChannelInTheEventsHoursAndDays) {
    const BuyOrder order = world.pay(world.place({{general.id, 2}}));
    (void)comp("alex@example.com", "Alex Reyes");
    world.catalog.clock->set(Instant{clock_start.micros + 2 * one_hour_us + 5 * one_minute_us});
    const EventTicket pre = world.tickets.pre_generate(world.event.id, general.id, 2).at(0);
    (void)world.door_tickets.activate(pre.id, {"door@example.com", "Door Guest"},
                                      DoorPayment{Amount{26125, std::nullopt}, "cash", "till-1"});

    const ReportTable hourly = reports.sales_over_time(world.event.id);
    EXPECT_EQ(activity_names(hourly), (std::vector<std::string>{"bucket", "channel", "tickets", "revenue", "currency",
                                                                "cumulative_tickets", "cumulative_revenue"}));
    const std::int64_t ten = clock_start.micros;  // 10:00 in Copenhagen
    const std::int64_t noon = ten + 2 * one_hour_us;
    EXPECT_EQ(activity_column(hourly, "bucket").integers, (std::vector<std::int64_t>{ten, ten, noon}));
    EXPECT_EQ(activity_column(hourly, "channel").texts(), (std::vector<std::string>{"online", "comp", "door"}));
    EXPECT_EQ(activity_column(hourly, "tickets").integers, (std::vector<std::int64_t>{2, 1, 1}));
    EXPECT_EQ(activity_column(hourly, "revenue").integers,
              (std::vector<std::int64_t>{order.price.total.minor(), 0, 26125}));
    EXPECT_EQ(activity_column(hourly, "revenue").kind, ColumnKind::money);
    EXPECT_EQ(activity_column(hourly, "revenue").scale, 2);
    EXPECT_EQ(activity_column(hourly, "currency").texts(), (std::vector<std::string>{"DKK", "DKK", "DKK"}));
    EXPECT_EQ(activity_column(hourly, "cumulative_tickets").integers, (std::vector<std::int64_t>{2, 1, 1}));

    // A day of Copenhagen starts at 23:00 UTC in winter.
    const ReportTable daily = reports.sales_over_time(world.event.id, "day");
    const std::int64_t midnight = ten - 10 * one_hour_us;
    EXPECT_EQ(activity_column(daily, "bucket").integers, (std::vector<std::int64_t>{midnight, midnight, midnight}));
    EXPECT_EQ(activity_column(daily, "channel").texts(), (std::vector<std::string>{"online", "comp", "door"}));

    // A second online order an hour later: its own bucket, the running totals go on.
    world.catalog.clock->set(Instant{ten + one_hour_us + one_minute_us});
    const BuyOrder later = world.pay(world.place({{general.id, 1}}, buyer("Kim Berg", "kim@example.com")));
    const ReportTable again = reports.sales_over_time(world.event.id);
    EXPECT_EQ(activity_column(again, "channel").texts(),
              (std::vector<std::string>{"online", "comp", "online", "door"}));
    EXPECT_EQ(activity_column(again, "cumulative_tickets").integers, (std::vector<std::int64_t>{2, 1, 3, 1}));
    EXPECT_EQ(activity_column(again, "cumulative_revenue").integers,
              (std::vector<std::int64_t>{order.price.total.minor(), 0,
                                         order.price.total.minor() + later.price.total.minor(), 26125}));
    EXPECT_EQ(reports.box_office(world.event.id).row_count(), 0U);
    EXPECT_EQ(reports.open_sales(world.event.id).row_count(), 0U);
}

TEST_F(ReportsActivityTest, RefusesBadArgumentsScopesAndOtherOrganizations) {
    const std::string& event = world.event.id;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)reports.attendance(event, 0); }, "invalid_page_size",
                                              "first must be between 1 and 1000000"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)reports.open_sales(event, 1'000'001); }, "invalid_page_size",
                                              "first must be between 1 and 1000000"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)reports.scan_conflicts(event, 10, "nope"); },
                                              "invalid_cursor", "Cursor 'nope' is not a conflict of this event"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)reports.attendance(event, 10, "nope"); }, "invalid_cursor",
                                              "Cursor 'nope' is not a ticket date of this event"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)reports.open_sales(event, 10, "nope"); }, "invalid_cursor",
                                              "Cursor 'nope' is not an open sale of this event"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)reports.sales_over_time(event, "week"); },
                                              "invalid_report_bucket", "bucket must be 'hour' or 'day', not 'week'"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)reports.inside("no-such-event"); }, "event_not_found",
                                            "Event with id: no-such-event not found."));
    // events:read reads the reports too; a scanner does not.
    const Reports with_events_read{world.catalog.member_with({std::string(scope::events_read)})};
    EXPECT_EQ(with_events_read.inside(event).row_count(), 1U);
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)Reports(scanner).box_office(event); }, "missing_scope",
                                            "Actor 'scanner-1' lacks the scope 'reports:read' or 'events:read'"));
    const OtherOrganization other(world);
    const std::string message = "Actor 'analyst-1' may not access organization '" + other.organization_id + "'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)reports.entries_per_hour(other.event.id); },
                                                    "other_organization", message));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)reports.sales_over_time(other.event.id); },
                                                    "other_organization", message));
}

}  // namespace
