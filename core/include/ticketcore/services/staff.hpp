#pragma once
/// @file staff.hpp
/// @brief The `Staff` area of a Store (see store.hpp for how every operation runs): the staff users
/// and POS readers of the actor's organization (seed 001's `User` and `Company.posReaders`).
/// docs/staff.md is the how-to; rules/staff_rules.hpp checks names, labels and reader states.

#include <optional>
#include <string>
#include <utility>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/staff.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Staff users and POS readers of the actor's organization. Changing them needs
/// `events:write`; reading them `sales` or `events:read` (box-office staff read their readers).
/// The `add_*` operations take an optional idempotency key (a repeat returns the first result, a
/// repeat with another request is refused).
class Staff {
public:
    explicit Staff(Store store) : store_(std::move(store)) {}

    /// @brief Registers `user_id` (the Actor id the web layer maps a staff member to) with a name,
    /// and optionally the reader assigned to them. ConflictError `user_exists` when registered.
    User add_user(const std::string& user_id, const std::string& name,
                  const std::optional<std::string>& pos_reader_id = std::nullopt,
                  const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Gives a registered user another name.
    User rename_user(const std::string& user_id, const std::string& name) const;
    /// @brief Assigns a reader of the organization (any status) to the user, or none (nullopt).
    User assign_pos_reader(const std::string& user_id, const std::optional<std::string>& reader_id) const;
    /// @brief A registered user; NotFoundError `user_not_found` for an id the organization never registered.
    [[nodiscard]] User user(const std::string& user_id) const;
    /// @brief The organization's users in registration order.
    [[nodiscard]] Page<User> users(const PageRequest& request = {}) const;

    /// @brief Adds a reader with a label unique in the organization (ConflictError `pos_reader_label_taken`).
    PosReader add_pos_reader(const std::string& label, PosReaderStatus status = PosReaderStatus::Active,
                             const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Sets the reader's status (what the terminal reports: ACTIVE, INACTIVE, DISCONNECTED).
    PosReader set_pos_reader_status(const std::string& reader_id, PosReaderStatus status) const;
    /// @brief Gives the reader another label, unique in the organization.
    PosReader rename_pos_reader(const std::string& reader_id, const std::string& label) const;
    [[nodiscard]] PosReader pos_reader(const std::string& reader_id) const;
    /// @brief Seed 001's `Company.posReaders`: the organization's readers in creation order.
    [[nodiscard]] Page<PosReader> pos_readers(const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
