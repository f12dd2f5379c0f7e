#include "ticketcore/model/arrow_c.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string_view>
#include <utility>

#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore::arrow {

namespace {

// decimal128 is two's complement in the platform's byte order, which the specification makes
// little-endian for every consumer this export is for.
static_assert(std::endian::native == std::endian::little, "the Arrow export writes little-endian buffers");

/// Arrow's recommended buffer alignment.
constexpr std::size_t alignment = 64;

struct AlignedDelete {
    void operator()(std::byte* bytes) const noexcept { ::operator delete[](bytes, std::align_val_t{alignment}); }
};
using Buffer = std::unique_ptr<std::byte[], AlignedDelete>;

/// A zeroed buffer of at least `bytes` (never null, even for 0 bytes), padded to the alignment.
Buffer allocate(std::size_t bytes) {
    const std::size_t size = std::max<std::size_t>((bytes + alignment - 1) / alignment * alignment, alignment);
    Buffer buffer(static_cast<std::byte*>(::operator new[](size, std::align_val_t{alignment})));
    std::memset(buffer.get(), 0, size);
    return buffer;
}

void set_bit(std::byte* bits, std::size_t index) noexcept {
    bits[index / 8] |= static_cast<std::byte>(1U << (index % 8));
}

// ---- ownership of the filled structs: each struct's private_data ----------------------------

/// A schema's own strings and children; destroying it releases the children still owned (those a
/// consumer moved out have a null release: they are the consumer's now).
struct SchemaData {
    std::string format;
    std::string name;
    std::vector<ArrowSchema> children;
    std::vector<ArrowSchema*> child_pointers;

    SchemaData() = default;
    SchemaData(const SchemaData&) = delete;
    SchemaData& operator=(const SchemaData&) = delete;
    ~SchemaData() {
        for (ArrowSchema& child : children) {
            if (child.release != nullptr) child.release(&child);
        }
    }
};

void release_schema(ArrowSchema* schema) noexcept {
    if (schema == nullptr || schema->release == nullptr) return;
    delete static_cast<SchemaData*>(schema->private_data);
    schema->release = nullptr;
    schema->private_data = nullptr;
}

/// An array's buffers and children, the same way.
struct ArrayData {
    std::vector<Buffer> owned;
    std::vector<const void*> buffers;
    std::vector<ArrowArray> children;
    std::vector<ArrowArray*> child_pointers;

    ArrayData() = default;
    ArrayData(const ArrayData&) = delete;
    ArrayData& operator=(const ArrayData&) = delete;
    ~ArrayData() {
        for (ArrowArray& child : children) {
            if (child.release != nullptr) child.release(&child);
        }
    }
};

void release_array(ArrowArray* array) noexcept {
    if (array == nullptr || array->release == nullptr) return;
    delete static_cast<ArrayData*>(array->private_data);
    array->release = nullptr;
    array->private_data = nullptr;
}

/// Hands `data` to `out` (which then owns it); `out` is untouched when this throws.
void fill_schema(std::unique_ptr<SchemaData> data, std::int64_t flags, ArrowSchema* out) {
    data->child_pointers.clear();
    for (ArrowSchema& child : data->children) data->child_pointers.push_back(&child);
    out->format = data->format.c_str();
    out->name = data->name.c_str();
    out->metadata = nullptr;
    out->flags = flags;
    out->n_children = static_cast<std::int64_t>(data->children.size());
    out->children = data->children.empty() ? nullptr : data->child_pointers.data();
    out->dictionary = nullptr;
    out->release = &release_schema;
    out->private_data = data.release();
}

void fill_array(std::unique_ptr<ArrayData> data, std::int64_t length, std::int64_t null_count, ArrowArray* out) {
    data->child_pointers.clear();
    for (ArrowArray& child : data->children) data->child_pointers.push_back(&child);
    out->length = length;
    out->null_count = null_count;
    out->offset = 0;
    out->n_buffers = static_cast<std::int64_t>(data->buffers.size());
    out->n_children = static_cast<std::int64_t>(data->children.size());
    out->buffers = data->buffers.data();
    out->children = data->children.empty() ? nullptr : data->child_pointers.data();
    out->dictionary = nullptr;
    out->release = &release_array;
    out->private_data = data.release();
}

// ---- the columns ---------------------------------------------------------------------------

/// U+FFFD, what a malformed byte of a text exports as.
constexpr std::string_view replacement = "\xEF\xBF\xBD";

/// `text` with each malformed byte replaced by U+FFFD (text read from a store is UTF-8 but a
/// store edited by hand may hold anything; Arrow's utf8 must be well-formed).
std::string repaired(std::string_view text) {
    std::string result;
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t start = position;
        char32_t code_point = 0;
        if (unicode::next(text, position, code_point)) {
            result.append(text.substr(start, position - start));
        } else {
            result.append(replacement);
            position = start + 1;
        }
    }
    return result;
}

