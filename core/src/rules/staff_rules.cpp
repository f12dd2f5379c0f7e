#include "ticketcore/rules/staff_rules.hpp"

#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

std::string_view to_string(PosReaderStatus status) noexcept {
    switch (status) {
        case PosReaderStatus::Active: return "ACTIVE";
        case PosReaderStatus::Inactive: return "INACTIVE";
        case PosReaderStatus::Disconnected: return "DISCONNECTED";
    }
    return "ACTIVE";  // unreachable: every status is listed
}

PosReaderStatus pos_reader_status_from_string(std::string_view text) {
    if (text == "ACTIVE") return PosReaderStatus::Active;
    if (text == "INACTIVE") return PosReaderStatus::Inactive;
    if (text == "DISCONNECTED") return PosReaderStatus::Disconnected;
    throw fail::unknown_pos_reader_status(text);
}

}  // namespace ticketcore

namespace ticketcore::rules {

namespace {

bool is_control(char32_t code_point) noexcept {
    return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

/// The checks user_name and pos_reader_label share; `blank` is the error of a blank text.
std::string display_text(std::string_view text, std::string_view field, std::size_t max_length,
                         ValidationError (*blank)()) {
    require_text(text, field);
    std::string kept(trimmed(text));
    if (is_blank(kept)) throw blank();
    if (unicode::length(kept) > max_length) throw fail::text_too_long(field, max_length);
    if (has_control(kept)) throw fail::text_has_control(field);
    return kept;
}

}  // namespace

bool has_control(std::string_view text) noexcept {
    std::size_t position = 0;
    while (position < text.size()) {
        char32_t code_point = 0;
        if (!unicode::next(text, position, code_point)) {
            ++position;
            continue;
        }
        if (is_control(code_point)) return true;
    }
    return false;
}

void check_user_id(std::string_view user_id) {
    require_text(user_id, "user_id", max_user_id_length);
    if (is_blank(user_id)) throw fail::user_id_required();
    if (has_control(user_id)) throw fail::text_has_control("user_id");
}

std::string user_name(std::string_view name) {
    return display_text(name, "name", max_user_name_length, &fail::name_required);
}

std::string pos_reader_label(std::string_view label) {
    return display_text(label, "label", max_pos_reader_label_length, &fail::label_required);
}

std::string pos_reader_label_key(std::string_view label) {
    return ascii_lower(label);
}

void check_reader_usable(const PosReader& reader) {
    if (reader.status != PosReaderStatus::Active) {
        throw fail::pos_reader_not_active(reader.label, to_string(reader.status));
    }
}

}  // namespace ticketcore::rules
