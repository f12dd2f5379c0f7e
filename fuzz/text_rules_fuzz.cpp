// Names, e-mails and promo codes from outside: rules::is_blank / require_name (every name),
// rules::validate_buyer (buyers and ticket holders), Actor::make (what a web layer builds from a
// token) and the promo code rule of PromoCodes::create, on a ":memory:" store built once.
//
// The input is split into fields by FuzzedDataProvider. Properties: each call returns or throws
// a TicketcoreError; require_name refuses exactly what is_blank calls blank; text with a letter
// or digit is never blank, ASCII whitespace always is; an accepted e-mail has one '@' with text
// on both sides and no space, tab or line break; an accepted promo code is non-empty, at most 64
// characters (256 bytes of UTF-8), without ASCII spaces or control characters, and reads back
// byte for byte; and the rules of issue 6, finding 8.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/error.hpp"

using namespace ticketcore;

namespace {

struct Catalogue {
    Store store;
    std::string event_id;
};

Catalogue make_catalogue() {
    const Store root = Store::open(":memory:");
    const Organization organization = Organizations(root.acting_as(Actor::platform("fuzz-platform")))
                                          .create({"Fuzz Club", "DKK", RoundingMode::HalfUp});
    const Store store = root.acting_as(Actor::make(
        "fuzz-admin", organization.id, {std::string(scope::events_read), std::string(scope::events_write)}));
    NewEvent event_input;
    event_input.name = "Fuzz Night";
    event_input.time_zone = "Europe/Copenhagen";
    return {store, Events(store).create(event_input).id};
}

bool has_alnum(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
}
bool ascii_whitespace_only(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}
bool has_ascii_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}
// Code points of valid UTF-8 (each lead byte starts one); bytes when the text is not UTF-8.
std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}
// The Unicode spaces and invisible characters that issue 6 names: NBSP, NEL, ZWSP, ideographic space.
bool has_unicode_space(std::string_view text) {
    for (std::string_view space : {"\xC2\xA0", "\xC2\x85", "\xE2\x80\x8B", "\xE3\x80\x80"}) {
        if (text.find(space) != std::string_view::npos) return true;
    }
    return false;
}
bool only_invisible(std::string_view text) {
    std::string rest(text);
    const std::string_view invisible[] = {"\xC2\xA0", "\xC2\x85", "\xE2\x80\x8B", "\xE3\x80\x80", {"\0", 1}};
    for (std::string_view space : invisible) {
        for (auto at = rest.find(space); at != std::string::npos; at = rest.find(space)) rest.erase(at, space.size());
    }
    return ascii_whitespace_only(rest);
}

void check_name(std::string_view name) {
    const bool blank = rules::is_blank(name);
    bool refused = false;
    try {
        rules::require_name(name);
    } catch (const TicketcoreError&) {
        refused = true;
    }
    FUZZ_CHECK(blank == refused, "is_blank('%s') is %d but require_name %s it", fuzz::escaped(name).c_str(), blank,
               refused ? "refuses" : "accepts");
    FUZZ_CHECK(!(blank && has_alnum(name)), "'%s' has a letter or digit but is blank", fuzz::escaped(name).c_str());
    FUZZ_CHECK(!(!blank && ascii_whitespace_only(name)), "'%s' is only whitespace but not blank",
               fuzz::escaped(name).c_str());
    {
        FUZZ_CHECK(refused || !only_invisible(name), "name '%s' of only invisible characters is accepted",
                   fuzz::escaped(name).c_str());
    }
}

void check_buyer(const BuyerInput& buyer) {
    try {
        rules::validate_buyer(buyer);
    } catch (const TicketcoreError&) {
        return;
    }
    const std::string& email = buyer.email;
    const auto at = email.find('@');
    FUZZ_CHECK(!rules::is_blank(buyer.name), "buyer with blank name '%s' accepted", fuzz::escaped(buyer.name).c_str());
    FUZZ_CHECK(!buyer.user_id || !rules::is_blank(*buyer.user_id), "blank user id accepted");
    FUZZ_CHECK(at != std::string::npos && at > 0 && at + 1 < email.size() &&
                   email.find('@', at + 1) == std::string::npos && email.find_first_of(" \t\r\n") == std::string::npos,
               "e-mail '%s' accepted", fuzz::escaped(email).c_str());
    {
        FUZZ_CHECK(!has_ascii_control(email) && !has_unicode_space(email),
                   "e-mail '%s' with a control or space character accepted (issue 6, finding 8)",
                   fuzz::escaped(email).c_str());
    }
}