/// The bytes of row `row` as it exports: none for a null, the text itself when well-formed, else
/// longer (each malformed byte grows to the three of U+FFFD).
std::size_t exported_size(const ReportColumn& column, std::size_t row) {
    if (!column.has_value(row)) return 0;
    const std::string_view text = column.text(row);
    return unicode::is_valid(text) ? text.size() : repaired(text).size();
}

/// True when `column` holds more than `limit` bytes of UTF-8 as it exports.
bool beyond(const ReportColumn& column, std::size_t limit) {
    // A repair at most triples a text: below a third of the limit, no text needs a look.
    if (column.text_bytes.size() <= limit / 3) return false;
    std::size_t total = 0;
    for (std::size_t row = 0; row < column.size(); ++row) total += exported_size(column, row);
    return total > limit;
}

/// True when every row of `column` exports as it is stored: no null holds bytes and every row is
/// well-formed UTF-8 (each row on its own: two malformed halves may make a well-formed whole).
bool exports_as_stored(const ReportColumn& column) {
    if (column.present.empty() && unicode::is_ascii(column.text_bytes)) return true;  // most columns
    for (std::size_t row = 0; row < column.size(); ++row) {
        const std::string_view text = column.text(row);
        if (text.empty()) continue;
        if (!column.has_value(row) || !unicode::is_valid(text)) return false;
    }
    return true;
}

template <typename Offset>
void fill_text(const ReportColumn& column, ArrayData& data) {
    const std::size_t rows = column.size();
    Buffer offsets = allocate((rows + 1) * sizeof(Offset));
    auto* offset_values = reinterpret_cast<Offset*>(offsets.get());
    offset_values[0] = 0;
    Buffer bytes;
    if (exports_as_stored(column)) {  // the common case: the stored layout is Arrow's
        for (std::size_t row = 0; row < rows; ++row)
            offset_values[row + 1] = static_cast<Offset>(column.text_ends[row]);
        bytes = allocate(column.text_bytes.size());
        if (!column.text_bytes.empty()) std::memcpy(bytes.get(), column.text_bytes.data(), column.text_bytes.size());
    } else {
        // The offsets first (one look at each text), then the bytes.
        std::size_t total = 0;
        for (std::size_t row = 0; row < rows; ++row) {
            total += exported_size(column, row);
            offset_values[row + 1] = static_cast<Offset>(total);
        }
        bytes = allocate(total);
        for (std::size_t row = 0; row < rows; ++row) {
            const auto start = static_cast<std::size_t>(offset_values[row]);
            const std::size_t size = static_cast<std::size_t>(offset_values[row + 1]) - start;
            if (size == 0) continue;
            const std::string_view text = column.text(row);
            if (size == text.size()) {  // well-formed: a repaired text is always longer
                std::memcpy(bytes.get() + start, text.data(), size);
            } else {
                const std::string fixed = repaired(text);
                std::memcpy(bytes.get() + start, fixed.data(), fixed.size());
            }
        }
    }
    data.buffers.push_back(offsets.get());
    data.buffers.push_back(bytes.get());
    data.owned.push_back(std::move(offsets));
    data.owned.push_back(std::move(bytes));
}

