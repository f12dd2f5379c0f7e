// GilRelease and the interpreter-exit wait for calls in flight (see prelude.hpp).

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "prelude.hpp"

namespace ticketcore::bindings {

namespace {

/// Calls that released the GIL and have not yet re-taken it (or parked). A lock-free atomic:
/// it has no destructor, so it is still there for the threads exit leaves running.
std::atomic<long> calls_in_flight{0};

/// How long exit waits for calls in flight. A call that outlasts it (a read of a huge store, a
/// write waiting behind another process's lock) is left running, as Python leaves a daemon
/// thread: a program must not hang at exit because of one.
constexpr auto exit_patience = std::chrono::seconds(5);

/// A thread whose interpreter is gone: it holds no lock and no transaction (its call has
/// returned), and sleeps until the process ends.
[[noreturn]] void park() {
    for (;;) pause();
}

void drain_calls_in_flight() {
    const auto deadline = std::chrono::steady_clock::now() + exit_patience;
    while (calls_in_flight.load(std::memory_order_acquire) > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace

GilRelease::GilRelease() {
    calls_in_flight.fetch_add(1, std::memory_order_acq_rel);
    state_ = PyEval_SaveThread();
}

GilRelease::~GilRelease() noexcept(false) {
    try {
        PyEval_RestoreThread(state_);
    } catch (...) {
        // The only thing PyEval_RestoreThread throws is the forced unwind (abi::__forced_unwind)
        // of pthread_exit when the interpreter is finalizing: caught with `...`, since it is no
        // C++ object to bind a reference to. Unwinding would run beside exit(); never leaving
        // this handler is what makes not rethrowing it allowed.
        calls_in_flight.fetch_sub(1, std::memory_order_acq_rel);
        park();
    }
    calls_in_flight.fetch_sub(1, std::memory_order_acq_rel);
}

void wait_for_calls_at_exit() {
    Py_AtExit(&drain_calls_in_flight);
}

}  // namespace ticketcore::bindings
