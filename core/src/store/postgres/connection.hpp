#pragma once
// Private to the core (layer 4, store/postgres): one libpq connection, its results and its cache
// of prepared statements. libpq's types appear only under store/postgres.

#include <libpq-fe.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ticketcore::postgres {

class Cursor;

/// @brief Owns a PGresult (PQclear on scope exit).
struct ResultDeleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
/// @brief A PGresult owned by its scope.
using Result = std::unique_ptr<PGresult, ResultDeleter>;

/// @brief One connection to the server: opened by the constructor (StorageError
/// `connection_failed` when the server cannot be reached), closed by the destructor unless
/// abandoned. Used by one thread at a time; every exchange with the server (PQprepare,
/// PQexecPrepared, PQexec, a pipeline's Sync) counts as one round trip.
///
/// Statements whose results nobody waits for (send_later: a transaction's BEGIN, writes whose
/// row count is not needed) go out in libpq's pipeline mode without a round trip of their own:
/// the next statement that needs an answer is sent after them with a Sync, and their results are
/// read in order before its own. The server runs them in the order sent, so the transaction sees
/// what it would have seen one at a time; an error of a statement sent later is thrown by the
/// call that reads it (the next statement, COMMIT or ROLLBACK), and the statements after it in the
/// pipeline are skipped, as they would have failed in the aborted transaction anyway.
class Connection {
public:
    /// @brief Connects to `url` (a libpq URL or conninfo); `location` (the URL without password)
    /// names the server in error messages; `round_trips` (may be null) counts the round trips of
    /// every connection of an engine.
    Connection(const std::string& url, const std::string& location, std::atomic<std::uint64_t>* round_trips);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// @brief Runs SQL without parameters (several statements are allowed); throws Failure when the
    /// server reports an error.
    Result execute(const std::string& sql);
    /// @brief Prepares `text` (already in PostgreSQL's spelling) as the named statement `name`,
    /// with the parameter types `types` (0 or a missing entry: left for the server to infer).
    void prepare(const std::string& name, const std::string& text, int parameter_count,
                 const std::vector<Oid>& types = {});
    /// @brief The parameter types the server infers for `text`, given `hints` (0: to infer), by
    /// preparing it as the unnamed statement and describing it (two round trips).
    std::vector<Oid> infer_parameter_types(const std::string& text, int parameter_count, const std::vector<Oid>& hints);
    /// @brief Runs the prepared statement `name` with text parameters (nullptr is NULL); the
    /// result holds every row. Sent after what send_later queued, in the same round trip.
    Result execute_prepared(const std::string& name, const std::vector<const char*>& parameters);
    /// @brief Queues the prepared statement `name` with its parameters (copied) without waiting for
    /// it (see the class comment); its result is checked when the next answer is read.
    void send_later(const std::string& name, const std::vector<const char*>& parameters);
    /// @brief Queues one SQL command without parameters (BEGIN) without waiting for it.
    void send_later(const std::string& sql);
    /// @brief Runs one SQL command without parameters (COMMIT) after what send_later queued, in
    /// the same round trip; throws Failure as execute does.
    Result execute_last(const std::string& sql);
    /// @brief Reads the results of what send_later queued, checking each (throws the first
    /// failure). Nothing to do when nothing is queued.
    void flush();
    /// @brief Statements queued by send_later and not read yet.
    [[nodiscard]] std::size_t pending() const noexcept { return pending_; }

    /// @brief A statement name not yet used on this connection ("tc1", "tc2", ...).
    [[nodiscard]] std::string new_statement_name();
    /// @brief A cached statement for `sql`, or a new (not yet prepared) one when none is free.
    std::unique_ptr<Cursor> take(const std::string& sql);
    /// @brief Returns a statement to the cache, reset.
    void give_back(const std::string& sql, std::unique_ptr<Cursor> cursor) noexcept;

    /// @brief False once the connection is lost or reset (PQstatus is not CONNECTION_OK).
    [[nodiscard]] bool is_usable() const noexcept;
    /// @brief True when no transaction is open (PQtransactionStatus is PQTRANS_IDLE).
    [[nodiscard]] bool is_idle() const noexcept;
    /// @brief True inside a transaction that an error aborted (PQTRANS_INERROR).
    [[nodiscard]] bool is_in_failed_transaction() const noexcept;
    /// @brief The round trips of this connection since it was opened.
    [[nodiscard]] std::uint64_t round_trips() const noexcept { return round_trips_; }
    /// @brief The server process id of this connection (PQbackendPID).
    [[nodiscard]] int backend_pid() const noexcept;
    /// @brief Forgets the connection without closing it: after fork() the socket belongs to the
    /// parent, and PQfinish would send the server a Terminate message on it. Leaks the PGconn.
    void abandon() noexcept;

private:
    /// The Failure for a result that is not a success (`result` may be null).
    [[noreturn]] void fail(const PGresult* result) const;
    void count_round_trip() noexcept;
    /// Enters pipeline mode if not in it yet.
    void enter_pipeline();
    /// Sends Sync and reads every queued result; returns the last one, throws the first failure.
    Result sync();

    PGconn* connection_ = nullptr;
    std::string location_;
    std::atomic<std::uint64_t>* engine_round_trips_;
    std::uint64_t round_trips_ = 0;
    std::uint64_t statements_named_ = 0;
    bool pipelined_ = false;   // in libpq's pipeline mode
    std::size_t pending_ = 0;  // queued statements whose results are not read yet
    bool poisoned_ = false;    // a pipeline could not be read to its end: not usable any more
    std::map<std::string, std::vector<std::unique_ptr<Cursor>>, std::less<>> cache_;
};

}  // namespace ticketcore::postgres