/// Fills `out` with one column's values.
void column_array(const ReportColumn& column, bool large_text, ArrowArray* out) {
    auto data = std::make_unique<ArrayData>();
    const std::size_t rows = column.size();
    std::int64_t null_count = 0;
    if (!column.present.empty()) {
        null_count = static_cast<std::int64_t>(std::count(column.present.begin(), column.present.end(), false));
    }
    if (null_count == 0) {
        data->buffers.push_back(nullptr);
    } else {
        Buffer validity = allocate((rows + 7) / 8);
        for (std::size_t row = 0; row < rows; ++row) {
            if (column.present[row]) set_bit(validity.get(), row);
        }
        data->buffers.push_back(validity.get());
        data->owned.push_back(std::move(validity));
    }
    switch (column.kind) {
        case ColumnKind::integer:
        case ColumnKind::instant: {
            Buffer values = allocate(rows * sizeof(std::int64_t));
            if (rows != 0) std::memcpy(values.get(), column.integers.data(), rows * sizeof(std::int64_t));
            data->buffers.push_back(values.get());
            data->owned.push_back(std::move(values));
            break;
        }
        case ColumnKind::boolean: {
            Buffer values = allocate((rows + 7) / 8);
            for (std::size_t row = 0; row < rows; ++row) {
                if (column.integers[row] != 0 && column.has_value(row)) set_bit(values.get(), row);
            }
            data->buffers.push_back(values.get());
            data->owned.push_back(std::move(values));
            break;
        }
        case ColumnKind::money: {
            // 16 bytes per value, little-endian two's complement: the int64 and its sign extension.
            Buffer values = allocate(rows * 16);
            for (std::size_t row = 0; row < rows; ++row) {
                const std::int64_t amount = column.has_value(row) ? column.integers[row] : 0;
                const auto low = static_cast<std::uint64_t>(amount);
                const std::uint64_t high = amount < 0 ? ~std::uint64_t{0} : 0;
                std::memcpy(values.get() + row * 16, &low, sizeof low);
                std::memcpy(values.get() + row * 16 + 8, &high, sizeof high);
            }
            data->buffers.push_back(values.get());
            data->owned.push_back(std::move(values));
            break;
        }
        case ColumnKind::text:
            if (large_text) {
                fill_text<std::int64_t>(column, *data);
            } else {
                fill_text<std::int32_t>(column, *data);
            }
            break;
    }
    fill_array(std::move(data), static_cast<std::int64_t>(rows), null_count, out);
}

/// Which text columns need large_utf8 in any of `batches` (all of one shape).
std::vector<bool> large_text_columns(const std::vector<const ReportTable*>& batches, const ExportOptions& options) {
    std::vector<bool> large(batches.front()->columns.size(), false);
    // utf8's offsets are int32 whatever the options say.
    const std::size_t limit = std::min<std::size_t>(options.utf8_limit, std::numeric_limits<std::int32_t>::max());
    for (const ReportTable* batch : batches) {
        for (std::size_t index = 0; index < large.size(); ++index) {
            const ReportColumn& column = batch->columns[index];
            if (column.kind == ColumnKind::text && !large[index] && beyond(column, limit)) {
                large[index] = true;
            }
        }
    }
    return large;
}

void schema_of(const ReportTable& table, const std::vector<bool>& large_text, ArrowSchema* out) {
    auto data = std::make_unique<SchemaData>();
    data->format = "+s";
    // On a failure `data` goes away with the children filled so far.
    data->children.resize(table.columns.size());
    for (std::size_t index = 0; index < table.columns.size(); ++index) {
        const ReportColumn& column = table.columns[index];
        auto child = std::make_unique<SchemaData>();
        child->format = format_of(column.kind, column.scale, large_text[index]);
        child->name = column.name;
        fill_schema(std::move(child), ARROW_FLAG_NULLABLE, &data->children[index]);
    }
    fill_schema(std::move(data), 0, out);
}

void array_of(const ReportTable& table, const std::vector<bool>& large_text, ArrowArray* out) {
    auto data = std::make_unique<ArrayData>();
    data->buffers.push_back(nullptr);  // a struct's validity: no row of a report is null
    data->children.resize(table.columns.size());
    for (std::size_t index = 0; index < table.columns.size(); ++index) {
        column_array(table.columns[index], large_text[index], &data->children[index]);
    }
    fill_array(std::move(data), static_cast<std::int64_t>(table.row_count()), 0, out);
}

[[noreturn]] void refuse(const ReportTable& table, const std::string& reason) {
    throw fail::report_not_exportable(table.name, reason);
}

std::string quoted(const std::string& name) {
    return "'" + name + "'";
}

