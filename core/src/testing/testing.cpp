#include "ticketcore/testing/testing.hpp"

#include "services/access.hpp"
#include "services/capacity.hpp"
#include "services/door_guard.hpp"
#include "services/open.hpp"
#include "services/product_stock.hpp"
#include "services/refund_guard.hpp"
#include "services/seating.hpp"
#include "services/ticket_issuing.hpp"
#include "services/ticket_keys.hpp"
#include "services/unit_of_work.hpp"
#include "store/sql/plan_recorder.hpp"
#include "store/sql/run.hpp"
#include "store/sql/sql_engine.hpp"
#include "store/sql/statement_log.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::testing {

/// Test builds reach a Store's engine through this friend.
struct StoreAccess {
    static store::Engine& engine(const Store& store) { return *store.engine_; }
};

namespace {

/// Runs raw SQL on a SQL engine, outside the repositories (to build states the API cannot).
void on_session(store::Engine& engine, const std::function<void(sql::Session&)>& work) {
    auto* sql_engine = dynamic_cast<sql::SqlEngine*>(&engine);
    if (!sql_engine) throw fail::not_sql();
    sql::statements_paused = true;  // a hook's own SQL is not the core's, whose scope tests check
    try {
        sql_engine->transact(sql::SqlEngine::Mode::write, work);
    } catch (...) {
        sql::statements_paused = false;
        throw;
    }
    sql::statements_paused = false;
}

}  // namespace

void create_store_at_version(const std::string& path, int version) {
    (void)open_engine(path, StoreOptions{}, version);
}

void force_schema_version(const std::string& path, int version) {
    const auto engine = open_engine(path, StoreOptions{}, std::nullopt);
    on_session(*engine, [&](sql::Session& session) {
        if (session.dialect() == sql::Dialect::sqlite) {
            session.execute("PRAGMA user_version = " + std::to_string(version));
        } else {
            sql::run(session, "UPDATE ticketcore_schema SET version = ?", version);
        }
    });
}

std::string claim(const Store& store, const std::string& specification_id, std::int64_t quantity, bool sold) {
    std::string claim_id;
    store.write([&](UnitOfWork& unit) {
        const auto row = access::specification(unit, specification_id);
        claim_id = capacity::claim(unit, row.organization_id, specification_id, quantity,
                                   sold ? repository::ClaimState::Sold : repository::ClaimState::Reserved, "testing");
    });
    return claim_id;
}

std::string claim_product(const Store& store, const std::string& product_id, std::int64_t quantity, bool sold) {
    if (product_stock::guard_disabled()) product_stock::unguarded_precheck(store, product_id, quantity);
    std::string claim_id;
    store.write([&](UnitOfWork& unit) {
        claim_id =
            product_stock::claim(unit, access::organization_of(unit.actor), product_id, quantity,
                                 sold ? repository::ClaimState::Sold : repository::ClaimState::Reserved, "testing");
    });
    return claim_id;
}

namespace {

repository::ClaimState claim_state(bool sold) {
    return sold ? repository::ClaimState::Sold : repository::ClaimState::Reserved;
}

}  // namespace

std::string claim_seat(const Store& store, const std::string& seatmap_id, const std::string& seat_id,
                       const std::string& specification_id, bool sold) {
    seating::unguarded_precheck(store, seatmap_id, seat_id, "", 1);
    std::string claim_id;
    store.write([&](UnitOfWork& unit) {
        const auto row = access::specification(unit, specification_id);
        claim_id = seating::claim_seat(unit, row.organization_id, seatmap_id, seat_id, specification_id,
                                       claim_state(sold), "testing");
    });
    return claim_id;
}

void settle_product_claim(const Store& store, const std::string& claim_id) {
    store.write([&](UnitOfWork& unit) { product_stock::settle(unit, claim_id); });
}

void release_product_claim(const Store& store, const std::string& claim_id) {
    store.write([&](UnitOfWork& unit) { product_stock::release(unit, claim_id); });
}

void corrupt_product_sold_counter(const Store& store, const std::string& product_id, std::int64_t delta) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE product SET sold = sold + ? WHERE id = ?", delta, product_id);
    });
}

void set_product_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    product_stock::set_guard_disabled(disabled, race_window_micros);
}

std::string claim_volume(const Store& store, const std::string& seatmap_id, const std::string& volume_id,
                         const std::string& specification_id, std::int64_t quantity, bool sold) {
    seating::unguarded_precheck(store, seatmap_id, "", volume_id, quantity);
    std::string claim_id;
    store.write([&](UnitOfWork& unit) {
        const auto row = access::specification(unit, specification_id);
        claim_id = seating::claim_volume(unit, row.organization_id, seatmap_id, volume_id, specification_id, quantity,
                                         claim_state(sold), "testing");
    });
    return claim_id;
}

