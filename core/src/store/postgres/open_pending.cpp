// Temporary while the PostgreSQL engine is merged: refuses PostgreSQL URLs.
#include "store/postgres/open.hpp"

#include "ticketcore/values/error.hpp"

namespace ticketcore::postgres {

std::shared_ptr<store::Engine> open(const std::string&, const StoreOptions&, std::optional<int>) {
    throw StorageError("not_built", "This ticketcore was built without PostgreSQL", "postgresql");
}

int latest_version() noexcept { return 0; }

}  // namespace ticketcore::postgres
