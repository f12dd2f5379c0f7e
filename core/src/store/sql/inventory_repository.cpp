#include "store/sqlite/statement.hpp"
#include "store/sql/inventory_repository.hpp"

#include <atomic>

#include "ticketcore/values/error.hpp"

namespace ticketcore::repository {

namespace {
std::atomic<bool> guard_disabled{false};
std::atomic<std::int64_t> race_window{0};
}  // namespace

void set_capacity_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    guard_disabled.store(disabled);
    race_window.store(race_window_micros);
}
bool capacity_guard_disabled() noexcept { return guard_disabled.load(); }
std::int64_t race_window_micros() noexcept { return race_window.load(); }

void claim_capacity(Connection& db, const std::string& claim_id, const std::string& specification_id,
                    std::int64_t quantity, ClaimState state, const std::string& source, Instant now) {
    if (quantity <= 0) throw ValidationError("invalid_quantity", "Quantity must be greater than 0");
    const char* counter = state == ClaimState::Sold ? "sold" : "reserved";

    // The WHERE clause is the guard: the check and the increment are one statement inside the
    // BEGIN IMMEDIATE transaction, so two writers can never both take the last ticket.
    const bool guarded = !guard_disabled.load();
    Statement take_spec(db, std::string("UPDATE specification SET ") + counter + " = " + counter +
                                        " + ?1 WHERE id = ?2 AND sold + reserved <= 9223372036854775807 - ?1" +
                                        (guarded ? " AND (number_of_tickets_for_sale IS NULL OR "
                                                   "sold + reserved + ?1 <= number_of_tickets_for_sale)"
                                                 : ""));
    take_spec.bind_all(quantity, specification_id);
    if (take_spec.exec() == 0) {
        throw CapacityError("sold_out", "Not enough tickets available for ticket specification with id: " +
                                            specification_id);
    }
    Statement pools(db, "SELECT pool_id FROM pool_member WHERE specification_id = ?");
    pools.bind(1, specification_id);
    Statement take_pool(db, std::string("UPDATE pool SET ") + counter + " = " + counter +
                                        " + ?1 WHERE id = ?2" + (guarded ? " AND sold + reserved + ?1 <= size" : ""));
    while (pools.executeStep()) {
        const std::string pool_id = pools.getColumn(0).getString();
        take_pool.bind_all(quantity, pool_id);
        if (take_pool.exec() == 0) {
            throw CapacityError("pool_sold_out", "Not enough tickets available in capacity pool with id: " + pool_id);
        }
        take_pool.reset();
    }
    Statement insert(db,
                     "INSERT INTO inventory_claim (id, specification_id, quantity, state, source, created_us) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind_all(claim_id, specification_id, quantity, counter, source, now.micros);
    insert.exec();
}

namespace {

struct ClaimRow {
    std::string specification_id;
    std::int64_t quantity = 0;
    std::string state;
};

ClaimRow load_claim(Connection& db, const std::string& claim_id) {
    Statement query(db, "SELECT specification_id, quantity, state FROM inventory_claim WHERE id = ?");
    query.bind(1, claim_id);
    if (!query.executeStep()) throw NotFoundError("claim_not_found", "Inventory claim " + claim_id + " not found");
    return {query.getColumn(0).getString(), query.getColumn(1).getInt64(), query.getColumn(2).getString()};
}

/// Applies `sql` (with ?1 = quantity, ?2 = id) to the spec and to each of its pools.
void move_counters(Connection& db, const ClaimRow& claim, const std::string& set_clause) {
    Statement spec(db, "UPDATE specification SET " + set_clause + " WHERE id = ?2");
    spec.bind_all(claim.quantity, claim.specification_id);
    spec.exec();
    Statement pools(db, "UPDATE pool SET " + set_clause +
                                    " WHERE id IN (SELECT pool_id FROM pool_member WHERE specification_id = ?2)");
    pools.bind_all(claim.quantity, claim.specification_id);
    pools.exec();
}

void set_claim_state(Connection& db, const std::string& claim_id, const char* state) {
    Statement update(db, "UPDATE inventory_claim SET state = ? WHERE id = ?");
    update.bind_all(state, claim_id);
    update.exec();
}

}  // namespace

void settle_claim(Connection& db, const std::string& claim_id) {
    const ClaimRow claim = load_claim(db, claim_id);
    if (claim.state != "reserved") {
        throw ConflictError("claim_not_reserved", "Inventory claim " + claim_id + " is " + claim.state);
    }
    move_counters(db, claim, "reserved = reserved - ?1, sold = sold + ?1");
    set_claim_state(db, claim_id, "sold");
}

void release_claim(Connection& db, const std::string& claim_id) {
    const ClaimRow claim = load_claim(db, claim_id);
    if (claim.state == "released") return;
    move_counters(db, claim, claim.state == "sold" ? "sold = sold - ?1" : "reserved = reserved - ?1");
    set_claim_state(db, claim_id, "released");
}

namespace {

void compare(Statement& query, const char* entity_type, IntegrityReport& report, std::int64_t& checked) {
    while (query.executeStep()) {
        ++checked;
        const std::string id = query.getColumn(0).getString();
        const char* counters[] = {"sold", "reserved"};
        for (int index = 0; index < 2; ++index) {
            const std::int64_t stored = query.getColumn(1 + 2 * index).getInt64();
            const std::int64_t recounted = query.getColumn(2 + 2 * index).getInt64();
            if (stored != recounted) report.mismatches.push_back({entity_type, id, counters[index], stored, recounted});
        }
    }
}

}  // namespace

IntegrityReport check_counters(Connection& db, const std::optional<std::string>& organization_id) {
    IntegrityReport report;
    Statement specs(
        db,
        "SELECT s.id, s.sold, "
        "  (SELECT COALESCE(SUM(quantity), 0) FROM inventory_claim c WHERE c.specification_id = s.id AND c.state = 'sold'), "
        "  s.reserved, "
        "  (SELECT COALESCE(SUM(quantity), 0) FROM inventory_claim c WHERE c.specification_id = s.id AND c.state = 'reserved') "
        "FROM specification s JOIN event e ON e.id = s.event_id "
        "WHERE ?1 IS NULL OR e.organization_id = ?1 ORDER BY s.rowid");
    if (organization_id) specs.bind(1, *organization_id);
    compare(specs, "specification", report, report.specifications_checked);

    Statement pools(
        db,
        "SELECT p.id, p.sold, "
        "  (SELECT COALESCE(SUM(c.quantity), 0) FROM pool_member m JOIN inventory_claim c "
        "     ON c.specification_id = m.specification_id WHERE m.pool_id = p.id AND c.state = 'sold'), "
        "  p.reserved, "
        "  (SELECT COALESCE(SUM(c.quantity), 0) FROM pool_member m JOIN inventory_claim c "
        "     ON c.specification_id = m.specification_id WHERE m.pool_id = p.id AND c.state = 'reserved') "
        "FROM pool p JOIN event e ON e.id = p.event_id "
        "WHERE ?1 IS NULL OR e.organization_id = ?1 ORDER BY p.rowid");
    if (organization_id) pools.bind(1, *organization_id);
    compare(pools, "pool", report, report.pools_checked);

    Statement excess(db,
                     "SELECT 'specification', s.id, s.number_of_tickets_for_sale, s.sold + s.reserved "
                     "FROM specification s JOIN event e ON e.id = s.event_id "
                     "WHERE (?1 IS NULL OR e.organization_id = ?1) AND s.number_of_tickets_for_sale IS NOT NULL "
                     "AND s.sold + s.reserved > s.number_of_tickets_for_sale "
                     "UNION ALL SELECT 'pool', p.id, p.size, p.sold + p.reserved "
                     "FROM pool p JOIN event e ON e.id = p.event_id "
                     "WHERE (?1 IS NULL OR e.organization_id = ?1) AND p.sold + p.reserved > p.size");
    if (organization_id) excess.bind(1, *organization_id);
    while (excess.executeStep()) {
        report.over_capacity.push_back({excess.getColumn(0).getString(), excess.getColumn(1).getString(),
                                        excess.getColumn(2).getInt64(), excess.getColumn(3).getInt64()});
    }
    return report;
}

}  // namespace ticketcore::repository
