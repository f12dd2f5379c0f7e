#include "ticketcore/model/arrow_c.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "test_support.hpp"

// The Arrow C data interface of a report (model/arrow_c.hpp), checked buffer by buffer against
// the specification; tests/python/test_arrow_export.py checks the same export with pyarrow's own
// validation, polars and pandas. Run under ASan (scripts/test with SANITIZE=1), these tests also
// show that every release frees what it owns and nothing twice.

namespace arrow_c_test {

using namespace ticketcore;
using ticketcore_test::expect_error;

/// Sets the rows of a text column.
void set_texts(ReportColumn& column, const std::vector<std::string>& rows) {
    column.text_bytes.clear();
    column.text_ends.clear();
    for (const std::string& row : rows) column.push_text(row);
}

/// A report with one column of each kind, three rows, nulls in the second row but for `id`.
ReportTable sample() {
    ReportTable table;
    table.name = "sample";
    ReportColumn& id = table.add("id", ColumnKind::integer);
    id.integers = {1, -2, 9'000'000'000};
    ReportColumn& active = table.add("active", ColumnKind::boolean);
    active.integers = {1, 0, 0};
    active.present = {true, false, true};
    ReportColumn& name = table.add("name", ColumnKind::text);
    set_texts(name, {"Gala", "",
                     "K\xC3\xB8"
                     "benhavn \xE2\x82\xAC"});
    name.present = {true, false, true};
    ReportColumn& price = table.add("price", ColumnKind::money, 2);
    price.integers = {25000, 0, -12345};
    price.present = {true, false, true};
    ReportColumn& currency = table.add("currency", ColumnKind::text);
    set_texts(currency, {"DKK", "DKK", "EUR"});
    ReportColumn& at = table.add("at", ColumnKind::instant);
    at.integers = {0, 0, 1'700'000'000'123'456};
    at.present = {true, false, true};
    return table;
}

/// Releases a struct on scope exit unless it was released already.
template <typename Struct>
struct Owned {
    Struct value{};
    Owned() = default;
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    ~Owned() {
        if (value.release != nullptr) value.release(&value);
    }
    Struct* operator->() { return &value; }
    Struct* get() { return &value; }
};

bool bit(const void* bits, std::int64_t index) {
    return (static_cast<const std::uint8_t*>(bits)[index / 8] >> (index % 8) & 1U) != 0;
}

template <typename T>
T value_at(const void* buffer, std::int64_t index) {
    T value{};
    std::memcpy(&value, static_cast<const std::byte*>(buffer) + index * static_cast<std::int64_t>(sizeof(T)),
                sizeof(T));
    return value;
}

/// The 16 bytes of decimal `index` as (low, high) 64-bit halves.
std::pair<std::uint64_t, std::int64_t> decimal_at(const void* buffer, std::int64_t index) {
    return {value_at<std::uint64_t>(buffer, index * 2), value_at<std::int64_t>(buffer, index * 2 + 1)};
}

std::vector<std::string> strings_of(const ArrowArray& array) {
    std::vector<std::string> strings;
    const auto* data = static_cast<const char*>(array.buffers[2]);
    for (std::int64_t row = 0; row < array.length; ++row) {
        const auto start = value_at<std::int32_t>(array.buffers[1], row);
        const auto end = value_at<std::int32_t>(array.buffers[1], row + 1);
        strings.emplace_back(data + start, static_cast<std::size_t>(end - start));
    }
    return strings;
}

void poisoned_release(ArrowArray* /*array*/) {
    ADD_FAILURE() << "released an end-of-stream marker";
}

bool aligned(const void* pointer) {
    return reinterpret_cast<std::uintptr_t>(pointer) % 64 == 0;
}

TEST(ArrowC, FormatsFollowTheColumnKinds) {
    EXPECT_EQ(arrow::format_of(ColumnKind::integer, 0), "l");
    EXPECT_EQ(arrow::format_of(ColumnKind::boolean, 0), "b");
    EXPECT_EQ(arrow::format_of(ColumnKind::text, 0), "u");
    EXPECT_EQ(arrow::format_of(ColumnKind::text, 0, true), "U");
    EXPECT_EQ(arrow::format_of(ColumnKind::money, 2), "d:18,2");
    EXPECT_EQ(arrow::format_of(ColumnKind::money, 0), "d:18,0");
    EXPECT_EQ(arrow::format_of(ColumnKind::money, 18), "d:18,18");
    EXPECT_EQ(arrow::format_of(ColumnKind::instant, 0), "tsu:UTC");
}

TEST(ArrowC, SchemaIsAStructOfOneNullableFieldPerColumn) {
    Owned<ArrowSchema> schema;
    arrow::export_schema(sample(), schema.get());
    EXPECT_STREQ(schema->format, "+s");
    EXPECT_STREQ(schema->name, "");
    EXPECT_EQ(schema->metadata, nullptr);
    EXPECT_EQ(schema->flags, 0);
    EXPECT_EQ(schema->dictionary, nullptr);
    ASSERT_EQ(schema->n_children, 6);
    const std::vector<std::pair<std::string, std::string>> fields = {
        {"id", "l"}, {"active", "b"}, {"name", "u"}, {"price", "d:18,2"}, {"currency", "u"}, {"at", "tsu:UTC"}};
    for (std::size_t index = 0; index < fields.size(); ++index) {
        const ArrowSchema& child = *schema->children[index];
        EXPECT_STREQ(child.name, fields[index].first.c_str());
        EXPECT_STREQ(child.format, fields[index].second.c_str());
        EXPECT_EQ(child.flags, ARROW_FLAG_NULLABLE);
        EXPECT_EQ(child.n_children, 0);
        EXPECT_EQ(child.children, nullptr);
        EXPECT_EQ(child.metadata, nullptr);
        EXPECT_EQ(child.dictionary, nullptr);
        EXPECT_NE(child.release, nullptr);
    }
    schema->release(schema.get());
    EXPECT_EQ(schema->release, nullptr);
}

TEST(ArrowC, ArrayIsAStructWithoutNullsOverTheColumns) {
    Owned<ArrowArray> array;
    arrow::export_array(sample(), array.get());
    EXPECT_EQ(array->length, 3);
    EXPECT_EQ(array->null_count, 0);
    EXPECT_EQ(array->offset, 0);
    ASSERT_EQ(array->n_buffers, 1);
    EXPECT_EQ(array->buffers[0], nullptr);
    ASSERT_EQ(array->n_children, 6);
    EXPECT_EQ(array->dictionary, nullptr);
    for (std::int64_t index = 0; index < 6; ++index) {
        const ArrowArray& child = *array->children[index];
        EXPECT_EQ(child.length, 3);
        EXPECT_EQ(child.offset, 0);
        EXPECT_EQ(child.n_children, 0);
        EXPECT_EQ(child.dictionary, nullptr);
        EXPECT_NE(child.release, nullptr);
        for (std::int64_t buffer = 1; buffer < child.n_buffers; ++buffer) {
            EXPECT_NE(child.buffers[buffer], nullptr);
            EXPECT_TRUE(aligned(child.buffers[buffer]));
        }
    }
}

TEST(ArrowC, IntegersAreInt64WithoutABitmapWhenNoneIsNull) {
    Owned<ArrowArray> array;
    arrow::export_array(sample(), array.get());
    const ArrowArray& id = *array->children[0];
    ASSERT_EQ(id.n_buffers, 2);
    EXPECT_EQ(id.null_count, 0);
    EXPECT_EQ(id.buffers[0], nullptr);
    EXPECT_EQ(value_at<std::int64_t>(id.buffers[1], 0), 1);
    EXPECT_EQ(value_at<std::int64_t>(id.buffers[1], 1), -2);
    EXPECT_EQ(value_at<std::int64_t>(id.buffers[1], 2), 9'000'000'000);
}

TEST(ArrowC, NullsAreAValidityBitmapAndACount) {
    Owned<ArrowArray> array;
    arrow::export_array(sample(), array.get());
    for (std::int64_t index = 1; index < 6; ++index) {
        const ArrowArray& column = *array->children[index];
        if (index == 4) {  // currency: no nulls
            EXPECT_EQ(column.null_count, 0);
            EXPECT_EQ(column.buffers[0], nullptr);
            continue;
        }
        EXPECT_EQ(column.null_count, 1) << index;
        ASSERT_NE(column.buffers[0], nullptr);
        EXPECT_TRUE(aligned(column.buffers[0]));
        EXPECT_TRUE(bit(column.buffers[0], 0));
        EXPECT_FALSE(bit(column.buffers[0], 1));
        EXPECT_TRUE(bit(column.buffers[0], 2));
        // The padding bits of the bitmap are zero.
        EXPECT_EQ(static_cast<const std::uint8_t*>(column.buffers[0])[0], 0b101);
    }
}

TEST(ArrowC, AllPresentFlagsSetIsNoNull) {
    ReportTable table;
    ReportColumn& column = table.add("n", ColumnKind::integer);
    column.integers = {1, 2};
    column.present = {true, true};
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(array->children[0]->null_count, 0);
    EXPECT_EQ(array->children[0]->buffers[0], nullptr);
}

TEST(ArrowC, BooleansAreBitPacked) {
    ReportTable table;
    ReportColumn& flags = table.add("flag", ColumnKind::boolean);
    // 11 rows across two bytes; any non-zero is true; a null's slot is never set.
    flags.integers = {1, 0, 1, 1, 0, 0, 0, 1, 0, 7, 1};
    flags.present = {true, true, true, true, true, true, true, true, true, true, false};
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    const ArrowArray& column = *array->children[0];
    ASSERT_EQ(column.n_buffers, 2);
    EXPECT_EQ(column.null_count, 1);
    const auto* bits = static_cast<const std::uint8_t*>(column.buffers[1]);
    EXPECT_EQ(bits[0], 0b10001101);
    EXPECT_EQ(bits[1], 0b00000010);
    const auto* validity = static_cast<const std::uint8_t*>(column.buffers[0]);
    EXPECT_EQ(validity[0], 0xFF);
    EXPECT_EQ(validity[1], 0b011);
}

TEST(ArrowC, TextIsUtf8WithInt32Offsets) {
    Owned<ArrowArray> array;
    arrow::export_array(sample(), array.get());
    const ArrowArray& name = *array->children[2];
    ASSERT_EQ(name.n_buffers, 3);
    EXPECT_EQ(value_at<std::int32_t>(name.buffers[1], 0), 0);
    EXPECT_EQ(value_at<std::int32_t>(name.buffers[1], 1), 4);
    EXPECT_EQ(value_at<std::int32_t>(name.buffers[1], 2), 4);       // the null: no bytes
    EXPECT_EQ(value_at<std::int32_t>(name.buffers[1], 3), 4 + 14);  // K ø(2) benhavn, space, €(3)
    EXPECT_EQ(strings_of(name), (std::vector<std::string>{"Gala", "",
                                                          "K\xC3\xB8"
                                                          "benhavn \xE2\x82\xAC"}));
    EXPECT_EQ(strings_of(*array->children[4]), (std::vector<std::string>{"DKK", "DKK", "EUR"}));
}

TEST(ArrowC, ANullsTextSlotIsNotExported) {
    ReportTable table;
    ReportColumn& column = table.add("t", ColumnKind::text);
    set_texts(column, {"a", "left over", "b"});
    column.present = {true, false, true};
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(strings_of(*array->children[0]), (std::vector<std::string>{"a", "", "b"}));
}

TEST(ArrowC, MalformedUtf8ExportsAsReplacementCharacters) {
    ReportTable table;
    ReportColumn& column = table.add("t", ColumnKind::text);
    set_texts(column, {"a\xFF"
                       "b",
                       "\xED\xA0\x80", "ok"});
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(strings_of(*array->children[0]),
              (std::vector<std::string>{"a\xEF\xBF\xBD"
                                        "b",
                                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "ok"}));
}

TEST(ArrowC, TwoMalformedHalvesOfOneCharacterAreEachRepaired) {
    // "\xC3" ends one row and "\xB8" starts the next: together the bytes are well-formed ("ø"),
    // each row alone is not.
    ReportTable table;
    ReportColumn& column = table.add("t", ColumnKind::text);
    set_texts(column, {"a\xC3",
                       "\xB8"
                       "b"});
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(strings_of(*array->children[0]), (std::vector<std::string>{"a\xEF\xBF\xBD",
                                                                         "\xEF\xBF\xBD"
                                                                         "b"}));
}

TEST(ArrowC, TextRowsBeyondTheirBytesAreRefused) {
    ReportTable table;
    table.name = "bad";
    ReportColumn& column = table.add("t", ColumnKind::text);
    column.text_bytes = "abc";
    column.text_ends = {2, 1};
    ArrowArray array{};
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_array(table, &array); }, "report_not_exportable",
        "Report 'bad' cannot be exported to Arrow: text column 't' has a row ending at byte 1 after one ending at "
        "byte 2 of 3"));
    column.text_ends = {2, 4};
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_array(table, &array); }, "report_not_exportable",
        "Report 'bad' cannot be exported to Arrow: text column 't' has a row ending at byte 4 after one ending at "
        "byte 2 of 3"));
    table.columns[0].text_ends = {2, 3};
    ReportColumn& number = table.add("n", ColumnKind::integer);  // `column` is gone with this add
    number.integers = {1, 2};
    number.text_bytes = "x";
    EXPECT_TRUE(expect_error<ValidationError>([&] { arrow::export_array(table, &array); }, "report_not_exportable",
                                              "Report 'bad' cannot be exported to Arrow: column 'n' is not text but "
                                              "holds text"));
    EXPECT_EQ(array.release, nullptr);
}

