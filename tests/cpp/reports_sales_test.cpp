// store.reports, the sales, orders and refunds section (service layer, both engines): sales per
// specification from the counters (sold, reserved, revenue, fees, VAT) after payments, refunds and
// expiry; an event's orders paged in placing order; their totals per effective state; scopes and
// arguments. Every test ends with check_integrity() (see order_support.hpp).

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// The column `name` of `table`.
const ReportColumn& sales_report_column(const ReportTable& table, const std::string& name) {
    for (const ReportColumn& column : table.columns) {
        if (column.name == name) return column;
    }
    throw std::runtime_error("no column " + name);
}

class ReportsSalesTest : public SellingTest {
protected:
    // 250.00 DKK + 5.00 platform fee + 6.25 percentage fee = 261.25 DKK a ticket, VAT 50.00 in it.
    TicketSpecification member = world.on_sale("Member ticket", 25000, 10, 4);
    Store desk = world.catalog.member_with(
        {std::string(scope::refunds), std::string(scope::events_read), std::string(scope::events_write)});
    Store reader = world.catalog.member_with({std::string(scope::reports_read)});
    Reports reports{reader};

    [[nodiscard]] std::vector<std::int64_t> money_row() const {
        const ReportTable table = reports.sales_per_specification(world.event.id);
        return {sales_report_column(table, "sold").integers.at(0),
                sales_report_column(table, "reserved").integers.at(0),
                sales_report_column(table, "revenue").integers.at(0), sales_report_column(table, "fees").integers.at(0),
                sales_report_column(table, "vat").integers.at(0)};
    }
};

TEST_F(ReportsSalesTest, SalesPerSpecificationMovesWithPaymentsAndRefunds) {
    const ReportTable empty = reports.sales_per_specification(world.event.id);
    EXPECT_EQ(empty.name, "sales_per_specification");
    ASSERT_EQ(empty.columns.size(), 12U);
    EXPECT_EQ(sales_report_column(empty, "specification_id").texts, std::vector<std::string>{member.id});
    EXPECT_EQ(sales_report_column(empty, "name").texts, std::vector<std::string>{"Member ticket"});
    EXPECT_EQ(sales_report_column(empty, "price").integers, std::vector<std::int64_t>{25000});
    EXPECT_EQ(sales_report_column(empty, "price").kind, ColumnKind::money);
    EXPECT_EQ(sales_report_column(empty, "price").scale, 2);
    EXPECT_EQ(sales_report_column(empty, "currency").texts, std::vector<std::string>{"DKK"});
    EXPECT_EQ(sales_report_column(empty, "active").integers, std::vector<std::int64_t>{1});
    EXPECT_EQ(sales_report_column(empty, "for_sale").integers, std::vector<std::int64_t>{10});
    EXPECT_EQ(sales_report_column(empty, "available").integers, std::vector<std::int64_t>{10});
    EXPECT_EQ(money_row(), (std::vector<std::int64_t>{0, 0, 0, 0, 0}));

    const BuyOrder pending = world.place({{member.id, 2}});
    EXPECT_EQ(money_row(), (std::vector<std::int64_t>{0, 2, 0, 0, 0}));
    const BuyOrder paid = world.pay(pending);
    EXPECT_EQ(money_row(), (std::vector<std::int64_t>{2, 0, 52250, 2250, 10000}));

    Refunds refunds{desk};
    NewRefund input;
    input.ticket_id = paid.ticket_ids.at(0);
    const Refund started = refunds.start(input);
    EXPECT_EQ(money_row(), (std::vector<std::int64_t>{2, 0, 52250, 2250, 10000}));  // in progress: still sold
    (void)refunds.complete(started.id, "re_1");
    EXPECT_EQ(money_row(), (std::vector<std::int64_t>{1, 0, 26125, 1125, 5000}));
    EXPECT_TRUE(world.admin.check_integrity().ok());

    const BuyOrder late = world.place({{member.id, 1}}, buyer("Cy Berg", "cy@example.com"));
    world.expire(late);
    EXPECT_EQ(money_row(), (std::vector<std::int64_t>{1, 0, 26125, 1125, 5000}));  // its hold ran out
}

TEST_F(ReportsSalesTest, CheckIntegrityReportsARevenueCounterThatDrifted) {
    (void)world.pay(world.place({{member.id, 1}}));
    ticketcore::testing::corrupt_revenue_counter(world.admin, member.id, 7);
    const IntegrityReport report = world.admin.check_integrity();
    ASSERT_EQ(report.mismatches.size(), 1U);
    EXPECT_EQ(report.mismatches[0].entity_type, "specification");
    EXPECT_EQ(report.mismatches[0].counter, "sold_revenue");
    EXPECT_EQ(report.mismatches[0].stored, 26132);
    EXPECT_EQ(report.mismatches[0].recounted, 26125);
    ticketcore::testing::corrupt_revenue_counter(world.admin, member.id, -7);
}

