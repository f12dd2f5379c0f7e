#include "ticketcore/model/json.hpp"

#include "ticketcore/values/error_catalogue.hpp"

#include <cstdint>
#include <limits>

namespace ticketcore {

namespace {

/// Throws unless every number in `json` is an integer that fits int64.
void require_integers(const Json& json) {
    const bool too_big =
        json.is_number_unsigned() &&
        json.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (json.is_number_float() || too_big) {
        throw fail::invalid_snapshot("numbers must be integers of 64 bits");
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
        throw fail::invalid_snapshot("malformed JSON");
    }
    require_integers(parsed);
    return parsed;
}

}  // namespace ticketcore
