#pragma once
/// @file staff.hpp
/// @brief Staff users and POS readers of an organization (seed 001's `User` and
/// `Company.posReaders`): who sells at the box office, and the card readers a sale can be paid on.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Seed 001's reader status: only an ACTIVE reader takes a payment.
enum class PosReaderStatus : std::uint8_t { Active, Inactive, Disconnected };
/// @brief "ACTIVE" / "INACTIVE" / "DISCONNECTED" (the seed's names, also what the store keeps).
std::string_view to_string(PosReaderStatus status) noexcept;
/// @brief Inverse of to_string; throws ValidationError `unknown_pos_reader_status`.
PosReaderStatus pos_reader_status_from_string(std::string_view text);

/// @brief A POS card reader of an organization (seed 001's `posReaders`: id, label, status).
struct PosReader {
    std::string id;
    /// @brief What staff call it ("Till 1"); unique in the organization, ignoring ASCII case.
    std::string label;
    PosReaderStatus status = PosReaderStatus::Active;
    Instant created;
    friend bool operator==(const PosReader&, const PosReader&) = default;
};

/// @brief A staff user of an organization (seed 001's `User`, a sale's `creator` and `committer`):
/// the id is the Actor id the web layer maps the person to, with the name shown for it.
struct User {
    /// @brief The Actor id (values/actor.hpp) of the person, within the organization.
    std::string id;
    std::string name;
    /// @brief The reader assigned to the user (seed 001's `User.posReader`), whatever its status.
    std::optional<PosReader> pos_reader;
    /// @brief When the user was registered; nullopt for an actor nobody registered, whom a sale
    /// shows by its id (see docs/staff.md).
    std::optional<Instant> created;
    friend bool operator==(const User&, const User&) = default;
};

}  // namespace ticketcore