TEST(ArrowC, ABuilderFillsRowsAndKeepsNullsInStep) {
    ReportBuilder rows("built");
    const auto text = rows.column("text", ColumnKind::text);
    const auto amount = rows.column("amount", ColumnKind::money, 2);
    const auto at = rows.column("at", ColumnKind::instant);
    rows.text(text, "a");
    rows.optional_integer(amount, 100);
    rows.optional_instant(at, Instant{5});
    rows.optional_text(text, std::nullopt);
    rows.integer(amount, 7);  // a value without a flag after a flagged one: the flags are padded
    rows.optional_instant(at, std::nullopt);
    const ReportTable table = rows.done(true, "cursor");
    EXPECT_EQ(table.name, "built");
    EXPECT_TRUE(table.has_next_page);
    EXPECT_EQ(table.end_cursor, "cursor");
    EXPECT_EQ(table.columns[0].texts(), (std::vector<std::string>{"a", ""}));
    EXPECT_EQ(table.columns[0].present, (std::vector<bool>{true, false}));
    EXPECT_EQ(table.columns[1].integers, (std::vector<std::int64_t>{100, 7}));
    EXPECT_TRUE(table.columns[1].present.empty());  // every row has a value
    EXPECT_EQ(table.columns[2].integers, (std::vector<std::int64_t>{5, 0}));
    EXPECT_EQ(table.columns[2].present, (std::vector<bool>{true, false}));
    EXPECT_NO_THROW(arrow::check_exportable(table));
}

