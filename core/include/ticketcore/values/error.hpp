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

/// @brief The database failed; carries the engine and the engine's own error code.
class StorageError : public TicketcoreError {
public:
    /// @brief A storage failure of `backend` ("sqlite", "postgresql"; empty when no engine was
    /// reached) with the engine's own code: SQLite's extended result code in decimal, or
    /// PostgreSQL's SQLSTATE (empty when the engine gave none).
    StorageError(std::string code, std::string_view message, std::string backend = {}, std::string backend_code = {})
        : TicketcoreError(std::move(code), message),
          backend_(std::move(backend)),
          backend_code_(std::move(backend_code)) {}
    /// @brief The engine that failed: "sqlite" or "postgresql" (empty when none was reached).
    [[nodiscard]] const std::string& backend() const noexcept { return backend_; }
    /// @brief The engine's own code: SQLite's extended result code ("2067"), PostgreSQL's SQLSTATE ("40001").
    [[nodiscard]] const std::string& backend_code() const noexcept { return backend_code_; }

private:
    std::string backend_;
    std::string backend_code_;
};

}  // namespace ticketcore
