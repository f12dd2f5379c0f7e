#pragma once
/// @file error.hpp
/// @brief The error hierarchy shared by every layer: a stable machine code and a human message.

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

/// @brief Base of every error ticketcore raises; `code()` is stable, `what()` is for humans.
class TicketcoreError : public std::runtime_error {
public:
    /// @brief An error with a stable machine code and a message. Control characters and
    /// malformed bytes in the message (quoted user input) are escaped, so it always prints whole.
    TicketcoreError(std::string code, std::string_view message)
        : std::runtime_error(unicode::escape(message)), code_(std::move(code)) {}
    /// @brief The stable machine-readable code, e.g. `too_many_tickets_per_user`.
    [[nodiscard]] const std::string& code() const noexcept { return code_; }

private:
    std::string code_;
};

/// @brief The input is malformed or breaks a rule that does not depend on state.
class ValidationError : public TicketcoreError {
    using TicketcoreError::TicketcoreError;
};

/// @brief The entity named does not exist. (Another organization's entity is a PermissionDeniedError.)
class NotFoundError : public TicketcoreError {
    using TicketcoreError::TicketcoreError;
};

/// @brief The entity is in the wrong state for the operation.
class ConflictError : public TicketcoreError {
    using TicketcoreError::TicketcoreError;
};

/// @brief Not enough capacity, or a per-user limit is reached.
class CapacityError : public TicketcoreError {
    using TicketcoreError::TicketcoreError;
};

/// @brief The actor lacks a scope, or reaches into another organization.
class PermissionDeniedError : public TicketcoreError {
    using TicketcoreError::TicketcoreError;
};

/// @brief The database failed; carries the SQLite result code.
class StorageError : public TicketcoreError {
public:
    /// @brief A storage failure with its SQLite extended result code (0 when not from SQLite).
    StorageError(std::string code, std::string_view message, int sqlite_code = 0)
        : TicketcoreError(std::move(code), message), sqlite_code_(sqlite_code) {}
    /// @brief The SQLite (extended) result code, 0 when the error did not come from SQLite.
    [[nodiscard]] int sqlite_code() const noexcept { return sqlite_code_; }

private:
    int sqlite_code_;
};

}  // namespace ticketcore
