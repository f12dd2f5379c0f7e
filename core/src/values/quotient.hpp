#pragma once
/// @file quotient.hpp
/// @brief Exact rational rounding on Boost.Multiprecision integers: internal to the core, so that
/// no public header (and no translation unit that does not divide money) parses Boost.

#include <boost/multiprecision/cpp_int.hpp>

#include "ticketcore/values/rounding.hpp"

namespace ticketcore {

/// @brief numerator / denominator rounded to an integer by `mode`; denominator must be non-zero.
boost::multiprecision::cpp_int round_quotient(const boost::multiprecision::cpp_int& numerator,
                                              const boost::multiprecision::cpp_int& denominator, RoundingMode mode);

}  // namespace ticketcore
