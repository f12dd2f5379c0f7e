// Time zones from outside: require_time_zone (every event's `time_zone`) and format_local (the
// local RFC 3339 form of an instant in a zone), plus format_utc.
//
// The first 8 bytes give an instant inside Python's datetime range (what the core stores);
// the rest is the zone name. Properties: require_time_zone and format_local accept the same
// names; an unknown name is a TicketcoreError; a formatted local time with its offset is the
// same instant (to the second); format_utc reads back to the instant (to the microsecond).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/time.hpp"

using namespace ticketcore;

namespace {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in Unix microseconds.
constexpr std::int64_t min_micros = -62'135'596'800'000'000;
constexpr std::int64_t max_micros = 253'402'300'799'999'999;

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool digits(std::string_view text, std::size_t at, std::size_t count, std::int64_t& value) {
    if (at + count > text.size()) return false;
    value = 0;
    for (std::size_t index = at; index < at + count; ++index) {
        if (text[index] < '0' || text[index] > '9') return false;
        value = value * 10 + (text[index] - '0');
    }
    return true;
}

// Reads "YYYY-MM-DDTHH:MM:SS" at the start of `text` into Unix seconds (local wall time).
bool read_wall_time(std::string_view text, std::int64_t& seconds) {
    std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 19 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, mo) || text[7] != '-' ||
        !digits(text, 8, 2, d) || text[10] != 'T' || !digits(text, 11, 2, h) || text[13] != ':' ||
        !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s)) {
        return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return false;
    seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 8) return 0;
    std::uint64_t raw = 0;
    std::memcpy(&raw, data, 8);
    const std::uint64_t span = static_cast<std::uint64_t>(max_micros - min_micros) + 1;
    const Instant instant{min_micros + static_cast<std::int64_t>(raw % span)};
    const std::string_view zone(reinterpret_cast<const char*>(data) + 8, size - 8);

    const std::string utc = format_utc(instant);
    std::int64_t utc_seconds = 0, fraction = 0;
    FUZZ_CHECK(utc.size() == 27 && read_wall_time(utc, utc_seconds) && utc[19] == '.' && digits(utc, 20, 6, fraction) &&
                   utc[26] == 'Z' && utc_seconds * 1'000'000 + fraction == instant.micros,
               "format_utc(%lld) is '%s'", static_cast<long long>(instant.micros), utc.c_str());

    bool known = true;
    try {
        require_time_zone(zone);
    } catch (const TicketcoreError&) {
        known = false;
    }
    std::string local;
    try {
        local = format_local(instant, zone);
        FUZZ_CHECK(known, "format_local accepts zone '%s' that require_time_zone refuses", fuzz::escaped(zone).c_str());
    } catch (const TicketcoreError& error) {
        FUZZ_CHECK(!known, "format_local(%lld, '%s') refuses a zone require_time_zone accepts: %s",
                   static_cast<long long>(instant.micros), fuzz::escaped(zone).c_str(), error.what());
        return 0;
    }
    { FUZZ_CHECK(zone != "localtime", "'localtime' is accepted as an IANA zone (issue 6, finding 8)"); }

    // Local years 0000 and 10000 can occur at the ends of the range: check the rest then.
    std::int64_t wall = 0, offset_hours = 0, offset_minutes = 0;
    const std::string_view text(local);
    const bool shaped = text.size() == 25 && read_wall_time(text, wall) && (text[19] == '+' || text[19] == '-') &&
                        digits(text, 20, 2, offset_hours) && text[22] == ':' && digits(text, 23, 2, offset_minutes);
    const bool edge_year = text.size() == 26 || text.starts_with("0000-");
    FUZZ_CHECK(shaped || edge_year, "format_local(%lld, '%s') is '%s'", static_cast<long long>(instant.micros),
               fuzz::escaped(zone).c_str(), local.c_str());
    if (!shaped) return 0;
    const std::int64_t offset = (text[19] == '-' ? -1 : 1) * (offset_hours * 3600 + offset_minutes * 60);
    FUZZ_CHECK(offset_hours <= 24 && offset_minutes <= 59, "offset of '%s'", local.c_str());
    // %z shows whole minutes: LMT offsets with seconds are cut, so allow up to a minute.
    const std::int64_t difference = wall - offset - floor_div(instant.micros, 1'000'000);
    FUZZ_CHECK(difference > -60 && difference < 60, "format_local(%lld, '%s') is '%s', %lld s away",
               static_cast<long long>(instant.micros), fuzz::escaped(zone).c_str(), local.c_str(),
               static_cast<long long>(difference));
    return 0;
}
