// Money amounts from outside: Money::parse (what Money("...", "DKK") and every amount given as
// text reach), Currency::of, and the round trip through to_decimal_string.
//
// The first byte picks the currency (exponents 0, 2 and 3); the rest is the amount text.
// Properties: parse either returns or throws a TicketcoreError (ValidationError); a parsed
// amount prints with exactly `exponent` decimals and parses back to the same Money; Currency::of
// of any bytes is a known code or a ValidationError.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ticketcore/values/currency.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/money.hpp"

using ticketcore::Currency;
using ticketcore::Money;

namespace {

constexpr std::string_view currency_codes[] = {"DKK", "JPY", "KWD", "EUR", "ISK", "BHD", "USD", "KRW"};

void check_decimal_form(const Money& money, const std::string& text) {
    const int exponent = money.currency().exponent();
    const auto point = text.find('.');
    if (exponent == 0) {
        FUZZ_CHECK(point == std::string::npos, "'%s' has a point in a 0-exponent currency", text.c_str());
    } else {
        FUZZ_CHECK(point != std::string::npos && text.size() - point - 1 == static_cast<std::size_t>(exponent),
                   "'%s' does not have %d decimals", text.c_str(), exponent);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const Currency currency = Currency::of(currency_codes[data[0] % std::size(currency_codes)]);
    const std::string_view amount = bytes.substr(1);

    try {
        const Currency found = Currency::of(amount);
        FUZZ_CHECK(found.code() == amount, "Currency::of('%s') gave %.3s", fuzz::escaped(amount).c_str(),
                   found.code().data());
    } catch (const ticketcore::TicketcoreError&) {}

    Money parsed = Money::zero(currency);
    try {
        parsed = Money::parse(amount, currency);
    } catch (const ticketcore::TicketcoreError&) {
        return 0;
    }
    FUZZ_CHECK(parsed.currency() == currency, "parse changed the currency");
    const std::string text = parsed.to_decimal_string();
    check_decimal_form(parsed, text);
    Money again = Money::zero(currency);
    try {
        again = Money::parse(text, currency);
    } catch (const ticketcore::TicketcoreError& error) {
        FUZZ_CHECK(false, "'%s' parsed to %lld minor, printed as '%s', which does not parse: %s",
                   fuzz::escaped(amount).c_str(), static_cast<long long>(parsed.minor()), text.c_str(), error.what());
    }
    FUZZ_CHECK(again == parsed, "'%s' parsed to %lld minor, printed as '%s', parsed back to %lld",
               fuzz::escaped(amount).c_str(), static_cast<long long>(parsed.minor()), text.c_str(),
               static_cast<long long>(again.minor()));
    // Negation of a parsed amount prints as its negative (no "--", no "-0.00").
    if (parsed.minor() != INT64_MIN && parsed.minor() != 0) {
        const std::string negative = (-parsed).to_decimal_string();
        FUZZ_CHECK(negative.front() == '-' ? negative.substr(1) == text : "-" + negative == text,
                   "'%s' negated prints as '%s'", text.c_str(), negative.c_str());
    }
    return 0;
}