/// Throws unless `batch` has the columns of `first` (names, kinds, scales).
void check_same_columns(const ReportTable& first, const ReportTable& batch) {
    if (batch.columns.size() != first.columns.size()) {
        refuse(first, "a page has " + std::to_string(batch.columns.size()) + " columns where the first has " +
                          std::to_string(first.columns.size()));
    }
    for (std::size_t index = 0; index < first.columns.size(); ++index) {
        const ReportColumn& expected = first.columns[index];
        const ReportColumn& column = batch.columns[index];
        if (column.name != expected.name || column.kind != expected.kind || column.scale != expected.scale) {
            refuse(first, "a page's column " + std::to_string(index) + " (" + quoted(column.name) + ", " +
                              format_of(column.kind, column.scale) + ") differs from the first page's (" +
                              quoted(expected.name) + ", " + format_of(expected.kind, expected.scale) + ")");
        }
    }
}

/// Checks `batches`, all exportable and of one shape, at least one.
void check_batches(const std::vector<const ReportTable*>& batches) {
    if (batches.empty()) throw fail::report_not_exportable("", "there is no page to export");
    for (const ReportTable* batch : batches) {
        check_exportable(*batch);
        check_same_columns(*batches.front(), *batch);
    }
}

// ---- the stream ----------------------------------------------------------------------------

struct StreamData {
    /// The batches, exported when the stream was made; handed out (moved) in order.
    std::vector<ArrowArray> batches;
    /// The columns without their values: the stream's schema.
    ReportTable shape;
    std::vector<bool> large_text;
    std::size_t next = 0;
    std::string last_error;

    StreamData() = default;
    StreamData(const StreamData&) = delete;
    StreamData& operator=(const StreamData&) = delete;
    /// Releases the batches not handed out.
    ~StreamData() {
        for (ArrowArray& batch : batches) {
            if (batch.release != nullptr) batch.release(&batch);
        }
    }
};

/// Runs `fill`; a failure becomes an errno code and the stream's last error.
template <typename Fill>
int with_last_error(StreamData& data, Fill fill) noexcept {
    try {
        fill();
        data.last_error.clear();
        return 0;
    } catch (const std::bad_alloc&) {
        data.last_error = "out of memory while exporting report '" + data.shape.name + "'";
        return ENOMEM;
    } catch (const std::exception& error) {
        try {
            data.last_error = error.what();
        } catch (...) {
            data.last_error.clear();
        }
        return EIO;
    }
}

int stream_get_schema(ArrowArrayStream* stream, ArrowSchema* out) noexcept {
    auto& data = *static_cast<StreamData*>(stream->private_data);
    return with_last_error(data, [&] { schema_of(data.shape, data.large_text, out); });
}

int stream_get_next(ArrowArrayStream* stream, ArrowArray* out) noexcept {
    auto& data = *static_cast<StreamData*>(stream->private_data);
    if (data.next == data.batches.size()) {
        out->release = nullptr;  // the end of the stream
        return 0;
    }
    // Moved to the consumer: the stream's copy is marked released.
    *out = data.batches[data.next];
    data.batches[data.next].release = nullptr;
    ++data.next;
    return 0;
}

const char* stream_get_last_error(ArrowArrayStream* stream) noexcept {
    const auto& data = *static_cast<StreamData*>(stream->private_data);
    return data.last_error.empty() ? nullptr : data.last_error.c_str();
}

void stream_release(ArrowArrayStream* stream) noexcept {
    if (stream == nullptr || stream->release == nullptr) return;
    delete static_cast<StreamData*>(stream->private_data);
    stream->release = nullptr;
    stream->private_data = nullptr;
}

}  // namespace

std::string format_of(ColumnKind kind, int scale, bool large_text) {
    switch (kind) {
        case ColumnKind::integer: return "l";
        case ColumnKind::boolean: return "b";
        case ColumnKind::text: return large_text ? "U" : "u";
        case ColumnKind::money: return "d:18," + std::to_string(scale);
        case ColumnKind::instant: return "tsu:UTC";
    }
    throw fail::report_not_exportable("", "unknown column kind " + std::to_string(static_cast<int>(kind)));
}

