#pragma once
// Private to the core (layer 4, store), test builds only: the plans of the queries a thread
// runs, collected by Statement for ticketcore::testing::query_plans.

#ifndef TICKETCORE_TEST_HOOKS
#error "store/sql/plan_recorder.hpp is a test hook: only with TICKETCORE_TEST_HOOKS"
#endif

#include <string>
#include <utility>
#include <vector>

namespace ticketcore::sql {

/// @brief Test builds only: where the plans of the queries a thread runs are collected while set
/// (ticketcore::testing::query_plans): the SQL of each query and its plan lines, as the engine's
/// EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) gives them for the same bound values.
struct PlanRecorder {
    std::vector<std::pair<std::string, std::vector<std::string>>> plans;
};
inline thread_local PlanRecorder* plan_recorder = nullptr;

}  // namespace ticketcore::sql
