#include "ticketcore/model/json.hpp"

#include <cstdint>
#include <limits>

namespace ticketcore {

namespace {

/// Throws unless every number in `json` is an integer that fits int64.
void require_integers(const Json& json) {
    const bool too_big = json.is_number_unsigned() &&
                         json.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (json.is_number_float() || too_big) {
        throw ValidationError("invalid_snapshot", "Cannot restore the pickled value: numbers must be integers of 64 bits");
    }
    if (json.is_structured()) {
        for (const auto& item : json) require_integers(item);
    }
}

}  // namespace

Json parse_snapshot(std::string_view text) {
    Json parsed;
    try {
        parsed = Json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw ValidationError("invalid_snapshot", "Cannot restore the pickled value: malformed JSON");
    }
    require_integers(parsed);
    return parsed;
}

}  // namespace ticketcore