TEST_F(ReportsSalesTest, OrdersPageInPlacingOrderAndTotalsGroupByEffectiveState) {
    const BuyOrder expired = world.place({{member.id, 1}}, buyer("Cy Berg", "cy@example.com"));
    world.expire(expired);
    world.catalog.clock->advance(one_minute_us);
    const BuyOrder paid = world.pay(world.place({{member.id, 2}}, buyer("Ann Holm", "ann@example.com")));
    const BuyOrder pending = world.place({{member.id, 1}}, buyer("Ben Dahl", "ben@example.com"));

    const ReportTable all = reports.orders(world.event.id);
    EXPECT_EQ(all.name, "orders");
    EXPECT_EQ(sales_report_column(all, "order_id").texts, (std::vector<std::string>{expired.id, paid.id, pending.id}));
    EXPECT_EQ(sales_report_column(all, "state").texts, (std::vector<std::string>{"expired", "paid", "pending"}));
    EXPECT_EQ(sales_report_column(all, "buyer_name").texts,
              (std::vector<std::string>{"Cy Berg", "Ann Holm", "Ben Dahl"}));
    EXPECT_EQ(sales_report_column(all, "tickets").integers, (std::vector<std::int64_t>{1, 2, 1}));
    EXPECT_EQ(sales_report_column(all, "total").integers, (std::vector<std::int64_t>{26125, 52250, 26125}));
    const ReportColumn& paid_at = sales_report_column(all, "paid_at");
    EXPECT_EQ(paid_at.present, (std::vector<bool>{false, true, false}));
    EXPECT_EQ(paid_at.integers.at(1), paid.paid_at->micros);
    EXPECT_FALSE(all.has_next_page);
    EXPECT_EQ(all.end_cursor, std::nullopt);

    const ReportTable first = reports.orders(world.event.id, std::nullopt, 1);
    EXPECT_EQ(sales_report_column(first, "order_id").texts, std::vector<std::string>{expired.id});
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, expired.id);
    const ReportTable next = reports.orders(world.event.id, std::nullopt, 1, first.end_cursor);
    EXPECT_EQ(sales_report_column(next, "order_id").texts, std::vector<std::string>{paid.id});
    EXPECT_EQ(sales_report_column(reports.orders(world.event.id, OrderState::Expired), "order_id").texts,
              std::vector<std::string>{expired.id});

    const ReportTable totals = reports.order_totals(world.event.id);
    EXPECT_EQ(sales_report_column(totals, "state").texts,
              (std::vector<std::string>{"pending", "paid", "expired", "cancelled"}));
    EXPECT_EQ(sales_report_column(totals, "orders").integers, (std::vector<std::int64_t>{1, 1, 1, 0}));
    EXPECT_EQ(sales_report_column(totals, "tickets").integers, (std::vector<std::int64_t>{1, 2, 1, 0}));
    EXPECT_EQ(sales_report_column(totals, "total").integers, (std::vector<std::int64_t>{26125, 52250, 26125, 0}));
}

TEST_F(ReportsSalesTest, RefusesBadArgumentsMissingScopesAndUnknownEvents) {
    EXPECT_TRUE((expect_error<ValidationError>([&] { (void)reports.orders(world.event.id, std::nullopt, 0); },
                                               "invalid_page_size", "first must be between 1 and 1000000")));
    EXPECT_TRUE((expect_error<ValidationError>(
        [&] { (void)reports.orders(world.event.id, std::nullopt, Reports::max_report_page + 1); }, "invalid_page_size",
        "first must be between 1 and 1000000")));
    EXPECT_TRUE((expect_error<ValidationError>(
        [&] { (void)reports.orders(world.event.id, std::nullopt, 10, std::string("nope")); }, "invalid_cursor",
        "Cursor 'nope' is not an order of this event")));
    EXPECT_TRUE((expect_error<NotFoundError>([&] { (void)reports.sales_per_specification("nope"); }, "event_not_found",
                                             "Event with id: nope not found.")));
    const Reports without{world.catalog.member_with({std::string(scope::orders)})};
    EXPECT_TRUE(
        (expect_error<PermissionDeniedError>([&] { (void)without.order_totals(world.event.id); }, "missing_scope",
                                             "Actor 'member-1' lacks the scope 'reports:read' or 'events:read'")));
}

}  // namespace
