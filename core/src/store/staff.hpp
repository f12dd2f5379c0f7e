#pragma once
// Private to the core (layer 4, store): the repository of staff users and POS readers. Every
// statement is scoped by the tenant (store::Tenant): a user id is an Actor id, and two
// organizations may each have a user of the same id.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/staff.hpp"

namespace ticketcore::repository {

class StaffRepository {
public:
    StaffRepository() = default;
    StaffRepository(const StaffRepository&) = delete;
    StaffRepository& operator=(const StaffRepository&) = delete;
    virtual ~StaffRepository() = default;

    /// @brief The organization's user with the id, with the reader assigned to them.
    virtual std::optional<User> find_user(const std::string& user_id) = 0;
    /// @brief The place of the user in registration order; nullopt for no user of the organization.
    virtual std::optional<std::int64_t> user_position(const std::string& user_id) = 0;
    /// @brief Up to `limit` users registered after `after_position` (0: from the first), in
    /// registration order.
    virtual std::vector<User> page_users(std::int64_t after_position, std::int64_t limit) = 0;
    virtual void insert_user(const std::string& organization_id, const User& user) = 0;
    virtual void rename_user(const std::string& user_id, const std::string& name) = 0;
    /// @brief Assigns the reader (nullopt: none) to the user.
    virtual void assign_reader(const std::string& user_id, const std::optional<std::string>& reader_id) = 0;

    virtual std::optional<PosReader> find_reader(const std::string& reader_id) = 0;
    /// @brief The organization's reader whose label key (rules::pos_reader_label_key) is `label_key`.
    virtual std::optional<PosReader> find_reader_by_label_key(const std::string& label_key) = 0;
    /// @brief The place of the reader in creation order; nullopt for no reader of the organization.
    virtual std::optional<std::int64_t> reader_position(const std::string& reader_id) = 0;
    /// @brief Up to `limit` readers made after `after_position` (0: from the first), in creation order.
    virtual std::vector<PosReader> page_readers(std::int64_t after_position, std::int64_t limit) = 0;
    virtual void insert_reader(const std::string& organization_id, const PosReader& reader,
                               const std::string& label_key) = 0;
    virtual void relabel_reader(const std::string& reader_id, const std::string& label,
                                const std::string& label_key) = 0;
    virtual void set_reader_status(const std::string& reader_id, PosReaderStatus status) = 0;
    /// @brief Whether the organization has a reader that is ACTIVE (a sale may then be paid by
    /// POS_TERMINAL).
    virtual bool has_active_reader() = 0;
};

}  // namespace ticketcore::repository
