// The PostgreSQL engine's SQL translation, session and cursor. The tests that need a server read
// its URL from TICKETCORE_TEST_POSTGRES_URL and fail (they do not skip) without one; each runs in a
// schema of its own, dropped afterwards.
#include "store/postgres/session.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "store/postgres/engine.hpp"
#include "store/postgres/failure.hpp"
#include "store/postgres/translate.hpp"
#include "store/sql/savepoint.hpp"
#include "store/sql/statement.hpp"

namespace {

using namespace ticketcore;
using postgres::translate;

TEST(PostgresTranslate, BarePlaceholdersAreNumberedInOrder) {
    const auto translated = translate("INSERT INTO t (a, b, c) VALUES (?, ?, ?)");
    EXPECT_EQ(translated.text, "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)");
    EXPECT_EQ(translated.parameter_count, 3);
}

TEST(PostgresTranslate, NumberedPlaceholdersKeepTheirNumberAndMayRepeat) {
    const auto translated = translate("SELECT x FROM t WHERE (?1 IS NULL OR a = ?1) AND b > ?12 LIMIT ?2");
    EXPECT_EQ(translated.text, "SELECT x FROM t WHERE ($1 IS NULL OR a = $1) AND b > $12 LIMIT $2");
    EXPECT_EQ(translated.parameter_count, 12);
}

TEST(PostgresTranslate, LiteralsQuotedIdentifiersAndCommentsAreLeftAlone) {
    const auto translated = translate("SELECT '?', 'it''s ? rowid', \"rowid?\", ? -- ? rowid\n, /* ?1 rowid */ ?");
    EXPECT_EQ(translated.text, "SELECT '?', 'it''s ? rowid', \"rowid?\", $1 -- ? rowid\n, /* ?1 rowid */ $2");
    EXPECT_EQ(translated.parameter_count, 2);
}

TEST(PostgresTranslate, RowidIsReplacedAsAWholeWordOnly) {
    const auto translated = translate("SELECT rowid, p.ROWID, rowids, my_rowid, rowid_x FROM t p ORDER BY p.rowid");
    EXPECT_EQ(translated.text, "SELECT seq, p.seq, rowids, my_rowid, rowid_x FROM t p ORDER BY p.seq");
    EXPECT_EQ(translated.parameter_count, 0);
}

TEST(PostgresTranslate, CrossJoinBecomesAJoinAndOtherCrossesStay) {
    const auto translated =
        translate("SELECT 1 FROM a CROSS  join b ON b.x = a.x CROSS JOIN c ON 1 = 1 WHERE crossing = 'CROSS JOIN'");
    EXPECT_EQ(translated.text, "SELECT 1 FROM a join b ON b.x = a.x JOIN c ON 1 = 1 WHERE crossing = 'CROSS JOIN'");
}

TEST(PostgresTranslate, NullTestedParametersGetAProbeTheServerCanInferTypesFrom) {
    const auto translated = translate("SELECT 1 WHERE (?1 IS NULL OR a = ?1) AND (?2 is not null) AND b = ?3");
    EXPECT_EQ(translated.text, "SELECT 1 WHERE ($1 IS NULL OR a = $1) AND ($2 is not null) AND b = $3");
    EXPECT_EQ(translated.probe_text, "SELECT 1 WHERE (NULL IS NULL OR a = $1) AND (NULL is not null) AND b = $3");
    EXPECT_EQ(translated.only_null_tested, (std::vector<bool>{false, true, false}));
    EXPECT_EQ(translate("SELECT 1 WHERE a = ?1 AND ?1 ISNULL_X").probe_text, "");
}

TEST(PostgresTranslate, AnUnclosedLiteralIsCopiedAsIs) {
    EXPECT_EQ(translate("SELECT 'abc ?").text, "SELECT 'abc ?");
}

TEST(PostgresLocation, PasswordsAreRemoved) {
    EXPECT_EQ(postgres::without_password("postgresql://alice:s3cret@db.example:5432/tickets"),
              "postgresql://alice@db.example:5432/tickets");
    EXPECT_EQ(postgres::without_password("postgresql://alice@db.example/tickets?sslmode=require&password=s3cret"),
              "postgresql://alice@db.example/tickets?sslmode=require");
    EXPECT_EQ(postgres::without_password("postgres://db.example/tickets?password=s3cret&sslmode=require"),
              "postgres://db.example/tickets?sslmode=require");
    EXPECT_EQ(postgres::without_password("postgresql://db.example/tickets"), "postgresql://db.example/tickets");
}

/// A schema of its own on the test server, and a connection in it.
class PostgresSession : public ::testing::Test {
protected:
    void SetUp() override {
        const char* url = std::getenv("TICKETCORE_TEST_POSTGRES_URL");
        if (url == nullptr || *url == '\0') {
            FAIL() << "TICKETCORE_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server, e.g. "
                      "postgresql://pgtest@127.0.0.1:55432/ticketcore";
        }
        static std::atomic<int> schemas{0};
        schema_ = "tc_session_" + std::to_string(getpid()) + "_" + std::to_string(++schemas);
        const std::string base = url;
        url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
        admin_ = PQconnectdb(url);
        if (PQstatus(admin_) != CONNECTION_OK) {
            FAIL() << "Cannot reach the PostgreSQL server of TICKETCORE_TEST_POSTGRES_URL: " << PQerrorMessage(admin_);
        }
        admin("SET client_min_messages = warning");
        admin("CREATE SCHEMA " + schema_);
        connection_ = std::make_unique<postgres::Connection>(url_, url_, &engine_round_trips_);
    }
    void TearDown() override {
        connection_.reset();
        if (PQstatus(admin_) == CONNECTION_OK && !schema_.empty())
            admin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        PQfinish(admin_);
    }
    void admin(const std::string& sql) {
        PGresult* result = PQexec(admin_, sql.c_str());
        const ExecStatusType status = PQresultStatus(result);
        EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << sql << ": " << PQerrorMessage(admin_);
        PQclear(result);
    }

