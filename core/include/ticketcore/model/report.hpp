#pragma once
/// @file report.hpp
/// @brief A report's rows as typed columns (issue 10): what `store.reports` answers, what the
/// Python package exports through the Arrow C stream interface without a Python loop per row.
///
/// A table is a list of columns of one length. Each column has a kind that fixes its Arrow type:
/// integer → int64, boolean → bool, text → utf8, money → decimal128(18, scale) with the
/// currency's minor-unit digits as scale (the amounts stay exact integers of minor units),
/// instant → timestamp[us, tz=UTC]. A column may hold nulls (a ticket date not redeemed has no
/// redemption time): `present` is then one flag per row; an empty `present` means every row has
/// a value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ticketcore {

/// @brief The kind of a report column, which fixes its Arrow type.
enum class ColumnKind : std::uint8_t {
    integer,  ///< int64
    boolean,  ///< bool (stored as 0 / 1 in `integers`)
    text,     ///< utf8 (in `texts`)
    money,    ///< decimal128(18, scale): minor units in `integers`, `scale` the currency's digits
    instant,  ///< timestamp[us, UTC]: microseconds since the Unix epoch in `integers`
};

/// @brief One column of a report: its values in `integers` (every kind but text) or `texts`.
struct ReportColumn {
    std::string name;
    ColumnKind kind = ColumnKind::integer;
    /// @brief For money: the currency's minor-unit digits (2 for EUR, 0 for JPY); else 0.
    int scale = 0;
    std::vector<std::int64_t> integers;
    std::vector<std::string> texts;
    /// @brief Empty when every row has a value; else one flag per row, false for a null (its
    /// slot in `integers` / `texts` holds 0 / "").
    std::vector<bool> present;

    /// @brief The number of rows of the column.
    [[nodiscard]] std::size_t size() const noexcept {
        return kind == ColumnKind::text ? texts.size() : integers.size();
    }
    /// @brief True when row `row` holds a value (not a null).
    [[nodiscard]] bool has_value(std::size_t row) const noexcept { return present.empty() || present[row]; }
};

/// @brief A report: a name and columns of one length, in the report's row order. A report with a
/// row per ticket, order or sale is one page of its rows (`first` / `after`, like every list):
/// `has_next_page` and `end_cursor` say how to ask for the next.
struct ReportTable {
    /// @brief The report's name (`sales_per_specification`, ...).
    std::string name;
    std::vector<ReportColumn> columns;
    /// @brief True when rows follow this page (a paged report only).
    bool has_next_page = false;
    /// @brief Pass as `after` for the next page (empty when no row follows or the report is not paged).
    std::optional<std::string> end_cursor;

    /// @brief The number of rows (0 without columns).
    [[nodiscard]] std::size_t row_count() const noexcept { return columns.empty() ? 0 : columns.front().size(); }

    /// @brief Adds an empty column and returns it (a reference valid until the next add).
    ReportColumn& add(std::string column_name, ColumnKind kind, int scale = 0) {
        ReportColumn& column = columns.emplace_back();
        column.name = std::move(column_name);
        column.kind = kind;
        column.scale = scale;
        return column;
    }
};

}  // namespace ticketcore
