#include "ticketcore/rules/hold_rules.hpp"

namespace ticketcore::rules {

OrderState effective_state(OrderState stored, Instant expires, Instant now) noexcept {
    return stored == OrderState::Pending && hold_expired(expires, now) ? OrderState::Expired : stored;
}

std::vector<StoredOrderMatch> stored_matches(std::optional<OrderState> effective) {
    if (!effective) return {StoredOrderMatch{std::nullopt, HoldMatch::any}};
    switch (*effective) {
        case OrderState::Pending: return {StoredOrderMatch{OrderState::Pending, HoldMatch::running}};
        case OrderState::Expired:
            return {StoredOrderMatch{OrderState::Expired, HoldMatch::any},
                    StoredOrderMatch{OrderState::Pending, HoldMatch::ran_out}};
        case OrderState::Paid:
        case OrderState::Cancelled: break;
    }
    return {StoredOrderMatch{*effective, HoldMatch::any}};
}

bool matches(const StoredOrderMatch& match, OrderState stored, Instant expires, HoldCutoff cutoff) noexcept {
    if (match.stored_state && *match.stored_state != stored) return false;
    switch (match.hold) {
        case HoldMatch::any: return true;
        case HoldMatch::running: return !hold_ran_out(expires, cutoff);
        case HoldMatch::ran_out: return hold_ran_out(expires, cutoff);
    }
    return true;
}

}  // namespace ticketcore::rules
