// store.reports, the sales, orders and refunds section (service layer, both engines): sales per
// specification from the counters (sold, reserved, revenue, fees, VAT) after payments, refunds and
// expiry; an event's orders paged in placing order; their totals per effective state; its ticket
// holders and refund activity paged through their indexes; scopes and arguments. Every test ends with check_integrity()
// (see order_support.hpp).

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
    EXPECT_EQ(sales_report_column(empty, "specification_id").texts(), std::vector<std::string>{member.id});
    EXPECT_EQ(sales_report_column(empty, "name").texts(), std::vector<std::string>{"Member ticket"});
    EXPECT_EQ(sales_report_column(empty, "price").integers, std::vector<std::int64_t>{25000});
    EXPECT_EQ(sales_report_column(empty, "price").kind, ColumnKind::money);
    EXPECT_EQ(sales_report_column(empty, "price").scale, 2);
    EXPECT_EQ(sales_report_column(empty, "currency").texts(), std::vector<std::string>{"DKK"});
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
    EXPECT_EQ(sales_report_column(all, "order_id").texts(),
              (std::vector<std::string>{expired.id, paid.id, pending.id}));
    EXPECT_EQ(sales_report_column(all, "state").texts(), (std::vector<std::string>{"expired", "paid", "pending"}));
    EXPECT_EQ(sales_report_column(all, "buyer_name").texts(),
              (std::vector<std::string>{"Cy Berg", "Ann Holm", "Ben Dahl"}));
    EXPECT_EQ(sales_report_column(all, "tickets").integers, (std::vector<std::int64_t>{1, 2, 1}));
    EXPECT_EQ(sales_report_column(all, "total").integers, (std::vector<std::int64_t>{26125, 52250, 26125}));
    const ReportColumn& paid_at = sales_report_column(all, "paid_at");
    EXPECT_EQ(paid_at.present, (std::vector<bool>{false, true, false}));
    EXPECT_EQ(paid_at.integers.at(1), paid.paid_at->micros);
    EXPECT_FALSE(all.has_next_page);
    EXPECT_EQ(all.end_cursor, std::nullopt);

    const ReportTable first = reports.orders(world.event.id, std::nullopt, 1);
    EXPECT_EQ(sales_report_column(first, "order_id").texts(), std::vector<std::string>{expired.id});
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, expired.id);
    const ReportTable next = reports.orders(world.event.id, std::nullopt, 1, first.end_cursor);
    EXPECT_EQ(sales_report_column(next, "order_id").texts(), std::vector<std::string>{paid.id});
    EXPECT_EQ(sales_report_column(reports.orders(world.event.id, OrderState::Expired), "order_id").texts(),
              std::vector<std::string>{expired.id});

    const ReportTable totals = reports.order_totals(world.event.id);
    EXPECT_EQ(sales_report_column(totals, "state").texts(),
              (std::vector<std::string>{"pending", "paid", "expired", "cancelled"}));
    EXPECT_EQ(sales_report_column(totals, "orders").integers, (std::vector<std::int64_t>{1, 1, 1, 0}));
    EXPECT_EQ(sales_report_column(totals, "tickets").integers, (std::vector<std::int64_t>{1, 2, 1, 0}));
    EXPECT_EQ(sales_report_column(totals, "total").integers, (std::vector<std::int64_t>{26125, 52250, 26125, 0}));
}