TEST(ArrowC, TextBeyondTheUtf8LimitIsLargeUtf8) {
    ReportTable table;
    ReportColumn& big = table.add("big", ColumnKind::text);
    set_texts(big, {"abcd", "efgh"});
    ReportColumn& small = table.add("small", ColumnKind::text);
    set_texts(small, {"a", "b"});
    const arrow::ExportOptions options{.utf8_limit = 7};
    Owned<ArrowSchema> schema;
    arrow::export_schema(table, schema.get(), options);
    EXPECT_STREQ(schema->children[0]->format, "U");
    EXPECT_STREQ(schema->children[1]->format, "u");
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get(), options);
    const ArrowArray& column = *array->children[0];
    EXPECT_EQ(value_at<std::int64_t>(column.buffers[1], 0), 0);
    EXPECT_EQ(value_at<std::int64_t>(column.buffers[1], 1), 4);
    EXPECT_EQ(value_at<std::int64_t>(column.buffers[1], 2), 8);
    EXPECT_EQ(std::string(static_cast<const char*>(column.buffers[2]), 8), "abcdefgh");
    // At the limit exactly, utf8 still.
    Owned<ArrowSchema> at_limit;
    arrow::export_schema(table, at_limit.get(), arrow::ExportOptions{.utf8_limit = 8});
    EXPECT_STREQ(at_limit->children[0]->format, "u");
}

