#pragma once
// Private to the core (layer 5, services): choosing and opening the engine of a location.

#include <memory>
#include <optional>
#include <string>

#include "store/engine.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Validates the options and opens the engine `location` names (a `postgresql://` URL or a
/// SQLite path), migrated to `target_version` (the latest when nullopt).
std::shared_ptr<store::Engine> open_engine(const std::string& location, const StoreOptions& options,
                                           std::optional<int> target_version);

}  // namespace ticketcore