    std::string schema_;
    std::string url_;
    PGconn* admin_ = nullptr;
    std::atomic<std::uint64_t> engine_round_trips_{0};
    std::unique_ptr<postgres::Connection> connection_;
};

TEST_F(PostgresSession, IntegersTextNullsAndBooleansRoundTrip) {
    postgres::Session session(*connection_);
    session.execute(
        "CREATE TABLE value_row (id bigint, label text, note text, flag smallint, "
        "seq bigint GENERATED ALWAYS AS IDENTITY)");
    constexpr auto smallest = std::numeric_limits<std::int64_t>::min();
    constexpr auto largest = std::numeric_limits<std::int64_t>::max();
    const std::string label = "O'Brien \"quoted\" ? é 🎟";
    {
        sql::Statement insert(session, "INSERT INTO value_row (id, label, note, flag) VALUES (?, ?, ?, ?)");
        insert.bind_all(smallest, label, std::nullopt, 1);
        EXPECT_EQ(insert.exec(), 1);
        insert.reset();
        insert.bind_all(largest, std::string(), std::string("n"), 0);
        EXPECT_EQ(insert.exec(), 1);
    }
    sql::Statement query(session, "SELECT id, label, note, flag, flag = 1 FROM value_row ORDER BY rowid");
    ASSERT_TRUE(query.executeStep());
    EXPECT_EQ(query.getColumn(0).getInt64(), smallest);
    EXPECT_EQ(query.getColumn(1).getString(), label);
    EXPECT_TRUE(query.getColumn(2).isNull());
    EXPECT_EQ(query.getColumn(2).getString(), "");
    EXPECT_EQ(query.getColumn(3).getInt(), 1);
    EXPECT_EQ(query.getColumn(4).getInt64(), 1);  // a boolean 't'
    ASSERT_TRUE(query.executeStep());
    EXPECT_EQ(query.getColumn(0).getInt64(), largest);
    EXPECT_FALSE(query.getColumn(1).isNull());
    EXPECT_EQ(query.getColumn(1).getString(), "");
    EXPECT_EQ(query.getColumn(2).getString(), "n");
    EXPECT_EQ(query.getColumn(4).getInt64(), 0);  // a boolean 'f'
    EXPECT_FALSE(query.executeStep());
}

TEST_F(PostgresSession, QuestionMarksInLiteralsReachTheServerAndNumberedParametersRepeat) {
    postgres::Session session(*connection_);
    session.execute("CREATE TABLE item (name text, price bigint)");
    session.execute("INSERT INTO item VALUES ('a', 5), ('b', 7), ('c', 9)");
    sql::Statement query(
        session, "SELECT '?' || name || '?1', price + ?1 FROM item WHERE price >= ?1 AND name <> ?2 ORDER BY name");
    query.bind_all(std::int64_t{7}, std::string("c"));
    ASSERT_TRUE(query.executeStep());
    EXPECT_EQ(query.getColumn(0).getString(), "?b?1");
    EXPECT_EQ(query.getColumn(1).getInt64(), 14);
    EXPECT_FALSE(query.executeStep());
}

TEST_F(PostgresSession, OptionalFiltersPrepareWhateverIsBoundFirst) {
    // PostgreSQL infers a parameter's type from its first use; "$1 IS NULL" alone says nothing.
    postgres::Session session(*connection_);
    session.execute("CREATE TABLE item (name text, price bigint)");
    session.execute("INSERT INTO item VALUES ('a', 5), ('b', 7), ('c', 9)");
    const std::string filtered =
        "SELECT count(*) FROM item WHERE (?1 IS NULL OR name = ?1) AND (?2 IS NULL OR price >= ?2) AND ?3 IS NULL";
    const auto count = [&](std::optional<std::string> name, std::optional<std::int64_t> least) {
        sql::Statement query(session, filtered);
        query.bind_all(name, least, std::nullopt);
        query.executeStep();
        return query.getColumn(0).getInt64();
    };
    EXPECT_EQ(count(std::nullopt, std::nullopt), 3);
    EXPECT_EQ(count(std::nullopt, 6), 2);
    EXPECT_EQ(count(std::string("b"), std::nullopt), 1);
    EXPECT_EQ(count(std::string("b"), 8), 0);
}

TEST_F(PostgresSession, RowidReadsTheInsertionOrder) {
    postgres::Session session(*connection_);
    session.execute("CREATE TABLE named (name text PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY)");
    for (const char* name : {"m", "a", "z", "b"}) {
        sql::Statement insert(session, "INSERT INTO named (name) VALUES (?)");
        insert.bind_all(name);
        insert.exec();
    }
    sql::Statement query(session, "SELECT n.name FROM named n ORDER BY n.rowid");
    std::vector<std::string> names;
    while (query.executeStep()) names.push_back(query.getColumn(0).getString());
    EXPECT_EQ(names, (std::vector<std::string>{"m", "a", "z", "b"}));
}

TEST_F(PostgresSession, RunCountsTheRowsChanged) {
    postgres::Session session(*connection_);
    session.execute("CREATE TABLE counter (id text, value bigint)");
    sql::Statement insert(session, "INSERT INTO counter (id, value) SELECT 'c' || g, g FROM generate_series(1, 5) g");
    EXPECT_EQ(insert.exec(), 5);
    sql::Statement update(session, "UPDATE counter SET value = value + 1 WHERE value <= ?");
    update.bind_all(std::int64_t{3});
    EXPECT_EQ(update.exec(), 3);
    sql::Statement remove(session, "DELETE FROM counter WHERE id = ?");
    remove.bind_all("nobody");
    EXPECT_EQ(remove.exec(), 0);
    sql::Statement select(session, "SELECT count(*) FROM counter");
    ASSERT_TRUE(select.executeStep());
    EXPECT_EQ(select.getColumn(0).getInt64(), 5);
}

TEST_F(PostgresSession, SavepointsUndoOnlyTheirPart) {
    postgres::Session session(*connection_);
    session.execute("CREATE TABLE entry (name text)");
    session.execute("BEGIN");
    session.execute("INSERT INTO entry VALUES ('kept')");
    {
        sql::Savepoint undone(session, "tried");
        session.execute("INSERT INTO entry VALUES ('undone')");
    }
    {
        sql::Savepoint failed(session, "failing");
        EXPECT_THROW(session.execute("INSERT INTO missing_table VALUES (1)"), StorageError);
    }
    {
        sql::Savepoint released(session, "released");
        session.execute("INSERT INTO entry VALUES ('released')");
        released.release();
    }
    session.execute("COMMIT");
    sql::Statement query(session, "SELECT string_agg(name, ',' ORDER BY name) FROM entry");
    ASSERT_TRUE(query.executeStep());
    EXPECT_EQ(query.getColumn(0).getString(), "kept,released");
}

TEST_F(PostgresSession, TheCacheGivesANestedUseOfTheSameSqlItsOwnStatement) {
    postgres::Session session(*connection_);
    session.execute("CREATE TABLE node (id bigint, parent bigint)");
    session.execute("INSERT INTO node VALUES (1, NULL), (2, 1), (3, 1), (4, 2)");
    const std::string children = "SELECT id FROM node WHERE parent = ? ORDER BY id";
    const std::uint64_t before = session.round_trips();
    std::vector<std::string> walk;
    {
        sql::Statement outer(session, children);
        outer.bind_all(std::int64_t{1});
        while (outer.executeStep()) {
            const std::int64_t child = outer.getColumn(0).getInt64();
            sql::Statement inner(session, children);  // the outer one is still out: a second statement
            inner.bind_all(child);
            walk.push_back(std::to_string(child));
            while (inner.executeStep()) walk.push_back(std::to_string(child) + ">" + inner.getColumn(0).getString());
        }
    }
    EXPECT_EQ(walk, (std::vector<std::string>{"2", "2>4", "3"}));
    // Outer: prepare + run; the first inner: prepare + run; the second inner reuses it: run.
    EXPECT_EQ(session.round_trips() - before, 5U);
    {
        sql::Statement again(session, children);
        again.bind_all(std::int64_t{2});
        ASSERT_TRUE(again.executeStep());
        EXPECT_EQ(again.getColumn(0).getInt64(), 4);
    }
    EXPECT_EQ(session.round_trips() - before, 6U);  // prepared already: one round trip
    EXPECT_EQ(engine_round_trips_.load(), connection_->round_trips());
}

TEST_F(PostgresSession, ServerErrorsCarryTheirSqlstate) {
    postgres::Session session(*connection_);
    try {
        sql::Statement query(session, "SELECT * FROM no_such_table WHERE id = ?");
        query.bind_all(1);
        query.executeStep();
        FAIL() << "expected a StorageError";
    } catch (const postgres::Failure& failure) {
        EXPECT_EQ(failure.code(), "postgres_error");
        EXPECT_EQ(failure.sqlstate(), "42P01");
        EXPECT_NE(std::string(failure.what()).find("no_such_table"), std::string::npos) << failure.what();
        EXPECT_FALSE(failure.connection_broken());
    }
    sql::Statement query(session, "SELECT ?");
    EXPECT_THROW(query.bind_all(1, 2), StorageError);  // parameter 2 of a statement that has one
}

}  // namespace
