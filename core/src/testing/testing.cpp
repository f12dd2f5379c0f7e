#include "ticketcore/testing/testing.hpp"

#include "services/access.hpp"
#include "services/capacity.hpp"
#include "services/open.hpp"
#include "services/ticket_issuing.hpp"
#include "services/unit_of_work.hpp"
#include "store/sql/plan_recorder.hpp"
#include "store/sql/run.hpp"
#include "store/sql/sql_engine.hpp"
#include "store/sql/statement_log.hpp"
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

void corrupt_sold_counter(const Store& store, const std::string& specification_id, std::int64_t delta) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE specification SET sold = sold + ? WHERE id = ?", delta, specification_id);
    });
}

void corrupt_holder_counter(const Store& store, const std::string& specification_id, std::int64_t delta) {
    on_session(StoreAccess::engine(store), [&](sql::Session& session) {
        sql::run(session, "UPDATE specification SET holders = holders + ? WHERE id = ?", delta, specification_id);
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

void set_revocation_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    issuing::set_revocation_guard_disabled(disabled, race_window_micros);
}

}  // namespace ticketcore::testing
