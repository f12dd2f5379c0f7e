#include "ticketcore/values/rounding.hpp"

#include <string>

#include "ticketcore/values/error_catalogue.hpp"
#include "values/quotient.hpp"

namespace ticketcore {

using boost::multiprecision::cpp_int;

std::string_view to_string(RoundingMode mode) noexcept {
    return mode == RoundingMode::HalfEven ? "HALF_EVEN" : "HALF_UP";
}

RoundingMode rounding_mode_from_string(std::string_view name) {
    if (name == "HALF_UP") return RoundingMode::HalfUp;
    if (name == "HALF_EVEN") return RoundingMode::HalfEven;
    throw fail::unknown_rounding_mode(name);
}

cpp_int round_quotient(const cpp_int& numerator, const cpp_int& denominator, RoundingMode mode) {
    if (denominator == 0) throw fail::division_by_zero();
    const bool negative = (numerator < 0) != (denominator < 0);
    const cpp_int abs_numerator = abs(numerator);
    const cpp_int abs_denominator = abs(denominator);
    cpp_int quotient = abs_numerator / abs_denominator;
    const cpp_int twice_remainder = 2 * (abs_numerator % abs_denominator);
    if (twice_remainder > abs_denominator) {
        ++quotient;
    } else if (twice_remainder == abs_denominator) {
        // An exact tie: HALF_UP goes away from zero, HALF_EVEN to the even neighbour.
        if (mode == RoundingMode::HalfUp || (quotient % 2) != 0) ++quotient;
    }
    return negative ? cpp_int(-quotient) : quotient;
}

}  // namespace ticketcore
