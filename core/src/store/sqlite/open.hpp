#pragma once
// Private to the core (store/sqlite): opening the SQLite engine. The services include this, never
// engine.hpp, so that no SQLiteCpp header reaches a file outside store/sqlite.

#include <memory>
#include <optional>
#include <string>

#include "store/engine.hpp"
#include "ticketcore/values/store_options.hpp"

namespace ticketcore::sqlite {

/// @brief Opens (creating when needed) the SQLite database at `path` (a file, or ":memory:"),
/// migrates it to `target_version` (the latest when nullopt) and returns the engine.
std::shared_ptr<store::Engine> open(const std::string& path, const StoreOptions& options,
                                    std::optional<int> target_version = std::nullopt);
/// @brief The newest SQLite schema version this build knows.
int latest_version() noexcept;

}  // namespace ticketcore::sqlite
