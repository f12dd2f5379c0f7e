#pragma once
/// @file rounding.hpp
/// @brief Named rounding modes (the exact rounding of a quotient is internal: core/src/values/quotient.hpp).

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

}  // namespace ticketcore