void check_exportable(const ReportTable& table) {
    const std::size_t rows = table.row_count();
    for (const ReportColumn& column : table.columns) {
        const std::string name = quoted(column.name);
        switch (column.kind) {
            case ColumnKind::integer:
            case ColumnKind::boolean:
            case ColumnKind::text:
            case ColumnKind::money:
            case ColumnKind::instant: break;
            default: refuse(table, "column " + name + " has an unknown kind");
        }
        if (column.size() != rows) {
            refuse(table, "column " + name + " has " + std::to_string(column.size()) + " rows where the first has " +
                              std::to_string(rows));
        }
        if (column.kind == ColumnKind::text) {
            // Row ends never decrease and stay within the bytes (a table built by hand may say otherwise).
            std::size_t end = 0;
            for (const std::size_t next : column.text_ends) {
                if (next < end || next > column.text_bytes.size()) {
                    refuse(table, "text column " + name + " has a row ending at byte " + std::to_string(next) +
                                      " after one ending at byte " + std::to_string(end) + " of " +
                                      std::to_string(column.text_bytes.size()));
                }
                end = next;
            }
        } else if (!column.text_ends.empty() || !column.text_bytes.empty()) {
            refuse(table, "column " + name + " is not text but holds text");
        }
        if (!column.present.empty() && column.present.size() != rows) {
            refuse(table, "column " + name + " has " + std::to_string(column.present.size()) + " presence flags for " +
                              std::to_string(rows) + " rows");
        }
        if (column.kind != ColumnKind::money) continue;
        if (column.scale < 0 || column.scale > 18) {
            refuse(table, "money column " + name + " has scale " + std::to_string(column.scale) +
                              " (decimal128(18, scale) needs 0 to 18)");
        }
        for (std::size_t row = 0; row < rows; ++row) {
            const std::int64_t amount = column.integers[row];
            if (column.has_value(row) && (amount > max_decimal18 || amount < -max_decimal18)) {
                refuse(table, "money column " + name + " row " + std::to_string(row) + " holds " +
                                  std::to_string(amount) + " minor units, beyond the 18 digits of decimal128(18, " +
                                  std::to_string(column.scale) + ")");
            }
        }
    }
}

void export_schema(const ReportTable& table, ArrowSchema* out, const ExportOptions& options) {
    check_exportable(table);
    schema_of(table, large_text_columns({&table}, options), out);
}

void export_array(const ReportTable& table, ArrowArray* out, const ExportOptions& options) {
    check_exportable(table);
    array_of(table, large_text_columns({&table}, options), out);
}

void export_stream(const std::vector<const ReportTable*>& batches, ArrowArrayStream* out,
                   const ExportOptions& options) {
    check_batches(batches);
    auto data = std::make_unique<StreamData>();
    data->large_text = large_text_columns(batches, options);
    data->shape.name = batches.front()->name;
    for (const ReportColumn& column : batches.front()->columns) {
        data->shape.add(column.name, column.kind, column.scale);
    }
    // On a failure `data` goes away with the batches exported so far.
    data->batches.resize(batches.size());
    for (std::size_t index = 0; index < batches.size(); ++index) {
        array_of(*batches[index], data->large_text, &data->batches[index]);
    }
    out->get_schema = &stream_get_schema;
    out->get_next = &stream_get_next;
    out->get_last_error = &stream_get_last_error;
    out->release = &stream_release;
    out->private_data = data.release();
}

ReportTable concatenate(const std::vector<const ReportTable*>& pages) {
    check_batches(pages);
    ReportTable result;
    result.name = pages.front()->name;
    result.has_next_page = pages.back()->has_next_page;
    result.end_cursor = pages.back()->end_cursor;
    std::size_t rows = 0;
    for (const ReportTable* page : pages) rows += page->row_count();
    for (std::size_t index = 0; index < pages.front()->columns.size(); ++index) {
        const ReportColumn& first = pages.front()->columns[index];
        ReportColumn& column = result.add(first.name, first.kind, first.scale);
        const bool any_null = std::any_of(
            pages.begin(), pages.end(), [&](const ReportTable* page) { return !page->columns[index].present.empty(); });
        if (first.kind == ColumnKind::text) {
            column.text_ends.reserve(rows);
        } else {
            column.integers.reserve(rows);
        }
        if (any_null) column.present.reserve(rows);
        for (const ReportTable* page : pages) {
            const ReportColumn& part = page->columns[index];
            const std::size_t base = column.text_bytes.size();
            column.text_bytes.append(part.text_bytes, 0, part.text_ends.empty() ? 0 : part.text_ends.back());
            for (const std::size_t end : part.text_ends) column.text_ends.push_back(base + end);
            column.integers.insert(column.integers.end(), part.integers.begin(), part.integers.end());
            if (!any_null) continue;
            if (part.present.empty()) {
                column.present.insert(column.present.end(), part.size(), true);
            } else {
                column.present.insert(column.present.end(), part.present.begin(), part.present.end());
            }
        }
    }
    return result;
}

}  // namespace ticketcore::arrow
