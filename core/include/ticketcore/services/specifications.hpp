#pragma once
/// @file specifications.hpp
/// @brief The `Specifications` area of a Store (see store.hpp for how every operation runs).

#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/specification.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Ticket specifications with every rule of seed 003.
class Specifications {
public:
    explicit Specifications(Store store) : store_(std::move(store)) {}
    TicketSpecification add(const NewSpecification& input) const;
    TicketSpecification edit(const std::string& id, const SpecificationChanges& changes) const;
    TicketSpecification set_active(const std::string& id, bool active) const;
    void remove(const std::string& id) const;
    [[nodiscard]] TicketSpecification get(const std::string& id) const;
    /// @brief The event's specifications in the order they were added.
    [[nodiscard]] std::vector<TicketSpecification> list(const std::string& event_id) const;

private:
    Store store_;
};

}  // namespace ticketcore
