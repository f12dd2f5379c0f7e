#pragma once
// Private to the core (layer 4, store): fork() and units of work, for every engine.

namespace ticketcore::store {

/// @brief Holds the process-wide fork gate shared for one unit of work (read or write, any
/// engine): a pthread_atfork handler makes fork() wait until no unit is in flight in any thread,
/// so a child never inherits a half-done transaction, a lock an engine's per-process bookkeeping
/// believes is held, or a connection in the middle of a round trip. Nested units of one thread
/// count once.
class InFlight {
public:
    InFlight();
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    ~InFlight();
};

}  // namespace ticketcore::store