void check_actor(const std::string& id, const std::optional<std::string>& organization, const std::string& scope) {
    try {
        const Actor actor = Actor::make(id, organization, {scope});
        FUZZ_CHECK(actor.id == id && actor.organization_id == organization, "Actor::make changed its input");
    } catch (const TicketcoreError&) {}
}

bool valid_utf8(std::string_view text) {
    std::size_t index = 0;
    while (index < text.size()) {
        const auto lead = static_cast<unsigned char>(text[index]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x6  ? 2
                                   : (lead >> 4) == 0xE  ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        if (length == 0 || index + length > text.size()) return false;
        std::uint32_t point = length == 1 ? lead : lead & (0x7F >> length);
        for (std::size_t next = 1; next < length; ++next) {
            const auto byte = static_cast<unsigned char>(text[index + next]);
            if ((byte & 0xC0) != 0x80) return false;
            point = (point << 6) | (byte & 0x3F);
        }
        const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (point < smallest[length] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) return false;
        index += length;
    }
    return true;
}

void check_promo_code(const Catalogue& catalogue, const std::string& code) {
    NewPromoCode input;
    input.event_id = catalogue.event_id;
    input.code = code;
    input.percent_off = 10;
    PromoCode created;
    try {
        created = PromoCodes(catalogue.store).create(input);
    } catch (const TicketcoreError&) {
        {
            const bool plain = !code.empty() && valid_utf8(code) && characters(code) <= 64 &&
                               !has_ascii_control(code) && !rules::has_space_or_invisible(code);
            // A plain code may still be refused as a duplicate; only a new one must be taken.
            bool duplicate = false;
            PageRequest request{max_page_size, std::nullopt};
            for (bool more = true; more;) {
                const Page<PromoCode> page = PromoCodes(catalogue.store).list(catalogue.event_id, request);
                for (const PromoCode& existing : page.nodes) duplicate = duplicate || existing.code == code;
                more = page.has_next_page;
                request.after = page.end_cursor;
            }
            FUZZ_CHECK(!plain || duplicate, "promo code '%s' (%zu characters) refused (issue 6, finding 8)",
                       fuzz::escaped(code).c_str(), characters(code));
        }
        return;
    }
    FUZZ_CHECK(
        !code.empty() && code.size() <= 4 * 64 && code.find(' ') == std::string::npos && !has_ascii_control(code),
        "promo code '%s' accepted", fuzz::escaped(code).c_str());
    FUZZ_CHECK(created.code == code, "promo code '%s' stored as '%s'", fuzz::escaped(code).c_str(),
               fuzz::escaped(created.code).c_str());
    FUZZ_CHECK(PromoCodes(catalogue.store).get(created.id).code == code, "promo code '%s' reads back changed",
               fuzz::escaped(code).c_str());
    {
        FUZZ_CHECK(!has_unicode_space(code), "promo code '%s' with a Unicode space accepted (issue 6, finding 8)",
                   fuzz::escaped(code).c_str());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Catalogue catalogue = make_catalogue();
    FuzzedDataProvider input(data, size);
    const std::uint8_t selector = input.ConsumeIntegral<std::uint8_t>();
    BuyerInput buyer;
    if (selector & 1) buyer.user_id = input.ConsumeRandomLengthString(64);
    buyer.name = input.ConsumeRandomLengthString(128);
    buyer.email = input.ConsumeRandomLengthString(128);
    const std::string code = input.ConsumeRemainingBytesAsString();

    check_name(buyer.name);
    check_name(code);
    check_buyer(buyer);
    check_actor(buyer.name, (selector & 2) ? std::optional<std::string>(buyer.email) : std::nullopt, code);
    // The store part is slower (SQLite): on about a quarter of the inputs.
    if ((selector & 0x0C) == 0) check_promo_code(catalogue, code);
    return 0;
}
