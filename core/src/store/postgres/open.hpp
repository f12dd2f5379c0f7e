#pragma once
// Private to the core (store/postgres): opening the PostgreSQL engine.

#include <memory>
#include <optional>
#include <string>

#include "store/engine.hpp"
#include "ticketcore/values/store_options.hpp"

namespace ticketcore::postgres {

/// @brief Connects to the server `url` names (any libpq connection URL), migrates the database to
/// `target_version` (the latest when nullopt) and returns the engine.
std::shared_ptr<store::Engine> open(const std::string& url, const StoreOptions& options,
                                    std::optional<int> target_version = std::nullopt);
/// @brief The newest PostgreSQL schema version this build knows.
int latest_version() noexcept;

}  // namespace ticketcore::postgres