void settle_claim(const Store& store, const std::string& claim_id) {
    store.write([&](UnitOfWork& unit) { unit.inventory().settle_claim(claim_id); });
}

void release_claim(const Store& store, const std::string& claim_id) {
    store.write([&](UnitOfWork& unit) { unit.inventory().release_claim(claim_id); });
}

std::optional<std::string> release_claim_units(const Store& store, const std::string& claim_id, std::int64_t quantity) {
    std::optional<std::string> released;
    store.write([&](UnitOfWork& unit) {
        released = unit.inventory().release_claim_units(claim_id, quantity, unit.new_id(), "testing", unit.now);
    });
    return released;
}

std::pair<std::optional<std::string>, std::optional<std::string>> claim_target(const Store& store,
                                                                               const std::string& claim_id) {
    std::pair<std::optional<std::string>, std::optional<std::string>> target;
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::Statement query(session, "SELECT seat_id, volume_id FROM inventory_claim WHERE id = ?");
        query.bind_all(claim_id);
        if (!query.executeStep()) throw fail::claim_not_found(claim_id);
        if (!query.getColumn(0).isNull()) target.first = query.getColumn(0).getString();
        if (!query.getColumn(1).isNull()) target.second = query.getColumn(1).getString();
    });
    return target;
}

void set_seat_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    capacity::set_seat_guard_disabled(disabled, race_window_micros);
}

void corrupt_sold_counter(const Store& store, const std::string& specification_id, std::int64_t delta) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE specification SET sold = sold + ? WHERE id = ?", delta, specification_id);
    });
}

void corrupt_revenue_counter(const Store& store, const std::string& specification_id, std::int64_t delta) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE specification SET sold_revenue = sold_revenue + ? WHERE id = ?", delta,
                 specification_id);
    });
}

void corrupt_holder_counter(const Store& store, const std::string& specification_id, std::int64_t delta) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE specification SET holders = holders + ? WHERE id = ?", delta, specification_id);
    });
}

void set_ticket_state(const Store& store, const std::string& ticket_id, TicketState state, bool is_refunded,
                      bool is_refund_in_progress) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE ticket SET state = ?, is_refunded = ?, is_refund_in_progress = ? WHERE id = ?",
                 std::string(to_string(state)), static_cast<std::int64_t>(is_refunded ? 1 : 0),
                 static_cast<std::int64_t>(is_refund_in_progress ? 1 : 0), ticket_id);
    });
}

void rotate_ticket_secret(const Store& store, const std::string& ticket_id) {
    store.write([&](UnitOfWork& unit) {
        if (!unit.tickets().find_ticket(ticket_id)) throw fail::ticket_not_found(ticket_id);
        unit.tickets().rotate_secret(ticket_id, issuing::random_secret());
    });
}

std::string sign_ticket_payload(const Store& store, const std::string& ticket_id, std::uint32_t generation) {
    std::string payload;
    store.write([&](UnitOfWork& unit) {
        const std::string& organization_id = access::organization_of(unit.actor);
        payload = rules::encode_ticket_payload(ticket_id, generation, organization_id,
                                               ticket_keys::signing_key(unit, organization_id));
    });
    return payload;
}

void detach_ticket_date(const Store& store, const std::string& ticket_id, const std::string& event_date_id) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "DELETE FROM ticket_date WHERE ticket_id = ? AND event_date_id = ?", ticket_id,
                 event_date_id);
    });
}

std::vector<std::pair<std::string, std::vector<std::string>>> query_plans(const std::function<void()>& action) {
    sql::PlanRecorder recorder;
    sql::plan_recorder = &recorder;
    try {
        action();
    } catch (...) {
        sql::plan_recorder = nullptr;
        throw;
    }
    sql::plan_recorder = nullptr;
    return std::move(recorder.plans);
}

std::vector<std::string> statements_run() {
    const std::lock_guard lock(sql::statement_log.mutex);
    return {sql::statement_log.texts.begin(), sql::statement_log.texts.end()};
}

void set_capacity_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    capacity::set_guard_disabled(disabled, race_window_micros);
}

void set_refund_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    refund_guard::set_disabled(disabled, race_window_micros);
}

void set_redeem_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    door_guard::set_disabled(disabled, race_window_micros);
}

void set_revocation_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    issuing::set_revocation_guard_disabled(disabled, race_window_micros);
}

}  // namespace ticketcore::testing
