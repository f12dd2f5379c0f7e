#pragma once
/// @file pools.hpp
/// @brief The `Pools` area of a Store (see store.hpp for how every operation runs).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/pool.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Shared capacity pools of an event.
class Pools {
public:
    explicit Pools(Store store) : store_(std::move(store)) {}
    Pool create(const std::string& event_id, const std::string& name, std::int64_t size,
                const std::vector<std::string>& specification_ids = {}) const;
    /// @brief Changes the size; it may not drop below what is sold and reserved.
    Pool resize(const std::string& pool_id, std::int64_t size) const;
    /// @brief Makes a spec draw from the pool; only while nothing of the spec is sold or reserved.
    Pool add_specification(const std::string& pool_id, const std::string& specification_id) const;
    Pool remove_specification(const std::string& pool_id, const std::string& specification_id) const;
    void remove(const std::string& pool_id) const;
    [[nodiscard]] Pool get(const std::string& pool_id) const;
    [[nodiscard]] std::vector<Pool> list(const std::string& event_id) const;

private:
    Store store_;
};

}  // namespace ticketcore