TEST(ArrowC, MoneyIsDecimal128OfMinorUnitsInTwosComplement) {
    ReportTable table;
    ReportColumn& amount = table.add("amount", ColumnKind::money, 2);
    amount.integers = {25000, -1, -12345, 0, arrow::max_decimal18, -arrow::max_decimal18, 1};
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    const ArrowArray& column = *array->children[0];
    ASSERT_EQ(column.n_buffers, 2);
    EXPECT_EQ(decimal_at(column.buffers[1], 0), (std::pair<std::uint64_t, std::int64_t>{25000, 0}));
    EXPECT_EQ(decimal_at(column.buffers[1], 1), (std::pair<std::uint64_t, std::int64_t>{~std::uint64_t{0}, -1}));
    EXPECT_EQ(decimal_at(column.buffers[1], 2),
              (std::pair<std::uint64_t, std::int64_t>{static_cast<std::uint64_t>(-12345), -1}));
    EXPECT_EQ(decimal_at(column.buffers[1], 3), (std::pair<std::uint64_t, std::int64_t>{0, 0}));
    EXPECT_EQ(decimal_at(column.buffers[1], 4),
              (std::pair<std::uint64_t, std::int64_t>{999'999'999'999'999'999ULL, 0}));
    EXPECT_EQ(decimal_at(column.buffers[1], 5),
              (std::pair<std::uint64_t, std::int64_t>{static_cast<std::uint64_t>(-arrow::max_decimal18), -1}));
    // Byte by byte: -1 is sixteen 0xFF, little-endian 25000 is A8 61 then zeros.
    const auto* bytes = static_cast<const std::uint8_t*>(column.buffers[1]);
    for (int index = 16; index < 32; ++index) EXPECT_EQ(bytes[index], 0xFF);
    EXPECT_EQ(bytes[0], 0xA8);
    EXPECT_EQ(bytes[1], 0x61);
    for (int index = 2; index < 16; ++index) EXPECT_EQ(bytes[index], 0);
}

TEST(ArrowC, AMoneyNullExportsAsZeroWhateverItsSlot) {
    ReportTable table;
    ReportColumn& amount = table.add("amount", ColumnKind::money, 0);
    amount.integers = {std::numeric_limits<std::int64_t>::min(), 5};
    amount.present = {false, true};
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(decimal_at(array->children[0]->buffers[1], 0), (std::pair<std::uint64_t, std::int64_t>{0, 0}));
    EXPECT_EQ(decimal_at(array->children[0]->buffers[1], 1), (std::pair<std::uint64_t, std::int64_t>{5, 0}));
}

TEST(ArrowC, InstantsAreMicrosecondsUtc) {
    Owned<ArrowArray> array;
    arrow::export_array(sample(), array.get());
    const ArrowArray& at = *array->children[5];
    ASSERT_EQ(at.n_buffers, 2);
    EXPECT_EQ(value_at<std::int64_t>(at.buffers[1], 2), 1'700'000'000'123'456);
}

TEST(ArrowC, AnEmptyReportHasItsColumnsAndNoRows) {
    ReportTable table = sample();
    for (ReportColumn& column : table.columns) {
        column.integers.clear();
        column.text_ends.clear();
        column.text_bytes.clear();
        column.present.clear();
    }
    Owned<ArrowSchema> schema;
    arrow::export_schema(table, schema.get());
    EXPECT_EQ(schema->n_children, 6);
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(array->length, 0);
    for (std::int64_t index = 0; index < 6; ++index) {
        const ArrowArray& column = *array->children[index];
        EXPECT_EQ(column.length, 0);
        EXPECT_EQ(column.null_count, 0);
        for (std::int64_t buffer = 1; buffer < column.n_buffers; ++buffer) EXPECT_NE(column.buffers[buffer], nullptr);
    }
    // utf8 of no rows still has its one offset, 0.
    EXPECT_EQ(value_at<std::int32_t>(array->children[2]->buffers[1], 0), 0);
}

TEST(ArrowC, AReportWithoutColumnsIsAnEmptyStruct) {
    ReportTable table;
    table.name = "nothing";
    Owned<ArrowSchema> schema;
    arrow::export_schema(table, schema.get());
    EXPECT_STREQ(schema->format, "+s");
    EXPECT_EQ(schema->n_children, 0);
    Owned<ArrowArray> array;
    arrow::export_array(table, array.get());
    EXPECT_EQ(array->length, 0);
    EXPECT_EQ(array->n_children, 0);
}

TEST(ArrowC, AReportOfTheWrongShapeIsRefused) {
    ArrowSchema schema{};
    ArrowArray array{};
    ReportTable table = sample();
    table.columns[2].text_ends.pop_back();
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_array(table, &array); }, "report_not_exportable",
        "Report 'sample' cannot be exported to Arrow: column 'name' has 2 rows where the first has 3"));
    EXPECT_EQ(array.release, nullptr);

    table = sample();
    table.columns[1].present.push_back(true);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_schema(table, &schema); }, "report_not_exportable",
        "Report 'sample' cannot be exported to Arrow: column 'active' has 4 presence flags for 3 rows"));
    EXPECT_EQ(schema.release, nullptr);

    table = sample();
    table.columns[3].scale = 19;
    EXPECT_TRUE(expect_error<ValidationError>([&] { arrow::export_array(table, &array); }, "report_not_exportable",
                                              "Report 'sample' cannot be exported to Arrow: money column 'price' has "
                                              "scale 19 (decimal128(18, scale) needs 0 to 18)"));
    table.columns[3].scale = -1;
    EXPECT_THROW(arrow::export_array(table, &array), ValidationError);

    table = sample();
    table.columns[3].integers[2] = -arrow::max_decimal18 - 1;
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_array(table, &array); }, "report_not_exportable",
        "Report 'sample' cannot be exported to Arrow: money column 'price' row 2 holds -1000000000000000000 minor "
        "units, beyond the 18 digits of decimal128(18, 2)"));
    table.columns[3].integers[2] = arrow::max_decimal18 + 1;
    EXPECT_THROW(arrow::export_array(table, &array), ValidationError);
    EXPECT_EQ(array.release, nullptr);
}

