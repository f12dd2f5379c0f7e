#include "store/fork_gate.hpp"

#include <pthread.h>

namespace ticketcore::store {

namespace {

/// The process-wide fork gate: every unit of work (read or write, any Database) holds it shared
/// for its whole duration; a pthread_atfork prepare handler takes it exclusively, so fork() waits
/// until no unit is in flight in any thread. A child then inherits no half-done transaction and
/// no lock SQLite's per-process bookkeeping believes is held. Writer-preferring: while a fork
/// waits, new units wait too. Nested units of one thread count once (no self-deadlock).
///
/// Plain pthread primitives, re-initialized in the child: the threads that waited on them in the
/// parent do not exist there.
class ForkGate {
public:
    static ForkGate& instance() {
        static ForkGate* gate = [] {
            auto* created = new ForkGate();  // never destroyed: used by atfork handlers until exit
            pthread_atfork(&prepare, &parent, &child);
            return created;
        }();
        return *gate;
    }

    void enter() {
        if (depth_++ > 0) return;
        pthread_mutex_lock(&mutex_);
        while (forking_) pthread_cond_wait(&changed_, &mutex_);
        ++in_flight_;
        pthread_mutex_unlock(&mutex_);
    }

    void leave() noexcept {
        if (--depth_ > 0) return;
        pthread_mutex_lock(&mutex_);
        --in_flight_;
        const bool wake = forking_ && in_flight_ == waited_for_;
        pthread_mutex_unlock(&mutex_);
        if (wake) pthread_cond_broadcast(&changed_);
    }

private:
    ForkGate() = default;

    static void prepare() {
        ForkGate& gate = *self();
        pthread_mutex_lock(&gate.mutex_);
        gate.forking_ = true;
        // A unit that forks from inside itself waits for everyone but itself.
        gate.waited_for_ = depth_ > 0 ? 1 : 0;
        while (gate.in_flight_ > gate.waited_for_) pthread_cond_wait(&gate.changed_, &gate.mutex_);
        // Held across fork(): no other thread is inside the gate when the process is copied.
    }
    static void parent() {
        ForkGate& gate = *self();
        gate.forking_ = false;
        pthread_mutex_unlock(&gate.mutex_);
        pthread_cond_broadcast(&gate.changed_);
    }
    static void child() {
        ForkGate& gate = *self();
        gate.forking_ = false;
        gate.in_flight_ = gate.waited_for_;
        // Fresh primitives: the parent's waiters are not in this process.
        gate.mutex_ = PTHREAD_MUTEX_INITIALIZER;
        gate.changed_ = PTHREAD_COND_INITIALIZER;
    }
    static ForkGate* self() { return &instance(); }

    pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t changed_ = PTHREAD_COND_INITIALIZER;
    bool forking_ = false;
    long in_flight_ = 0;
    long waited_for_ = 0;
    static thread_local int depth_;
};

thread_local int ForkGate::depth_ = 0;

/// Registers the fork handlers when the library is loaded, before any thread can fork.
[[maybe_unused]] const bool fork_gate_registered = (ForkGate::instance(), true);

}  // namespace

InFlight::InFlight() {
    ForkGate::instance().enter();
}
InFlight::~InFlight() {
    ForkGate::instance().leave();
}

}  // namespace ticketcore::store
