#include "ticketcore/values/error_catalogue.hpp"

#include <gtest/gtest.h>

#include <type_traits>

#include "test_support.hpp"
#include "ticketcore/values/currency.hpp"
#include "ticketcore/values/money.hpp"

using namespace ticketcore;

namespace {

template <typename E>
void expect(const E& error, std::string_view code, std::string_view message) {
    EXPECT_EQ(error.code(), code);
    EXPECT_EQ(std::string_view(error.what()), message);
}

}  // namespace

TEST(ErrorCatalogue, FactoriesReturnTheTypedErrorOfTheirCheck) {
    static_assert(std::is_same_v<decltype(fail::event_completed("")), ConflictError>);
    static_assert(std::is_same_v<decltype(fail::sold_out("")), CapacityError>);
    static_assert(std::is_same_v<decltype(fail::maximum_per_user_above_quota()), ValidationError>);
    static_assert(std::is_same_v<decltype(fail::too_many_tickets_per_user()), CapacityError>);
    static_assert(std::is_same_v<decltype(fail::schema_too_new("", 0, 0, "")), StorageError>);
}

TEST(ErrorCatalogue, AStateCheckHasOneTemplateWithTheActionInIt) {
    // Seed 003's wording, and the same shape for every other operation.
    expect(fail::event_completed("edit ticket specification for"), "event_completed",
           "Cannot edit ticket specification for an event, which is completed");
    expect(fail::event_completed("publish"), "event_completed", "Cannot publish an event, which is completed");
    expect(fail::event_published("remove ticket specification from"), "event_published",
           "Cannot remove ticket specification from an event, which has already been published");
    expect(fail::event_not_published("buy tickets for"), "event_not_published",
           "Cannot buy tickets for an event, which is not published");
}

TEST(ErrorCatalogue, MessagesCarryTheirValues) {
    const Currency dkk = Currency::of("DKK");
    expect(fail::amount_mismatch(Money(100, dkk), "order total", Money(25000, dkk)), "amount_mismatch",
           "Payment of 1.00 DKK does not match the order total of 250.00 DKK");
    expect(fail::rate_out_of_range("percent_off", 1), "invalid_rate",
           "percent_off must be between 1 and 10000 basis points");
    expect(fail::invalid_money_amount(std::string(50, '9')), "invalid_amount",
           "Invalid money amount: '" + std::string(40, '9') + "...'");
    expect(fail::specification_sold("s1"), "specification_sold",
           "Tickets for ticket specification with id: s1 has already been sold.");
}

TEST(ErrorCatalogue, StorageErrorsCarryTheEngineAndItsCode) {
    const StorageError busy = fail::database_busy(1, "database is locked", "sqlite", "5");
    expect(busy, "database_busy", "The database stayed busy after 1 attempt (database is locked)");
    EXPECT_EQ(busy.backend(), "sqlite");
    EXPECT_EQ(busy.backend_code(), "5");
    expect(fail::database_busy(8, "deadlock detected", "postgresql", "40P01"), "database_busy",
           "The database stayed busy after 8 attempts (deadlock detected)");
    const StorageError lost = fail::connection_lost("postgresql://h/db", "server closed the connection", "");
    EXPECT_EQ(lost.code(), "connection_failed");
    EXPECT_EQ(lost.backend(), "postgresql");
}
