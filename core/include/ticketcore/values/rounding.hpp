#pragma once
/// @file rounding.hpp
/// @brief Named rounding modes and exact rational rounding.

#include <boost/multiprecision/cpp_int.hpp>
#include <string_view>

namespace ticketcore {

/// @brief How an exact intermediate result is rounded to minor units; one per organization.
enum class RoundingMode {
    HalfUp,    ///< ties away from zero (commercial rounding, the default)
    HalfEven,  ///< ties to the even neighbour (banker's rounding)
};

/// @brief "HALF_UP" / "HALF_EVEN".
std::string_view to_string(RoundingMode mode) noexcept;
/// @brief Parses "HALF_UP" / "HALF_EVEN"; throws ValidationError `unknown_rounding_mode`.
RoundingMode rounding_mode_from_string(std::string_view name);

/// @brief numerator / denominator rounded to an integer by `mode`; denominator must be non-zero.
boost::multiprecision::cpp_int round_quotient(const boost::multiprecision::cpp_int& numerator,
                                              const boost::multiprecision::cpp_int& denominator,
                                              RoundingMode mode);

}  // namespace ticketcore
