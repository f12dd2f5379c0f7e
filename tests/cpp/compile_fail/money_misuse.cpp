// Wrong use of Money must not compile. Built once per CASE_* macro by CMake; each build must
// fail. Without a macro (the control), the file is valid Money code and must compile, which
// proves a failing case fails for its own line and not for a broken harness.
#include <cstdint>

#include "ticketcore/values/money.hpp"

namespace {

using ticketcore::Currency;
using ticketcore::Money;

std::int64_t take_money(Money money) {
    return money.minor();
}

}  // namespace

int main() {
    const Currency dkk = Currency::of("DKK");
    const Money price(25000, dkk);
    const Money fee(500, dkk);

    // The valid forms next to each misuse: quantity * money, money + money, explicit construction.
    Money total = price * 3 + fee;
    total = 2 * total;
    std::int64_t result = take_money(total) + take_money(Money(5, dkk));

#if defined(CASE_money_times_money)
    const Money product = price * fee;
    result += product.minor();
#endif

#if defined(CASE_money_plus_int)
    const Money sum = price + 5;
    result += sum.minor();
#endif

#if defined(CASE_money_implicit_from_int)
    Money from_int = 5;
    result += from_int.minor();
    result += take_money(5);
#endif

    return result == 151005 ? 0 : 1;
}
