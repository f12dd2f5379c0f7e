#pragma once
/// @file arrow_c.hpp
/// @brief A report (model/report.hpp) through the Arrow C data and C stream interfaces (issue 10).
///
/// The Arrow C data interface is an ABI of three plain C structs, specified by Apache Arrow
/// ("The Arrow C data interface", "The Arrow C stream interface"); a consumer (pyarrow, polars,
/// pandas through pyarrow, DuckDB ...) takes ownership of structs a producer filled and calls
/// their `release` callback when done. ticketcore fills them itself, without Arrow C++ or
/// nanoarrow: the structs are declared below from the specification, guarded by the macros
/// the specification prescribes, so that a translation unit that also sees another declaration
/// of the same ABI keeps one.
///
/// A ReportTable exports as a struct array ("+s") of one child per column, without nulls at the
/// top level; each column's type follows its kind:
///
/// | kind    | Arrow type                | format        | buffers                                  |
/// |---------|---------------------------|---------------|------------------------------------------|
/// | integer | int64                     | `l`           | validity, int64 values                   |
/// | boolean | bool                      | `b`           | validity, bit-packed values              |
/// | text    | utf8 (large_utf8 > 2 GiB) | `u` (`U`)     | validity, int32 (int64) offsets, UTF-8   |
/// | money   | decimal128(18, scale)     | `d:18,SCALE`  | validity, 16-byte little-endian integers |
/// | instant | timestamp[us, tz=UTC]     | `tsu:UTC`     | validity, int64 microseconds             |
///
/// Every column is a nullable field; a column with a null has a validity bitmap (bit set = value)
/// and its null count, one without has no bitmap (a null pointer) and a null count of 0. Buffers
/// are 64-byte aligned and never null otherwise, even when empty.
///
/// Memory: every struct this file fills owns its buffers through its `private_data`; `release`
/// frees them (a parent's release first releases the children still owned, that is those whose
/// `release` a consumer has not moved out and nulled) and marks the struct released by setting
/// `release` to null. The exporters are pure: no I/O, no clock, no SQL.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ticketcore/model/report.hpp"

// ---- The ABI, as the Arrow specification declares it ----------------------------------------

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

// NOLINTBEGIN(modernize-use-using,readability-identifier-naming): the specification's C declarations.
struct ArrowSchema {
    // Array type description
    const char* format;
    const char* name;
    const char* metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema** children;
    struct ArrowSchema* dictionary;

    // Release callback
    void (*release)(struct ArrowSchema*);
    // Opaque producer-specific data
    void* private_data;
};

struct ArrowArray {
    // Array data description
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void** buffers;
    struct ArrowArray** children;
    struct ArrowArray* dictionary;

    // Release callback
    void (*release)(struct ArrowArray*);
    // Opaque producer-specific data
    void* private_data;
};
// NOLINTEND(modernize-use-using,readability-identifier-naming)

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

// NOLINTBEGIN(modernize-use-using,readability-identifier-naming)
struct ArrowArrayStream {
    // Callbacks providing stream functionality
    int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
    int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
    const char* (*get_last_error)(struct ArrowArrayStream*);

    // Release callback
    void (*release)(struct ArrowArrayStream*);

    // Opaque producer-specific data
    void* private_data;
};
// NOLINTEND(modernize-use-using,readability-identifier-naming)

#endif  // ARROW_C_STREAM_INTERFACE

#ifdef __cplusplus
}
#endif

namespace ticketcore::arrow {

/// @brief How the exporters lay out a report.
struct ExportOptions {
    /// @brief The most bytes of UTF-8 a text column may hold in one batch and still export as utf8
    /// (int32 offsets); a column beyond it in any batch exports as large_utf8 (int64 offsets) in
    /// every batch. Arrow's limit; tests lower it to see the switch without gigabytes.
    std::size_t utf8_limit = 2'147'483'647;
};

/// @brief The largest magnitude of a money amount in decimal128(18, scale): 18 nines of minor units.
inline constexpr std::int64_t max_decimal18 = 999'999'999'999'999'999;

/// @brief The Arrow format string of a column kind (`l`, `b`, `u` or `U`, `d:18,2`, `tsu:UTC`).
[[nodiscard]] std::string format_of(ColumnKind kind, int scale, bool large_text = false);

/// @brief Throws fail::report_not_exportable unless `table` has the shape the export needs: every
/// column as long as the first, `present` empty or one flag per row, a money scale between 0
/// and 18 and every amount within 18 digits (a null's slot may hold anything: it exports as 0).
void check_exportable(const ReportTable& table);

/// @brief Fills `out` with the schema of `table` (a struct of one nullable field per column).
/// `out` must not hold a live schema; on failure it is left untouched (release null) and the
/// error thrown.
void export_schema(const ReportTable& table, ArrowSchema* out, const ExportOptions& options = {});

/// @brief Fills `out` with `table`'s rows as one struct array (a copy: `table` may go away).
void export_array(const ReportTable& table, ArrowArray* out, const ExportOptions& options = {});

/// @brief Fills `out` with a stream of `batches`, one record batch each, in order; the stream's
/// schema is the first batch's. Every batch must be exportable and have the same columns (names,
/// kinds, money scales) as the first; there must be at least one (a report without rows is a
/// batch of none). The batches are checked and copied here (the stream needs none of them
/// afterwards), so that a stream once returned cannot fail: get_next moves out the next batch.
void export_stream(const std::vector<const ReportTable*>& batches, ArrowArrayStream* out,
                   const ExportOptions& options = {});

/// @brief `pages` appended into one table (the first page's name, the last's paging): the same
/// checks as export_stream.
[[nodiscard]] ReportTable concatenate(const std::vector<const ReportTable*>& pages);

}  // namespace ticketcore::arrow
