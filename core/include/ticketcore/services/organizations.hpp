#pragma once
/// @file organizations.hpp
/// @brief The `Organizations` area of a Store (see store.hpp for how every operation runs).

#include <string>
#include <utility>

#include "ticketcore/model/organization.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Organizations: the tenants. Creating one needs `platform:admin`; changing its refund
/// policy `events:write` in it (or `platform:admin`).
class Organizations {
public:
    explicit Organizations(Store store) : store_(std::move(store)) {}
    Organization create(const NewOrganization& input) const;
    [[nodiscard]] Organization get(const std::string& id) const;
    /// @brief Whether the organization's refunds give the fees paid back (Organization::refund_fees);
    /// refunds started later follow it, those started before keep theirs.
    Organization set_refund_fees(const std::string& id, bool refund_fees) const;

private:
    Store store_;
};

}  // namespace ticketcore
