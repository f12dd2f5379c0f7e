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
/// a value. Text is kept as Arrow lays it out: the rows' bytes one after another and where each row
/// ends, so that a page of a million rows is two allocations a column, not a million.
///
/// ReportBuilder fills a table row by row; the report builders of services/ use it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief The kind of a report column, which fixes its Arrow type.
enum class ColumnKind : std::uint8_t {
    integer,  ///< int64
    boolean,  ///< bool (stored as 0 / 1 in `integers`)
    text,     ///< utf8 (in `text_bytes` / `text_ends`)
    money,    ///< decimal128(18, scale): minor units in `integers`, `scale` the currency's digits
    instant,  ///< timestamp[us, UTC]: microseconds since the Unix epoch in `integers`
};

/// @brief One column of a report: its values in `integers` (every kind but text) or, for text,
/// in `text_bytes` with `text_ends` (row `i` is the bytes from the end of row `i - 1`, or 0, to
/// `text_ends[i]`).
struct ReportColumn {
    std::string name;
    ColumnKind kind = ColumnKind::integer;
    /// @brief For money: the currency's minor-unit digits (2 for EUR, 0 for JPY); else 0.
    int scale = 0;
    std::vector<std::int64_t> integers;
    /// @brief A text column's rows, one after another (UTF-8 as read; the export repairs the rest).
    std::string text_bytes;
    /// @brief A text column's row ends in `text_bytes`, one per row, never decreasing.
    std::vector<std::size_t> text_ends;
    /// @brief Empty when every row has a value; else one flag per row, false for a null (its
    /// slot holds 0 or an empty text).
    std::vector<bool> present;

    /// @brief The number of rows of the column.
    [[nodiscard]] std::size_t size() const noexcept {
        return kind == ColumnKind::text ? text_ends.size() : integers.size();
    }
    /// @brief Appends a row to a text column.
    void push_text(std::string_view value) {
        text_bytes.append(value);
        text_ends.push_back(text_bytes.size());
    }
    /// @brief Every row of a text column, as strings (a copy).
    [[nodiscard]] std::vector<std::string> texts() const {
        std::vector<std::string> rows;
        rows.reserve(size());
        for (std::size_t row = 0; row < text_ends.size(); ++row) rows.emplace_back(text(row));
        return rows;
    }
    /// @brief Row `row` of a text column (`row` < size(), ends within `text_bytes`: check_exportable
    /// checks a table built by hand).
    [[nodiscard]] std::string_view text(std::size_t row) const noexcept {
        const std::size_t start = row == 0 ? 0 : text_ends[row - 1];
        return std::string_view(text_bytes).substr(start, text_ends[row] - start);
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

/// @brief Fills a ReportTable row by row: the columns first (each `column` call answers the
/// column's index), then one value per column for each row, then `done`.
class ReportBuilder {
public:
    explicit ReportBuilder(std::string name) { table_.name = std::move(name); }

    /// @brief Adds a column; answers its index for the calls below.
    std::size_t column(std::string name, ColumnKind kind, int scale = 0) {
        table_.add(std::move(name), kind, scale);
        return table_.columns.size() - 1;
    }
    /// @brief An integer, or money in minor units.
    void integer(std::size_t column, std::int64_t value) { table_.columns[column].integers.push_back(value); }
    void boolean(std::size_t column, bool value) { integer(column, value ? 1 : 0); }
    void instant(std::size_t column, Instant value) { integer(column, value.micros); }
    void text(std::size_t column, std::string_view value) { table_.columns[column].push_text(value); }
    void optional_integer(std::size_t column, const std::optional<std::int64_t>& value) {
        mark(column, value.has_value());
        integer(column, value.value_or(0));
    }
    void optional_instant(std::size_t column, const std::optional<Instant>& value) {
        mark(column, value.has_value());
        integer(column, value ? value->micros : 0);
    }
    void optional_text(std::size_t column, const std::optional<std::string>& value) {
        mark(column, value.has_value());
        text(column, value ? std::string_view(*value) : std::string_view());
    }
    /// @brief The table, with its paging; a column given no null keeps an empty `present`.
    ReportTable done(bool has_next_page = false, std::optional<std::string> end_cursor = std::nullopt) {
        for (ReportColumn& column : table_.columns) {
            if (!column.present.empty()) column.present.resize(column.size(), true);
            if (std::all_of(column.present.begin(), column.present.end(), [](bool present) { return present; })) {
                column.present.clear();
            }
        }
        table_.has_next_page = has_next_page;
        table_.end_cursor = std::move(end_cursor);
        return std::move(table_);
    }

private:
    /// Records whether the row being added to `column` has a value (the rows before it had).
    void mark(std::size_t column, bool present) {
        ReportColumn& target = table_.columns[column];
        target.present.resize(target.size(), true);
        target.present.push_back(present);
    }

    ReportTable table_;
};

}  // namespace ticketcore
