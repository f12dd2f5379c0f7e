#include "ticketcore/values/currency.hpp"

#include <algorithm>
#include <string>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

struct KnownCurrency {
    std::string_view code;
    int exponent;
};

// ISO 4217 minor-unit exponents of the currencies ticketcore sells in.
constexpr KnownCurrency known_currencies[] = {
    {"AUD", 2}, {"BHD", 3}, {"CAD", 2}, {"CHF", 2}, {"CZK", 2}, {"DKK", 2}, {"EUR", 2},
    {"GBP", 2}, {"HUF", 2}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KRW", 0}, {"KWD", 3},
    {"NOK", 2}, {"NZD", 2}, {"OMR", 3}, {"PLN", 2}, {"SEK", 2}, {"USD", 2},
};

}  // namespace

Currency Currency::of(std::string_view code) {
    const auto* found = std::find_if(std::begin(known_currencies), std::end(known_currencies),
                                     [&](const KnownCurrency& known) { return known.code == code; });
    if (found == std::end(known_currencies)) {
        throw fail::unknown_currency(code);
    }
    return Currency({found->code[0], found->code[1], found->code[2], '\0'}, found->exponent);
}

}  // namespace ticketcore
