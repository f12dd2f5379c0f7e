// Durability: a COMMIT that fails is StorageError `commit_outcome_unknown`, whichever way it went
// (checked with a SQLite VFS shim that fails the WAL's sync or its writes on demand), a retry with
// the same idempotency key after reopening returns the first result or creates it exactly once;
// and fork() while another thread writes leaves a child that works.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <thread>

#include "order_support.hpp"

namespace ticketcore_test {
namespace {

/// A VFS that delegates everything to the default one and can fail, on the `-wal` file, the first
/// sync after a frame was written (the frames are in the file, their sync failed) or every write
/// (nothing reaches the file). Registered as the default VFS of this test process.
class FaultVfs {
public:
    static void install() {
        static const bool installed = [] {
            base_ = sqlite3_vfs_find(nullptr);
            vfs_ = *base_;
            vfs_.zName = "fault";
            vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
            vfs_.xOpen = &open;
            vfs_.pAppData = nullptr;
            return sqlite3_vfs_register(&vfs_, 1) == SQLITE_OK;
        }();
        ASSERT_TRUE(installed);
    }
    static void fail_next_wal_sync() { sync_armed_ = true, frame_written_ = false; }
    static void fail_wal_writes(bool on) { writes_failing_ = on; }
    static void disarm() { sync_armed_ = false, writes_failing_ = false; }
    static int faults() { return faults_; }

private:
    struct File {
        sqlite3_file base;
        sqlite3_file* real;
        bool wal;
    };

    static sqlite3_file* real(sqlite3_file* file) { return reinterpret_cast<File*>(file)->real; }
    static bool wal(sqlite3_file* file) { return reinterpret_cast<File*>(file)->wal; }

    static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
        auto* shim = reinterpret_cast<File*>(file);
        shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
        shim->wal = (flags & SQLITE_OPEN_WAL) != 0;
        shim->base.pMethods = nullptr;
        const int rc = base_->xOpen(base_, name, shim->real, flags, out_flags);
        if (shim->real->pMethods != nullptr) shim->base.pMethods = &methods_;
        return rc;
    }

    static int close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
    static int read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
        return real(f)->pMethods->xRead(real(f), buffer, amount, offset);
    }
    static int write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
        if (wal(f) && writes_failing_) {
            ++faults_;
            return SQLITE_IOERR_WRITE;
        }
        if (wal(f) && offset >= 32) frame_written_ = true;
        return real(f)->pMethods->xWrite(real(f), buffer, amount, offset);
    }
    static int truncate(sqlite3_file* f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
    static int sync(sqlite3_file* f, int flags) {
        if (wal(f) && sync_armed_ && frame_written_) {
            sync_armed_ = false;
            ++faults_;
            return SQLITE_IOERR_FSYNC;
        }
        return real(f)->pMethods->xSync(real(f), flags);
    }
    static int file_size(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
    static int lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
    static int unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
    static int check_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
    static int file_control(sqlite3_file* f, int op, void* arg) {
        return real(f)->pMethods->xFileControl(real(f), op, arg);
    }
    static int sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
    static int device_characteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
    static int shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
        return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
    }
    static int shm_lock(sqlite3_file* f, int offset, int n, int flags) {
        return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
    }
    static void shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
    static int shm_unmap(sqlite3_file* f, int remove) { return real(f)->pMethods->xShmUnmap(real(f), remove); }
    static int fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
        return real(f)->pMethods->xFetch(real(f), offset, amount, out);
    }
    static int unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
        return real(f)->pMethods->xUnfetch(real(f), offset, page);
    }

    static inline sqlite3_vfs* base_ = nullptr;
    static inline sqlite3_vfs vfs_{};
    static inline std::atomic<bool> sync_armed_ = false;
    static inline std::atomic<bool> frame_written_ = false;
    static inline std::atomic<bool> writes_failing_ = false;
    static inline std::atomic<int> faults_ = 0;
    static inline const sqlite3_io_methods methods_{3,
                                                    &close,
                                                    &read,
                                                    &write,
                                                    &truncate,
                                                    &sync,
                                                    &file_size,
                                                    &lock,
                                                    &unlock,
                                                    &check_reserved,
                                                    &file_control,
                                                    &sector_size,
                                                    &device_characteristics,
                                                    &shm_map,
                                                    &shm_lock,
                                                    &shm_barrier,
                                                    &shm_unmap,
                                                    &fetch,
                                                    &unfetch};
};