TEST(ArrowC, ReleaseFreesAndMarksReleased) {
    Owned<ArrowArray> array;
    arrow::export_array(sample(), array.get());
    array->release(array.get());
    EXPECT_EQ(array->release, nullptr);
    EXPECT_EQ(array->private_data, nullptr);
}

TEST(ArrowC, AChildMovedOutOutlivesItsParent) {
    // The specification lets a consumer move a child out (copy the struct, null the original's
    // release); the parent's release then leaves it alone and the child is released on its own.
    Owned<ArrowArray> moved;
    Owned<ArrowSchema> moved_schema;
    {
        Owned<ArrowArray> array;
        arrow::export_array(sample(), array.get());
        moved.value = *array->children[2];
        array->children[2]->release = nullptr;
        Owned<ArrowSchema> schema;
        arrow::export_schema(sample(), schema.get());
        moved_schema.value = *schema->children[3];
        schema->children[3]->release = nullptr;
    }
    EXPECT_EQ(strings_of(moved.value), (std::vector<std::string>{"Gala", "",
                                                                 "K\xC3\xB8"
                                                                 "benhavn \xE2\x82\xAC"}));
    EXPECT_STREQ(moved_schema->name, "price");
    EXPECT_STREQ(moved_schema->format, "d:18,2");
}

