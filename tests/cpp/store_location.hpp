#pragma once
/// @file store_location.hpp
/// @brief The engine a storage test runs on and the location of its store: ":memory:" or a SQLite
/// file on SQLite, a fresh schema of the test server on PostgreSQL.
///
/// ctest runs every test of `ticketcore_storage_tests` twice, as `sqlite.<test>` and as
/// `postgresql.<test>`, with TICKETCORE_TEST_ENGINE set to the engine (CMakeLists.txt); run by
/// hand, the executable tests SQLite unless TICKETCORE_TEST_ENGINE says otherwise. On PostgreSQL
/// the server is the one of TICKETCORE_TEST_POSTGRES_URL: without it the tests fail, never skip.

#include <libpq-fe.h>
#include <stdlib.h>  // mkdtemp
#include <unistd.h>  // getpid

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace ticketcore_test {

/// @brief A fresh directory under /tmp, removed with everything in it when the object dies.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ticketcore-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    /// @brief The path of `name` inside the directory.
    [[nodiscard]] std::string file(std::string_view name) const { return (path_ / name).string(); }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// @brief The engines a storage test can run on.
enum class TestEngine { sqlite, postgresql };

/// @brief The engine under test, from TICKETCORE_TEST_ENGINE: "sqlite" (also when unset) or
/// "postgresql"; any other value throws.
inline TestEngine engine_under_test() {
#ifndef TICKETCORE_TEST_PER_ENGINE
    // Only the executable ctest runs once per engine may pick a location by the engine: a test
    // elsewhere that asked would silently run on SQLite alone.
    throw std::logic_error(
        "this test opens a store of the engine under test: list its file in TICKETCORE_STORAGE_TESTS "
        "(CMakeLists.txt) so that it runs on both engines, or give a SQLite-only test a path of its own");
#else
    const char* name = std::getenv("TICKETCORE_TEST_ENGINE");
    const std::string engine = name == nullptr ? "" : name;
    if (engine.empty() || engine == "sqlite") return TestEngine::sqlite;
    if (engine == "postgresql") return TestEngine::postgresql;
    throw std::runtime_error("TICKETCORE_TEST_ENGINE must be 'sqlite' or 'postgresql', not '" + engine + "'");
#endif
}

/// @brief The URL of the PostgreSQL test server (TICKETCORE_TEST_POSTGRES_URL); throws when it is
/// unset, so a PostgreSQL run without a server fails.
inline std::string postgres_test_url() {
    const char* url = std::getenv("TICKETCORE_TEST_POSTGRES_URL");
    if (url == nullptr || *url == '\0') {
        throw std::runtime_error(
            "TICKETCORE_TEST_POSTGRES_URL is not set: the storage tests on PostgreSQL need a server. Run them "
            "through `bash scripts/test`, which starts a throwaway one, or start one yourself: `export "
            "TICKETCORE_TEST_POSTGRES_URL=$(bash scripts/postgres start /tmp/ticketcore-pg)`");
    }
    return url;
}

/// @brief `server_url` with its search_path set to `schema` through libpq's `options` parameter
/// (appended to the options the URL already gives, as tests/python/pg_support.py does).
inline std::string with_search_path(const std::string& server_url, const std::string& schema) {
    const std::string setting = "-csearch_path%3D" + schema;
    const std::string::size_type query = server_url.find('?');
    if (query == std::string::npos) return server_url + "?options=" + setting;
    // The value of an options parameter ends at the next '&' or at the end of the URL.
    for (std::string::size_type at = query; at != std::string::npos; at = server_url.find('&', at + 1)) {
        if (server_url.compare(at + 1, 8, "options=") != 0) continue;
        const std::string::size_type end = server_url.find('&', at + 1);
        const std::string::size_type insert = end == std::string::npos ? server_url.size() : end;
        return server_url.substr(0, insert) + "%20" + setting + server_url.substr(insert);
    }
    return server_url + "&options=" + setting;
}

/// @brief Where a test's store lives, removed when the object dies: on PostgreSQL a schema of its
/// own on the test server (selected by the URL's search_path, dropped with everything in it), on
/// SQLite ":memory:" or a file in a directory of its own.
class StoreLocation {
public:
    /// @brief A location only this test's one Store opens: ":memory:" on SQLite, a new schema on
    /// PostgreSQL.
    static StoreLocation fresh() {
        if (engine_under_test() == TestEngine::postgresql) return StoreLocation(Schema::create(postgres_test_url()));
        return StoreLocation(":memory:");
    }

    /// @brief A location several Stores (and the connections of each) open at once, or one after
    /// the other: a file in a new directory on SQLite, a new schema on PostgreSQL.
    static StoreLocation shared() {
        if (engine_under_test() == TestEngine::postgresql) return StoreLocation(Schema::create(postgres_test_url()));
        auto directory = std::make_shared<TempDir>();
        StoreLocation location(directory->file("tickets.db"));
        location.directory_ = std::move(directory);
        return location;
    }

    /// @brief `path` itself, which the test owns (a SQLite-only test's file): nothing is removed.
    static StoreLocation at(std::string path) { return StoreLocation(std::move(path)); }

    /// @brief What Store::open takes: ":memory:", a file path or a PostgreSQL URL.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    /// A schema of the test server and the admin connection that made it and drops it.
    class Schema {
    public:
        static std::shared_ptr<Schema> create(const std::string& server_url) {
            return std::shared_ptr<Schema>(new Schema(server_url));
        }
        Schema(const Schema&) = delete;
        Schema& operator=(const Schema&) = delete;
        ~Schema() {
            // Every Store of the test is closed by now; a failed drop leaves a schema behind on a
            // throwaway server, which is not worth failing the test for.
            if (PQstatus(admin_) == CONNECTION_OK)
                PQclear(PQexec(admin_, ("DROP SCHEMA " + name_ + " CASCADE").c_str()));
            PQfinish(admin_);
        }
        [[nodiscard]] const std::string& url() const noexcept { return url_; }

    private:
        explicit Schema(const std::string& server_url) : admin_(PQconnectdb(server_url.c_str())) {
            if (PQstatus(admin_) != CONNECTION_OK) {
                const std::string reason = PQerrorMessage(admin_);
                PQfinish(admin_);
                throw std::runtime_error("Cannot reach the PostgreSQL server of TICKETCORE_TEST_POSTGRES_URL: " +
                                         reason);
            }
            // Unique across the processes ctest runs side by side, and across runs sharing a server.
            static std::atomic<int> made{0};
            const auto clock = std::chrono::system_clock::now().time_since_epoch().count();
            name_ = "tc_" + std::to_string(getpid()) + "_" + std::to_string(clock) + "_" + std::to_string(++made);
            PGresult* result = PQexec(admin_, ("CREATE SCHEMA " + name_).c_str());
            const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
            PQclear(result);
            if (!created) {
                const std::string reason = PQerrorMessage(admin_);
                PQfinish(admin_);
                throw std::runtime_error("CREATE SCHEMA " + name_ + " failed: " + reason);
            }
            url_ = with_search_path(server_url, name_);
        }

        PGconn* admin_;
        std::string name_;
        std::string url_;
    };

    explicit StoreLocation(std::string path) : path_(std::move(path)) {}
    explicit StoreLocation(std::shared_ptr<Schema> schema) : path_(schema->url()), schema_(std::move(schema)) {}

    std::string path_;
    std::shared_ptr<TempDir> directory_;
    std::shared_ptr<Schema> schema_;
};

}  // namespace ticketcore_test