constexpr std::string_view outcome_unknown_message =
    "The commit failed (disk I/O error): its outcome is unknown until the store is reopened; retry with the "
    "same idempotency key";

/// What a crash leaves on disk at this instant: the database and its WAL (the shared-memory index
/// is rebuilt by recovery), copied to `to`.
void copy_as_after_a_crash(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    fs::copy_file(from, to);
    if (fs::exists(from + "-wal")) fs::copy_file(from + "-wal", to + "-wal");
}

/// The same organization's checkout on a reopened copy of the store.
struct Reopened {
    Store root;
    Store shop;
    Reopened(const std::string& path, const Shop& world)
        : root(Store::open(path, StoreOptions{.clock = world.catalog.clock})),
          shop(root.acting_as(Actor::make("web-shop", world.catalog.organization.id,
                                          {std::string(scope::orders), std::string(scope::events_read)}))) {}
    [[nodiscard]] std::vector<BuyOrder> orders(const std::string& event_id) const {
        const Orders orders(shop);
        return all_pages([&](const PageRequest& page) { return orders.list(event_id, std::nullopt, page); });
    }
    [[nodiscard]] std::int64_t reserved(const std::string& specification_id) const {
        return Specifications(shop).get(specification_id).number_of_tickets_reserved;
    }
};

/// StorageError of the SQLite engine with `code`, `message` and SQLite code `sqlite_code`.
template <typename Action>
::testing::AssertionResult storage_error(Action&& action, std::string_view code, std::string_view message,
                                         int sqlite_code) {
    try {
        std::forward<Action>(action)();
    } catch (const StorageError& error) {
        if (error.code() != code || std::string_view(error.what()) != message || error.backend() != "sqlite" ||
            error.backend_code() != std::to_string(sqlite_code)) {
            return ::testing::AssertionFailure() << "StorageError '" << error.code() << "' (" << error.backend() << " "
                                                 << error.backend_code() << "): " << error.what();
        }
        return ::testing::AssertionSuccess();
    } catch (const std::exception& error) {
        return ::testing::AssertionFailure() << "threw " << typeid(error).name() << ": " << error.what();
    }
    return ::testing::AssertionFailure() << "did not throw";
}

TEST(Durability, ACommitWhoseWalSyncFailedIsOutcomeUnknownAndARetryAfterReopeningReturnsTheFirstOrder) {
    FaultVfs::install();
    TempDir dir;
    const std::string path = dir.file("store.db");
    const Shop world(path);
    const TicketSpecification spec = world.on_sale("Member ticket", 25000, 10);
    // Another connection on the file (as another process would have): the WAL is not removed when
    // the failed connection is closed.
    SQLite::Database witness(path, SQLite::OPEN_READWRITE);
    EXPECT_EQ(witness.execAndGet("SELECT count(*) FROM buy_order").getInt(), 0);
    NewOrder input = world.order_input({{spec.id, 2}});
    input.idempotency_key = "cart-1";

    FaultVfs::fail_next_wal_sync();
    EXPECT_TRUE(storage_error([&] { (void)world.orders.place(input); }, "commit_outcome_unknown",
                              outcome_unknown_message, SQLITE_IOERR_FSYNC));
    EXPECT_EQ(FaultVfs::faults(), 1);
    FaultVfs::disarm();
    EXPECT_TRUE(world.orders.list(world.event.id).nodes.empty());  // this process does not see it

    copy_as_after_a_crash(path, dir.file("after-crash.db"));
    const Reopened reopened(dir.file("after-crash.db"), world);
    const auto recovered = reopened.orders(world.event.id);
    ASSERT_EQ(recovered.size(), 1U);  // recovery replayed the frames whose sync failed
    EXPECT_EQ(recovered[0].state, OrderState::Pending);
    EXPECT_EQ(reopened.reserved(spec.id), 2);
    const BuyOrder retried = Orders(reopened.shop).place(input);
    EXPECT_EQ(retried.id, recovered[0].id);
    EXPECT_EQ(reopened.orders(world.event.id).size(), 1U);
    EXPECT_EQ(reopened.reserved(spec.id), 2);  // counted once
    EXPECT_TRUE(reopened.root.acting_as(Actor::platform("ops")).check_integrity().ok());
}

