// The SQL repository of pools, the claims ledger and the
// sold/reserved counters, shared by every SQL engine (layer 4, store).
#include "store/sql/repositories.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "store/sql/batched_read.hpp"
#include "store/sql/column.hpp"
#include "store/sql/counters.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/not_indexed.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::sql {

using repository::ClaimMoney;
using repository::ClaimState;
using repository::ClaimTarget;

namespace {

// The guard of capacity: conditions of the updates that take it. The check and the increment are
// one statement, run on the row's latest version under its write lock (SQLite's one writer,
// PostgreSQL's row lock, which re-checks the WHERE after waiting), so two writers never both take
// the last ticket.
constexpr std::string_view quota_guard =
    " AND (number_of_tickets_for_sale IS NULL OR sold + reserved + ?1 <= number_of_tickets_for_sale)";
constexpr std::string_view pool_guard = " AND sold + reserved + ?1 <= size";
// A seat is held by at most one live claim: taken only while nothing holds it. A volume, like a pool.
constexpr std::string_view seat_guard = " AND sold + reserved = 0";
constexpr std::string_view volume_guard = " AND sold + reserved + ?1 <= capacity";

constexpr const char* pool_columns = "SELECT id, event_id, name, size, sold, reserved, created_us FROM pool ";

Pool read_pool(Statement& row) {
    Pool pool;
    pool.id = row.getColumn(0).getString();
    pool.event_id = row.getColumn(1).getString();
    pool.name = row.getColumn(2).getString();
    pool.size = row.getColumn(3).getInt64();
    pool.sold = row.getColumn(4).getInt64();
    pool.reserved = row.getColumn(5).getInt64();
    pool.created = Instant{row.getColumn(6).getInt64()};
    return pool;
}

/// Reads the member specifications of `pools` (in creation order) in one query (see
/// for_each_row_in), not one per pool.
void attach_members(Session& db, const std::optional<std::string>& tenant, std::vector<Pool>& pools) {
    std::vector<Pool*> rows;
    for (Pool& pool : pools) rows.push_back(&pool);
    const auto [by_id, ids] = index_by_id(rows);
    for_each_row_in(
        db, tenant, ids,
        "SELECT m.pool_id, m.specification_id FROM pool_member m JOIN specification s "
        "ON s.id = m.specification_id AND s.organization_id = m.organization_id WHERE m.organization_id = ? AND ",
        "m.pool_id", " ORDER BY s.rowid", [&by_id = by_id](Statement& row) {
            by_id.at(row.getColumn(0).getString())->specification_ids.push_back(row.getColumn(1).getString());
        });
}

struct ClaimRow {
    std::string specification_id;
    std::int64_t quantity = 0;
    std::string state;
    ClaimTarget target;  ///< the seat or volume the claim holds besides
    ClaimMoney money;    ///< what its units were sold for
};

ClaimRow load_claim(Session& db, const std::optional<std::string>& tenant, const std::string& claim_id) {
    Statement query(db,
                    "SELECT specification_id, quantity, state, seat_id, volume_id, revenue, fees, vat "
                    "FROM inventory_claim WHERE id = ? AND organization_id = ?");
    query.bind_all(claim_id, tenant);
    if (!query.executeStep()) throw fail::claim_not_found(claim_id);
    return {query.getColumn(0).getString(),
            query.getColumn(1).getInt64(),
            query.getColumn(2).getString(),
            {optional_text(query.getColumn(3)), optional_text(query.getColumn(4))},
            {query.getColumn(5).getInt64(), query.getColumn(6).getInt64(), query.getColumn(7).getInt64()}};
}

/// Adds `sign` × `money` to the specification's sold money counters (nothing for money of zero: a
/// comp's claim writes nothing more than its count).
void move_money(Session& db, const std::optional<std::string>& tenant, const std::string& specification_id,
                const ClaimMoney& money, std::int64_t sign) {
    if (money == ClaimMoney{}) return;
    run_later(db,
              "UPDATE specification SET sold_revenue = sold_revenue + ?1, sold_fees = sold_fees + ?2, "
              "sold_vat = sold_vat + ?3 WHERE id = ?4 AND organization_id = ?5",
              sign * money.revenue, sign * money.fees, sign * money.vat, specification_id, tenant);
}

/// The share of `money` that `units` of a claim of `quantity` units carry (rounded down).
ClaimMoney share_of(const ClaimMoney& money, std::int64_t units, std::int64_t quantity) {
    return {money.revenue * units / quantity, money.fees * units / quantity, money.vat * units / quantity};
}

void move_counters(Session& db, const std::optional<std::string>& tenant, const ClaimRow& claim,
                   const std::string& set_clause) {
    Statement spec(db, "UPDATE specification SET " + set_clause + " WHERE id = ?2 AND organization_id = ?3");
    spec.bind_all(claim.quantity, claim.specification_id, tenant);
    spec.exec_later();
    Statement pools(db, "UPDATE pool SET " + set_clause +
                            " WHERE organization_id = ?3 AND id IN (SELECT m.pool_id FROM pool_member m "
                            "WHERE m.organization_id = ?3 AND m.specification_id = ?2)");
    pools.bind_all(claim.quantity, claim.specification_id, tenant);
    pools.exec_later();
    // The claim's seat or volume moves with it (a seat claim's quantity is 1).
    if (claim.target.seat_id) {
        run_later(db, "UPDATE seat SET " + set_clause + " WHERE id = ?2 AND organization_id = ?3", claim.quantity,
                  *claim.target.seat_id, tenant);
    }
    if (claim.target.volume_id) {
        run_later(db, "UPDATE volume SET " + set_clause + " WHERE id = ?2 AND organization_id = ?3", claim.quantity,
                  *claim.target.volume_id, tenant);
    }
}

/// Moves the claim from `from` to `to` as one conditional write; false when it was no longer in
/// `from` (another caller moved it first: under READ COMMITTED the write waits for that caller
/// and re-checks the state), so counters are moved once per transition, never twice.
bool move_claim_state(Session& db, const std::optional<std::string>& tenant, const std::string& claim_id,
                      const std::string& from, const char* to) {
    return run(db, "UPDATE inventory_claim SET state = ? WHERE id = ? AND organization_id = ? AND state = ?", to,
               claim_id, tenant, from) == 1;
}

class SqlInventory final : public repository::InventoryRepository {
public:
    SqlInventory(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<Pool> find_pool(const std::string& id) override {
        Statement query(db, std::string(pool_columns) + "WHERE id = ? AND organization_id = ?");
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        std::vector<Pool> pools{read_pool(query)};
        attach_members(db, tenant, pools);
        return std::move(pools.front());
    }

    std::int64_t lock_and_count_pools(const std::string& event_id) override {
        lock_key(db, "pools of " + event_id);
        return integer(db, "SELECT COUNT(*) FROM pool WHERE event_id = ? AND organization_id = ?", event_id, tenant);
    }

    std::vector<Pool> list_pools(const std::string& event_id) override {
        Statement query(db, std::string(pool_columns) + "WHERE event_id = ? AND organization_id = ? ORDER BY rowid");
        query.bind_all(event_id, tenant);
        std::vector<Pool> pools;
        while (query.executeStep()) pools.push_back(read_pool(query));
        attach_members(db, tenant, pools);
        return pools;
    }

    void insert_pool(const std::string& organization_id, const Pool& pool) override {
        run(db, "INSERT INTO pool (id, event_id, name, size, created_us, organization_id) VALUES (?, ?, ?, ?, ?, ?)",
            pool.id, pool.event_id, pool.name, pool.size, pool.created, organization_id);
    }

    void lock_pool(const std::string& id) override { lock_row(db, tenant, "pool", id); }

    void update_pool_size(const std::string& id, std::int64_t size) override {
        run(db, "UPDATE pool SET size = ? WHERE id = ? AND organization_id = ?", size, id, tenant);
    }

    void insert_pool_member(const std::string& organization_id, const std::string& pool_id,
                            const std::string& specification_id) override {
        run(db, "INSERT INTO pool_member (pool_id, specification_id, organization_id) VALUES (?, ?, ?)", pool_id,
            specification_id, organization_id);
    }

    void delete_pool_member(const std::string& pool_id, const std::string& specification_id) override {
        run(db, "DELETE FROM pool_member WHERE pool_id = ? AND specification_id = ? AND organization_id = ?", pool_id,
            specification_id, tenant);
    }

    void delete_pool(const std::string& id) override {
        run(db, "DELETE FROM pool WHERE id = ? AND organization_id = ?", id, tenant);
    }

    void claim_capacity(const std::string& organization_id, const std::string& claim_id,
                        const std::string& specification_id, std::int64_t quantity, ClaimState state,
                        const std::string& source, Instant now, const ClaimTarget& target) override {
        take(organization_id, claim_id, specification_id, quantity, state, source, now, target,
             {quota_guard, pool_guard, seat_guard, volume_guard});
    }

#ifdef TICKETCORE_TEST_HOOKS
    void claim_capacity_unguarded(const std::string& organization_id, const std::string& claim_id,
                                  const std::string& specification_id, std::int64_t quantity, ClaimState state,
                                  const std::string& source, Instant now, const ClaimTarget& target,
                                  repository::Unguarded left_out) override {
        const bool everything = left_out == repository::Unguarded::everything;
        take(organization_id, claim_id, specification_id, quantity, state, source, now, target,
             {everything ? "" : quota_guard, everything ? "" : pool_guard, "", ""});
    }
#endif

    void settle_claim(const std::string& claim_id) override {
        // The move from reserved (see move_claim_state) and the read of what it moves, in one
        // conditional write: every order's payment makes it.
        Statement settle(db,
                         "UPDATE inventory_claim SET state = 'sold' WHERE id = ? AND organization_id = ? "
                         "AND state = 'reserved' RETURNING specification_id, quantity, seat_id, volume_id, "
                         "revenue, fees, vat");
        settle.bind_all(claim_id, tenant);
        if (!settle.executeStep()) throw fail::claim_not_reserved(claim_id, load_claim(db, tenant, claim_id).state);
        const ClaimRow claim{
            settle.getColumn(0).getString(),
            settle.getColumn(1).getInt64(),
            "sold",
            {optional_text(settle.getColumn(2)), optional_text(settle.getColumn(3))},
            {settle.getColumn(4).getInt64(), settle.getColumn(5).getInt64(), settle.getColumn(6).getInt64()}};
        while (settle.executeStep()) {}
        move_counters(db, tenant, claim, "reserved = reserved - ?1, sold = sold + ?1");
        move_money(db, tenant, claim.specification_id, claim.money, 1);
    }

    void price_claim(const std::string& claim_id, const ClaimMoney& money) override {
        // Priced in the unit that took the claim, before anything else can move it.
        const ClaimRow claim = load_claim(db, tenant, claim_id);
        run_later(db, "UPDATE inventory_claim SET revenue = ?, fees = ?, vat = ? WHERE id = ? AND organization_id = ?",
                  money.revenue, money.fees, money.vat, claim_id, tenant);
        if (claim.state == "sold") {
            move_money(
                db, tenant, claim.specification_id,
                {money.revenue - claim.money.revenue, money.fees - claim.money.fees, money.vat - claim.money.vat}, 1);
        }
    }

    void release_claim(const std::string& claim_id) override {
        for (;;) {  // the state read, then moved from exactly that state; read again if it moved first
            const ClaimRow claim = load_claim(db, tenant, claim_id);
            if (claim.state == "released") return;
            if (move_claim_state(db, tenant, claim_id, claim.state, "released")) {
                move_counters(db, tenant, claim,
                              claim.state == "sold" ? "sold = sold - ?1" : "reserved = reserved - ?1");
                if (claim.state == "sold") move_money(db, tenant, claim.specification_id, claim.money, -1);
                return;
            }
        }
    }

    std::optional<std::string> release_claim_units(const std::string& claim_id, std::int64_t quantity,
                                                   const std::string& new_claim_id, const std::string& source,
                                                   Instant now) override {
        if (quantity <= 0) throw fail::invalid_quantity();
        for (;;) {  // the claim read, then shrunk from exactly what was read; read again if it moved first
            const ClaimRow claim = load_claim(db, tenant, claim_id);
            if (claim.state == "released") return std::nullopt;
            if (claim.quantity <= quantity) {
                if (!move_claim_state(db, tenant, claim_id, claim.state, "released")) continue;
                move_counters(db, tenant, claim,
                              claim.state == "sold" ? "sold = sold - ?1" : "reserved = reserved - ?1");
                if (claim.state == "sold") move_money(db, tenant, claim.specification_id, claim.money, -1);
                return claim_id;
            }
            // The units given back take their share of the claim's money along (rounded down;
            // the last unit given back, the whole claim released above, takes what is left).
            const ClaimMoney share = share_of(claim.money, quantity, claim.quantity);
            if (run(db,
                    "UPDATE inventory_claim SET quantity = quantity - ?, revenue = revenue - ?, fees = fees - ?, "
                    "vat = vat - ? WHERE id = ? AND organization_id = ? AND state = ? AND quantity = ?",
                    quantity, share.revenue, share.fees, share.vat, claim_id, tenant, claim.state,
                    claim.quantity) != 1) {
                continue;
            }
            run_later(db,
                      "INSERT INTO inventory_claim (id, specification_id, quantity, state, source, created_us, "
                      "organization_id, seat_id, volume_id, revenue, fees, vat) "
                      "VALUES (?, ?, ?, 'released', ?, ?, ?, ?, ?, ?, ?, ?)",
                      new_claim_id, claim.specification_id, quantity, source, now, tenant, claim.target.seat_id,
                      claim.target.volume_id, share.revenue, share.fees, share.vat);
            const ClaimRow given_back{claim.specification_id, quantity, claim.state, claim.target, share};
            move_counters(db, tenant, given_back,
                          claim.state == "sold" ? "sold = sold - ?1" : "reserved = reserved - ?1");
            if (claim.state == "sold") move_money(db, tenant, claim.specification_id, share, -1);
            return new_claim_id;
        }
    }

    std::map<std::string, std::int64_t> expired_holds_by_specification(const std::string& event_id,
                                                                       rules::HoldCutoff cutoff) override {
        // One read of two parts: the event's orders whose hold ran out (index order_hold_by_event,
        // or order_totals_by_event that starts alike: the event's pending orders by expiry, then
        // each one's lines), and its open box-office sales whose hold ran out, which hold their
        // claims the same way until a sweep (index sale_due: the organization's open sales by
        // expiry, then each one's items). Run out is expires_us <= the cutoff (rules::HoldCutoff).
        // Each expiry is bounded below as well, by the least bigint (so it leaves no hold out): a
        // cached plan that does not know the cutoff's value estimates an open range at a third of
        // the rows, a closed range at a two-hundredth. Only then does PostgreSQL take the plan it
        // caches after five runs (as cheap as the planned ones here); else it plans this
        // statement anew at every run (0.6 ms of 0.7 on an event of 10,000,000 tickets).
        Statement query(
            db,
            "SELECT l.specification_id, SUM(l.amount) FROM buy_order o CROSS JOIN order_line l "
            "ON l.order_id = o.id AND l.organization_id = o.organization_id WHERE " +
                not_indexed(db, "o.organization_id") +
                " = ?3 AND o.event_id = ?2 AND o.state = 'pending' AND o.expires_us BETWEEN ?4 AND ?1 "
                "GROUP BY l.specification_id UNION ALL "
                "SELECT i.specification_id, SUM(c.quantity) FROM sale s CROSS JOIN sale_item i "
                "ON i.sale_id = s.id AND i.organization_id = s.organization_id CROSS JOIN inventory_claim c "
                "ON c.id = i.claim_id AND c.organization_id = i.organization_id WHERE s.organization_id = ?3 "
                "AND s.state = 'open' AND s.expires_us BETWEEN ?4 AND ?1 AND i.event_id = ?2 AND i.kind = 'ticket' "
                "AND c.state = 'reserved' GROUP BY i.specification_id");
        query.bind_all(cutoff.last_ran_out.micros, event_id, tenant, std::numeric_limits<std::int64_t>::min());
        std::map<std::string, std::int64_t> expired;
        while (query.executeStep()) expired[query.getColumn(0).getString()] += query.getColumn(1).getInt64();
        return expired;
    }

    IntegrityReport check_counters(const std::optional<std::string>& organization_id) override {
        // One text for an organization, scoped like every other statement; one for the platform,
        // over every organization, marked as such (see counters_text).
        const bool every = !organization_id;
        const auto bind = [&](Statement& statement) {
            if (organization_id) statement.bind(1, *organization_id);
        };
        IntegrityReport report;
        Statement specs(db, counters_text(every,
                                          "SELECT s.id, s.sold, "
                                          "(SELECT COALESCE(SUM(c.quantity), 0) FROM inventory_claim c WHERE "
                                          "c.organization_id = s.organization_id AND c.specification_id = s.id "
                                          "AND c.state = 'sold'), s.reserved, "
                                          "(SELECT COALESCE(SUM(c.quantity), 0) FROM inventory_claim c WHERE "
                                          "c.organization_id = s.organization_id AND c.specification_id = s.id "
                                          "AND c.state = 'reserved') "
                                          "FROM specification s WHERE {s} ORDER BY s.rowid"));
        bind(specs);
        compare(specs, "specification", report, report.specifications_checked);

        Statement pools(
            db, counters_text(every,
                              "SELECT p.id, p.sold, "
                              "(SELECT COALESCE(SUM(c.quantity), 0) FROM pool_member m JOIN inventory_claim c "
                              "ON c.specification_id = m.specification_id AND c.organization_id = m.organization_id "
                              "WHERE m.organization_id = p.organization_id AND m.pool_id = p.id AND c.state = 'sold'), "
                              "p.reserved, "
                              "(SELECT COALESCE(SUM(c.quantity), 0) FROM pool_member m JOIN inventory_claim c "
                              "ON c.specification_id = m.specification_id AND c.organization_id = m.organization_id "
                              "WHERE m.organization_id = p.organization_id AND m.pool_id = p.id "
                              "AND c.state = 'reserved') "
                              "FROM pool p WHERE {p} ORDER BY p.rowid"));
        bind(pools);
        compare(pools, "pool", report, report.pools_checked);

        // Volumes and seats: each counter against its live claims (index claim_by_volume / claim_by_seat).
        std::int64_t targets_checked = 0;
        for (const auto& [table, entity, alias, column] :
             {std::tuple{"volume", "volume", "v", "volume_id"}, std::tuple{"seat", "seat", "t", "seat_id"}}) {
            const std::string a(alias);
            const std::string recount =
                "(SELECT COALESCE(SUM(c.quantity), 0) FROM inventory_claim c WHERE "
                "c.organization_id = " +
                a + ".organization_id AND c." + column + " = " + a + ".id AND c.state = ";
            Statement targets(db, counters_text(every, "SELECT " + a + ".id, " + a + ".sold, " + recount + "'sold'), " +
                                                           a + ".reserved, " + recount + "'reserved') FROM " + table +
                                                           " " + a + " WHERE {" + a + "} ORDER BY " + a + ".rowid"));
            bind(targets);
            compare(targets, entity, report, targets_checked);
        }

        // A specification's sold money (revenue, fees, VAT) against its sold claims' (index
        // claim_by_specification).
        Statement money(db, counters_text(every,
                                          "SELECT s.id, s.sold_revenue, s.sold_fees, s.sold_vat, "
                                          "COALESCE(SUM(c.revenue), 0), COALESCE(SUM(c.fees), 0), "
                                          "COALESCE(SUM(c.vat), 0) FROM specification s LEFT JOIN inventory_claim c "
                                          "ON c.organization_id = s.organization_id AND c.specification_id = s.id "
                                          "AND c.state = 'sold' WHERE {s} "
                                          "GROUP BY s.id, s.sold_revenue, s.sold_fees, s.sold_vat, s.rowid "
                                          "ORDER BY s.rowid"));
        bind(money);
        while (money.executeStep()) {
            const std::string id = money.getColumn(0).getString();
            const char* counters[] = {"sold_revenue", "sold_fees", "sold_vat"};
            for (int index = 0; index < 3; ++index) {
                const std::int64_t stored = money.getColumn(1 + index).getInt64();
                const std::int64_t recounted = money.getColumn(4 + index).getInt64();
                if (stored != recounted)
                    report.mismatches.push_back({"specification", id, counters[index], stored, recounted});
            }
        }

        // An event's holder count (the sum of its specifications' counters) against its holder rows.
        Statement holders(
            db, counters_text(every,
                              "SELECT e.id, (SELECT COALESCE(SUM(s.holders), 0) FROM specification s "
                              "WHERE s.organization_id = e.organization_id AND s.event_id = e.id), "
                              "(SELECT COUNT(*) FROM ticket_holder h WHERE h.organization_id = e.organization_id "
                              "AND h.event_id = e.id) FROM event e WHERE {e} ORDER BY e.rowid"));
        bind(holders);
        while (holders.executeStep()) {
            const std::int64_t stored = holders.getColumn(1).getInt64();
            const std::int64_t recounted = holders.getColumn(2).getInt64();
            if (stored != recounted) {
                report.mismatches.push_back({"event", holders.getColumn(0).getString(), "holders", stored, recounted});
            }
        }

        Statement excess(db, counters_text(every,
                                           "SELECT 'specification', s.id, s.number_of_tickets_for_sale, "
                                           "s.sold + s.reserved FROM specification s WHERE {s} "
                                           "AND s.number_of_tickets_for_sale IS NOT NULL "
                                           "AND s.sold + s.reserved > s.number_of_tickets_for_sale "
                                           "UNION ALL SELECT 'pool', p.id, p.size, p.sold + p.reserved "
                                           "FROM pool p WHERE {p} AND p.sold + p.reserved > p.size "
                                           "UNION ALL SELECT 'volume', v.id, v.capacity, v.sold + v.reserved "
                                           "FROM volume v WHERE {v} AND v.sold + v.reserved > v.capacity "
                                           "UNION ALL SELECT 'seat', t.id, 1, t.sold + t.reserved "
                                           "FROM seat t WHERE {t} AND t.sold + t.reserved > 1"));
        bind(excess);
        while (excess.executeStep()) {
            report.over_capacity.push_back({excess.getColumn(0).getString(), excess.getColumn(1).getString(),
                                            excess.getColumn(2).getInt64(), excess.getColumn(3).getInt64()});
        }
        return report;
    }

private:
    /// The conditions of take's updates: the guards, or (test builds) fewer.
    struct Guards {
        std::string_view spec;
        std::string_view pool;
        std::string_view seat;
        std::string_view volume;
    };

    /// Claims capacity (and the target's seat or volume places) with `guards` as the conditions of
    /// the counters' updates.
    void take(const std::string& organization_id, const std::string& claim_id, const std::string& specification_id,
              std::int64_t quantity, ClaimState state, const std::string& source, Instant now,
              const ClaimTarget& target, const Guards& guards) {
        const std::string_view spec_guard = guards.spec;
        const std::string_view pool_guard = guards.pool;
        if (quantity <= 0) throw fail::invalid_quantity();
        const char* counter = state == ClaimState::Sold ? "sold" : "reserved";
        Statement take_spec(db, std::string("UPDATE specification SET ") + counter + " = " + counter +
                                    " + ?1 WHERE id = ?2 AND organization_id = ?3 AND sold + reserved <= "
                                    "9223372036854775807 - ?1" +
                                    std::string(spec_guard));
        take_spec.bind_all(quantity, specification_id, tenant);
        if (take_spec.exec() == 0) {
            throw fail::sold_out(specification_id);
        }
        Statement pools(db, "SELECT pool_id FROM pool_member WHERE specification_id = ? AND organization_id = ?");
        pools.bind_all(specification_id, tenant);
        Statement take_pool(db, std::string("UPDATE pool SET ") + counter + " = " + counter +
                                    " + ?1 WHERE id = ?2 AND organization_id = ?3" + std::string(pool_guard));
        while (pools.executeStep()) {
            const std::string pool_id = pools.getColumn(0).getString();
            take_pool.bind_all(quantity, pool_id, tenant);
            if (take_pool.exec() == 0) {
                throw fail::pool_sold_out(pool_id);
            }
            take_pool.reset();
        }
        if (target.seat_id) take_seat(*target.seat_id, quantity, counter, guards.seat);
        if (target.volume_id) take_volume(*target.volume_id, quantity, counter, guards.volume);
        Statement insert(db,
                         "INSERT INTO inventory_claim (id, specification_id, quantity, state, source, created_us, "
                         "organization_id, seat_id, volume_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(claim_id, specification_id, quantity, counter, source, now, organization_id, target.seat_id,
                        target.volume_id);
        insert.exec_later();
    }

    /// Takes the seat for a claim of one, as one conditional write (the guard: nothing holds it).
    void take_seat(const std::string& seat_id, std::int64_t quantity, const char* counter, std::string_view guard) {
        if (quantity != 1) throw fail::invalid_quantity();
        if (run(db,
                std::string("UPDATE seat SET ") + counter + " = " + counter +
                    " + 1 WHERE id = ?1 AND organization_id = ?2" + std::string(guard),
                seat_id, tenant) == 1) {
            return;
        }
        const auto label = texts(db, "SELECT label FROM seat WHERE id = ? AND organization_id = ?", seat_id, tenant);
        if (label.empty()) throw fail::seat_not_found(seat_id);
        throw fail::seat_taken(label.front());
    }

    /// Takes `quantity` places of the volume, as one conditional write (the guard: its capacity).
    void take_volume(const std::string& volume_id, std::int64_t quantity, const char* counter, std::string_view guard) {
        if (run(db,
                std::string("UPDATE volume SET ") + counter + " = " + counter +
                    " + ?1 WHERE id = ?2 AND organization_id = ?3 AND sold + reserved <= 9223372036854775807 - ?1" +
                    std::string(guard),
                quantity, volume_id, tenant) == 1) {
            return;
        }
        const auto name = texts(db, "SELECT name FROM volume WHERE id = ? AND organization_id = ?", volume_id, tenant);
        if (name.empty()) throw fail::volume_not_found(volume_id);
        throw fail::volume_sold_out(name.front());
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::InventoryRepository> make_inventory(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlInventory>(session, tenant.id());
}

}  // namespace ticketcore::sql
