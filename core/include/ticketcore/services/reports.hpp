#pragma once
/// @file reports.hpp
/// @brief The `Reports` area of a Store (issue 10): what organizers watch while tickets sell (seed
/// 000, "Monitor sales") and what data teams load into notebooks, each for one event, each exact,
/// each a `ReportTable` (model/report.hpp) the Python package exports through the Arrow C stream
/// interface. docs/reports.md is the how-to. Reading a report needs `reports:read` or
/// `events:read`.

#include <utility>

#include "ticketcore/model/report.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief The reports of the actor's organization's events.
class Reports {
public:
    explicit Reports(Store store) : store_(std::move(store)) {}

    // --- sales, orders and refunds ------------------------------------------------------------

    // --- attendance, sales over time and the box office ---------------------------------------

private:
    Store store_;
};

}  // namespace ticketcore