TEST(Durability, ACommitWhoseWalWritesFailedIsOutcomeUnknownAndARetryCreatesTheOrderOnce) {
    FaultVfs::install();
    TempDir dir;
    const std::string path = dir.file("store.db");
    const Shop world(path);
    const TicketSpecification spec = world.on_sale("Member ticket", 25000, 10);
    SQLite::Database witness(path, SQLite::OPEN_READWRITE);
    EXPECT_EQ(witness.execAndGet("SELECT count(*) FROM buy_order").getInt(), 0);
    NewOrder input = world.order_input({{spec.id, 2}});
    input.idempotency_key = "cart-2";

    FaultVfs::fail_wal_writes(true);
    EXPECT_TRUE(storage_error([&] { (void)world.orders.place(input); }, "commit_outcome_unknown",
                              outcome_unknown_message, SQLITE_IOERR_WRITE));
    FaultVfs::disarm();
    EXPECT_GE(FaultVfs::faults(), 1);

    copy_as_after_a_crash(path, dir.file("after-crash.db"));
    const Reopened reopened(dir.file("after-crash.db"), world);
    EXPECT_TRUE(reopened.orders(world.event.id).empty());
    EXPECT_EQ(reopened.reserved(spec.id), 0);
    const BuyOrder created = Orders(reopened.shop).place(input);
    EXPECT_EQ(Orders(reopened.shop).place(input).id, created.id);
    EXPECT_EQ(reopened.orders(world.event.id).size(), 1U);
    EXPECT_EQ(reopened.reserved(spec.id), 2);
    EXPECT_TRUE(reopened.root.acting_as(Actor::platform("ops")).check_integrity().ok());

    // The original store, whose failed connection was closed, works and also creates it once.
    const BuyOrder here = world.orders.place(input);
    EXPECT_EQ(world.orders.place(input).id, here.id);
    EXPECT_EQ(world.orders.list(world.event.id).nodes.size(), 1U);
    EXPECT_EQ(std::get<1>(world.counts(spec.id)), 2);
}

TEST(Durability, AChildForkedWhileAnotherThreadWritesCanWrite) {
    TempDir dir;
    const Shop world(dir.file("store.db"));
    const TicketSpecification spec = world.on_sale("Member ticket", 25000, std::nullopt);
    std::atomic<bool> stop = false;
    std::atomic<int> written = 0;
    std::thread writer([&] {
        for (int index = 0; !stop; ++index) {
            (void)world.place({{spec.id, 1}}, buyer("Writer", "writer" + std::to_string(index) + "@example.com"));
            ++written;
            // SQLite's lock is not fair: a writer that takes it again at once can starve the
            // child's busy wait for longer than its alarm (seen under ASan on a loaded CI
            // machine). A pause between writes keeps the writer writing at every fork.
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    });
    while (written < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (int round = 0; round < 5; ++round) {
        const pid_t pid = fork();
        ASSERT_NE(pid, -1);
        if (pid == 0) {
            alarm(10);  // a child that cannot write would wait 5 x the busy timeout: fail it instead
            int code = 4;
            try {
                (void)world.place({{spec.id, 1}}, buyer("Child", "child" + std::to_string(round) + "@example.com"));
                code = 0;
            } catch (const StorageError&) {
                code = 3;
            } catch (...) {}
            _exit(code);
        }
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status)) << "child killed by signal " << WTERMSIG(status);
        if (WIFEXITED(status)) EXPECT_EQ(WEXITSTATUS(status), 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    stop = true;
    writer.join();
    // Every child order and every writer order is there.
    EXPECT_EQ(static_cast<int>(all_pages([&](const PageRequest& page) {
                                   return world.orders.list(world.event.id, std::nullopt, page);
                               }).size()),
              written + 5);
    EXPECT_TRUE(world.catalog.platform.check_integrity().ok());
}

}  // namespace
}  // namespace ticketcore_test
