#pragma once
/// @file organizations.hpp
/// @brief The `Organizations` area of a Store (see store.hpp for how every operation runs).

#include <string>
#include <utility>

#include "ticketcore/model/organization.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Organizations: the tenants. Creating one needs `platform:admin`.
class Organizations {
public:
    explicit Organizations(Store store) : store_(std::move(store)) {}
    Organization create(const NewOrganization& input) const;
    [[nodiscard]] Organization get(const std::string& id) const;

private:
    Store store_;
};

}  // namespace ticketcore
