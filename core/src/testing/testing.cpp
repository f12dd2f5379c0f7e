#include "ticketcore/testing/testing.hpp"

#include "services/access.hpp"
#include "store/sqlite/database.hpp"
#include "store/sql/inventory_repository.hpp"

namespace ticketcore::testing {

void create_store_at_version(const std::string& path, int version) {
    (void)Database::open(path, StoreOptions{}, version);
}

void force_schema_version(const std::string& path, int version) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(version));
}

std::string claim(const Store& store, const std::string& specification_id, std::int64_t quantity, bool sold) {
    std::string claim_id;
    store.write([&](UnitOfWork& unit) {
        (void)access::specification(unit.db, unit.actor, specification_id);
        claim_id = unit.new_id();
        repository::claim_capacity(unit.db, claim_id, specification_id, quantity,
                                   sold ? repository::ClaimState::Sold : repository::ClaimState::Reserved, "testing",
                                   unit.now);
    });
    return claim_id;
}

void corrupt_sold_counter(const Store& store, const std::string& specification_id, std::int64_t delta) {
    store.write([&](UnitOfWork& unit) {
        Statement update(unit.db, "UPDATE specification SET sold = sold + ? WHERE id = ?");
        update.bind_all(delta, specification_id);
        update.exec();
    });
}

void set_capacity_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    repository::set_capacity_guard_disabled(disabled, race_window_micros);
}

}  // namespace ticketcore::testing