TEST(ArrowC, AMovedParentStaysValid) {
    // Moving the parent struct itself (a bitwise copy) keeps every pointer valid.
    Owned<ArrowArray> target;
    {
        ArrowArray source{};
        arrow::export_array(sample(), &source);
        target.value = source;
        source.release = nullptr;
    }
    EXPECT_EQ(value_at<std::int64_t>(target->children[0]->buffers[1], 2), 9'000'000'000);
    EXPECT_EQ(strings_of(*target->children[4]), (std::vector<std::string>{"DKK", "DKK", "EUR"}));
}

TEST(ArrowC, TheExportIsACopy) {
    Owned<ArrowArray> array;
    {
        const ReportTable table = sample();
        arrow::export_array(table, array.get());
    }
    EXPECT_EQ(value_at<std::int64_t>(array->children[0]->buffers[1], 1), -2);
}

std::vector<const ReportTable*> pointers(const std::vector<ReportTable>& tables) {
    std::vector<const ReportTable*> result;
    for (const ReportTable& table : tables) result.push_back(&table);
    return result;
}

/// A second page of sample()'s shape: two rows, the second with nulls.
ReportTable second_page() {
    ReportTable table = sample();
    for (ReportColumn& column : table.columns) {
        if (column.kind == ColumnKind::text) {
            set_texts(column, {"more", ""});
        } else {
            column.integers = {7, 0};
        }
        column.present = {true, column.name == "id"};
    }
    table.has_next_page = false;
    return table;
}

TEST(ArrowC, AStreamHandsOutEachBatchThenTheEnd) {
    std::vector<ReportTable> batches;
    batches.push_back(sample());
    batches.push_back(second_page());
    Owned<ArrowArrayStream> stream;
    arrow::export_stream(pointers(batches), stream.get());
    batches.clear();  // the stream holds its own copy
    Owned<ArrowSchema> schema;
    ASSERT_EQ(stream->get_schema(stream.get(), schema.get()), 0);
    EXPECT_STREQ(schema->format, "+s");
    EXPECT_EQ(schema->n_children, 6);
    EXPECT_STREQ(schema->children[3]->format, "d:18,2");
    // The schema can be asked for again, and each copy released on its own.
    Owned<ArrowSchema> again;
    ASSERT_EQ(stream->get_schema(stream.get(), again.get()), 0);
    EXPECT_STREQ(again->children[5]->format, "tsu:UTC");

    Owned<ArrowArray> first;
    ASSERT_EQ(stream->get_next(stream.get(), first.get()), 0);
    EXPECT_EQ(first->length, 3);
    Owned<ArrowArray> second;
    ASSERT_EQ(stream->get_next(stream.get(), second.get()), 0);
    EXPECT_EQ(second->length, 2);
    EXPECT_EQ(second->children[1]->null_count, 1);
    EXPECT_EQ(second->children[0]->null_count, 0);
    EXPECT_EQ(strings_of(*second->children[2]), (std::vector<std::string>{"more", ""}));
    ArrowArray end{};
    end.release = &poisoned_release;  // get_next must null it
    ASSERT_EQ(stream->get_next(stream.get(), &end), 0);
    EXPECT_EQ(end.release, nullptr);
    ASSERT_EQ(stream->get_next(stream.get(), &end), 0);
    EXPECT_EQ(end.release, nullptr);
    EXPECT_EQ(stream->get_last_error(stream.get()), nullptr);
    // The batches outlive the stream.
    stream->release(stream.get());
    EXPECT_EQ(stream->release, nullptr);
    EXPECT_EQ(value_at<std::int64_t>(first->children[0]->buffers[1], 2), 9'000'000'000);
}

TEST(ArrowC, AStreamReleasedBeforeItsEndFreesTheRest) {
    std::vector<ReportTable> batches;
    batches.push_back(sample());
    batches.push_back(second_page());
    batches.push_back(sample());
    Owned<ArrowArrayStream> stream;
    arrow::export_stream(pointers(batches), stream.get());
    Owned<ArrowArray> first;
    ASSERT_EQ(stream->get_next(stream.get(), first.get()), 0);
    stream->release(stream.get());
    EXPECT_EQ(stream->release, nullptr);
    // Never read at all: released as it is.
    Owned<ArrowArrayStream> unread;
    std::vector<ReportTable> one;
    one.push_back(sample());
    arrow::export_stream(pointers(one), unread.get());
}

TEST(ArrowC, AStreamOfOneEmptyBatchHasTheSchemaAndNoRows) {
    ReportTable table = sample();
    for (ReportColumn& column : table.columns) {
        column.integers.clear();
        column.text_ends.clear();
        column.text_bytes.clear();
        column.present.clear();
    }
    std::vector<ReportTable> batches;
    batches.push_back(std::move(table));
    Owned<ArrowArrayStream> stream;
    arrow::export_stream(pointers(batches), stream.get());
    Owned<ArrowSchema> schema;
    ASSERT_EQ(stream->get_schema(stream.get(), schema.get()), 0);
    EXPECT_EQ(schema->n_children, 6);
    Owned<ArrowArray> batch;
    ASSERT_EQ(stream->get_next(stream.get(), batch.get()), 0);
    EXPECT_EQ(batch->length, 0);
}

TEST(ArrowC, AStreamTakesLargeUtf8WhenAnyBatchNeedsIt) {
    ReportTable first;
    set_texts(first.add("t", ColumnKind::text), {"ab"});
    ReportTable second;
    set_texts(second.add("t", ColumnKind::text), {"abcdef"});
    std::vector<ReportTable> batches;
    batches.push_back(first);
    batches.push_back(second);
    Owned<ArrowArrayStream> stream;
    arrow::export_stream(pointers(batches), stream.get(), arrow::ExportOptions{.utf8_limit = 4});
    Owned<ArrowSchema> schema;
    ASSERT_EQ(stream->get_schema(stream.get(), schema.get()), 0);
    EXPECT_STREQ(schema->children[0]->format, "U");
    Owned<ArrowArray> batch;
    ASSERT_EQ(stream->get_next(stream.get(), batch.get()), 0);
    EXPECT_EQ(value_at<std::int64_t>(batch->children[0]->buffers[1], 1), 2);
}

TEST(ArrowC, AStreamRefusesBatchesOfAnotherShape) {
    ArrowArrayStream stream{};
    std::vector<ReportTable> batches;
    EXPECT_TRUE(expect_error<ValidationError>([&] { arrow::export_stream({}, &stream); }, "report_not_exportable",
                                              "Report '' cannot be exported to Arrow: there is no page to export"));
    batches.push_back(sample());
    batches.push_back(second_page());
    batches.back().columns[3].scale = 0;
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_stream(pointers(batches), &stream); }, "report_not_exportable",
        "Report 'sample' cannot be exported to Arrow: a page's column 3 ('price', d:18,0) differs from the first "
        "page's ('price', d:18,2)"));
    batches.back() = second_page();
    batches.back().columns.pop_back();
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { arrow::export_stream(pointers(batches), &stream); }, "report_not_exportable",
        "Report 'sample' cannot be exported to Arrow: a page has 5 columns where the "
        "first has 6"));
    batches.back() = second_page();
    batches.back().columns[0].name = "ID";
    EXPECT_THROW(arrow::export_stream(pointers(batches), &stream), ValidationError);
    batches.back() = second_page();
    batches.back().columns[0].integers.push_back(1);
    EXPECT_THROW(arrow::export_stream(pointers(batches), &stream), ValidationError);
    EXPECT_EQ(stream.release, nullptr);
}