TEST_F(ReportsSalesTest, TicketHoldersAreTheHoldersOfTicketsHoldersAsRows) {
    const BuyOrder ann = world.pay(world.place({{member.id, 2}}, buyer("Ann Holm", "ann@example.com")));
    world.catalog.clock->advance(one_minute_us);
    (void)world.place({{member.id, 1}}, buyer("Ann Holm", "ann@example.com"));  // pending, no ticket
    const BuyOrder bo = world.pay(world.place({{member.id, 1}}, buyer("Bo Falk", "bo@example.com")));
    (void)world.place({{member.id, 1}}, buyer("Cy Berg", "cy@example.com"));  // no ticket: no holder

    const ReportTable all = reports.ticket_holders(world.event.id);
    EXPECT_EQ(all.name, "ticket_holders");
    ASSERT_EQ(all.columns.size(), 9U);
    HolderQuery query;
    query.event_id = world.event.id;
    const HolderPage page = Tickets{world.admin}.holders(query);
    ASSERT_EQ(page.nodes.size(), 2U);
    EXPECT_EQ(sales_report_column(all, "holder_id").texts(),
              (std::vector<std::string>{page.nodes[0].id, page.nodes[1].id}));
    EXPECT_EQ(sales_report_column(all, "issue_time").integers,
              (std::vector<std::int64_t>{page.nodes[0].issue_time.micros, page.nodes[1].issue_time.micros}));
    EXPECT_EQ(sales_report_column(all, "issue_time").kind, ColumnKind::instant);
    EXPECT_EQ(sales_report_column(all, "buyer_id").texts(), (std::vector<std::string>{ann.buyer_id, bo.buyer_id}));
    EXPECT_EQ(sales_report_column(all, "user_id").present, (std::vector<bool>{false, false}));
    EXPECT_EQ(sales_report_column(all, "name").texts(), (std::vector<std::string>{"Ann Holm", "Bo Falk"}));
    EXPECT_EQ(sales_report_column(all, "email").texts(),
              (std::vector<std::string>{"ann@example.com", "bo@example.com"}));
    EXPECT_EQ(sales_report_column(all, "tickets").integers, (std::vector<std::int64_t>{2, 1}));
    EXPECT_EQ(sales_report_column(all, "orders").integers, (std::vector<std::int64_t>{2, 1}));
    EXPECT_FALSE(all.has_next_page);
    EXPECT_EQ(sales_report_column(reports.ticket_holders(world.event.id, OrderState::Pending), "orders").integers,
              (std::vector<std::int64_t>{1, 0}));

    const ReportTable first = reports.ticket_holders(world.event.id, std::nullopt, 1);
    EXPECT_EQ(sales_report_column(first, "holder_id").texts(), std::vector<std::string>{page.nodes[0].id});
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, page.nodes[0].id);
    const ReportTable next = reports.ticket_holders(world.event.id, std::nullopt, 1, first.end_cursor);
    EXPECT_EQ(sales_report_column(next, "holder_id").texts(), std::vector<std::string>{page.nodes[1].id});
    EXPECT_FALSE(next.has_next_page);
    EXPECT_EQ(next.end_cursor, std::nullopt);
}

