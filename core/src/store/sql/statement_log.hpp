#pragma once
// Private to the core (layer 4, store), test builds only: the text of every statement prepared,
// recorded by Statement for ticketcore::testing::statements_run.

#ifndef TICKETCORE_TEST_HOOKS
#error "store/sql/statement_log.hpp is a test hook: only with TICKETCORE_TEST_HOOKS"
#endif

#include <mutex>
#include <set>
#include <string>

namespace ticketcore::sql {

/// @brief Test builds only: the text of every statement the process has prepared through
/// Statement, each once (ticketcore::testing::statements_run), so that a test can check every one
/// of them for its tenant scope. Off (`statements_paused`) in a thread while a test hook writes
/// a state the API cannot.
struct StatementLog {
    std::mutex mutex;
    std::set<std::string> texts;
};
inline StatementLog statement_log;
inline thread_local bool statements_paused = false;

}  // namespace ticketcore::sql