TEST(ArrowC, ConcatenateAppendsPagesAndKeepsTheLastPaging) {
    ReportTable first = sample();
    first.has_next_page = true;
    first.end_cursor = "c1";
    ReportTable second = second_page();
    second.end_cursor = std::nullopt;
    const ReportTable all = arrow::concatenate({&first, &second});
    EXPECT_EQ(all.name, "sample");
    EXPECT_EQ(all.row_count(), 5U);
    EXPECT_FALSE(all.has_next_page);
    EXPECT_EQ(all.end_cursor, std::nullopt);
    EXPECT_EQ(all.columns[0].integers, (std::vector<std::int64_t>{1, -2, 9'000'000'000, 7, 0}));
    EXPECT_TRUE(all.columns[0].present.empty() ||
                all.columns[0].present == (std::vector<bool>{true, true, true, true, true}));
    EXPECT_EQ(all.columns[1].present, (std::vector<bool>{true, false, true, true, false}));
    // currency had no nulls in the first page: its flags are filled in.
    EXPECT_EQ(all.columns[4].present, (std::vector<bool>{true, true, true, true, false}));
    EXPECT_EQ(all.columns[4].texts(), (std::vector<std::string>{"DKK", "DKK", "EUR", "more", ""}));
    EXPECT_EQ(all.columns[3].scale, 2);
    const ReportTable one = arrow::concatenate({&first});
    EXPECT_EQ(one.end_cursor, "c1");
    EXPECT_TRUE(one.has_next_page);
    EXPECT_THROW((void)arrow::concatenate({}), ValidationError);
    second.columns[2].kind = ColumnKind::integer;
    EXPECT_THROW((void)arrow::concatenate({&first, &second}), ValidationError);
}

}  // namespace arrow_c_test