TEST_F(ReportsSalesTest, RefundActivityListsRefundedAndInProgressTicketsWithAmounts) {
    const BuyOrder paid = world.pay(world.place({{member.id, 3}}, buyer("Ann Holm", "ann@example.com")));
    Refunds refunds{desk};
    NewRefund input;
    input.ticket_id = paid.ticket_ids.at(0);
    const Refund done = refunds.start(input);
    world.catalog.clock->advance(one_minute_us);
    const Refund closed = refunds.complete(done.id, "re_1");
    input.ticket_id = paid.ticket_ids.at(2);
    const Refund open = refunds.start(input);
    input.ticket_id = paid.ticket_ids.at(1);
    (void)refunds.fail(refunds.start(input).id, "card expired");  // a failed refund: not listed

    const ReportTable all = reports.refund_activity(world.event.id);
    EXPECT_EQ(all.name, "refund_activity");
    ASSERT_EQ(all.columns.size(), 12U);
    EXPECT_EQ(sales_report_column(all, "ticket_id").texts(),
              (std::vector<std::string>{paid.ticket_ids.at(0), paid.ticket_ids.at(2)}));
    EXPECT_EQ(sales_report_column(all, "specification_id").texts(), (std::vector<std::string>{member.id, member.id}));
    EXPECT_EQ(sales_report_column(all, "specification").texts(),
              (std::vector<std::string>{"Member ticket", "Member ticket"}));
    EXPECT_EQ(sales_report_column(all, "holder_name").texts(), (std::vector<std::string>{"Ann Holm", "Ann Holm"}));
    EXPECT_EQ(sales_report_column(all, "purchase_date").integers,
              (std::vector<std::int64_t>{paid.paid_at->micros, paid.paid_at->micros}));
    EXPECT_EQ(sales_report_column(all, "refund_id").texts(), (std::vector<std::string>{done.id, open.id}));
    EXPECT_EQ(sales_report_column(all, "refund_state").texts(), (std::vector<std::string>{"refunded", "in_progress"}));
    const ReportColumn& amount = sales_report_column(all, "amount");
    EXPECT_EQ(amount.kind, ColumnKind::money);
    EXPECT_EQ(amount.scale, 2);
    EXPECT_EQ(amount.integers, (std::vector<std::int64_t>{done.amount.minor(), open.amount.minor()}));
    EXPECT_EQ(sales_report_column(all, "currency").texts(), (std::vector<std::string>{"DKK", "DKK"}));
    EXPECT_EQ(sales_report_column(all, "requested").integers,
              (std::vector<std::int64_t>{done.created.micros, open.created.micros}));
    const ReportColumn& completed = sales_report_column(all, "completed");
    EXPECT_EQ(completed.present, (std::vector<bool>{true, false}));
    EXPECT_EQ(completed.integers.at(0), closed.closed->micros);
    EXPECT_EQ(completed.integers.at(0), done.created.micros + one_minute_us);

    const ReportTable first = reports.refund_activity(world.event.id, 1);
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, paid.ticket_ids.at(0));
    const ReportTable next = reports.refund_activity(world.event.id, 1, first.end_cursor);
    EXPECT_EQ(sales_report_column(next, "ticket_id").texts(), std::vector<std::string>{paid.ticket_ids.at(2)});
    EXPECT_FALSE(next.has_next_page);
    // A cursor on a ticket not in the list (its refund failed) is still a place in issue order.
    EXPECT_EQ(
        sales_report_column(reports.refund_activity(world.event.id, 10, paid.ticket_ids.at(1)), "ticket_id").texts(),
        std::vector<std::string>{paid.ticket_ids.at(2)});
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
    EXPECT_TRUE((expect_error<ValidationError>(
        [&] { (void)reports.ticket_holders(world.event.id, std::nullopt, 10, std::string("nope")); }, "invalid_cursor",
        "Cursor 'nope' is not a holder of this event")));
    EXPECT_TRUE(
        (expect_error<ValidationError>([&] { (void)reports.refund_activity(world.event.id, 10, std::string("nope")); },
                                       "invalid_cursor", "Cursor 'nope' is not a ticket of this event")));
    EXPECT_TRUE((expect_error<ValidationError>([&] { (void)reports.refund_activity(world.event.id, 0); },
                                               "invalid_page_size", "first must be between 1 and 1000000")));
    EXPECT_TRUE((expect_error<ValidationError>(
        [&] { (void)reports.ticket_holders(world.event.id, std::nullopt, Reports::max_report_page + 1); },
        "invalid_page_size", "first must be between 1 and 1000000")));
    EXPECT_TRUE((expect_error<NotFoundError>([&] { (void)reports.sales_per_specification("nope"); }, "event_not_found",
                                             "Event with id: nope not found.")));
    const Reports without{world.catalog.member_with({std::string(scope::orders)})};
    EXPECT_TRUE(
        (expect_error<PermissionDeniedError>([&] { (void)without.order_totals(world.event.id); }, "missing_scope",
                                             "Actor 'member-1' lacks the scope 'reports:read' or 'events:read'")));
    EXPECT_TRUE(
        (expect_error<PermissionDeniedError>([&] { (void)without.ticket_holders(world.event.id); }, "missing_scope",
                                             "Actor 'member-1' lacks the scope 'reports:read' or 'events:read'")));
    EXPECT_TRUE(
        (expect_error<PermissionDeniedError>([&] { (void)without.refund_activity(world.event.id); }, "missing_scope",
                                             "Actor 'member-1' lacks the scope 'reports:read' or 'events:read'")));
}

}  // namespace
