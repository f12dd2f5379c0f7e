#include "ticketcore/rules/pool_rules.hpp"

#include <algorithm>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::rules {

void check_pool_size(std::int64_t size) {
    if (size < 0) throw fail::negative_number("Pool size");
}

void check_can_add_pool(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw fail::event_completed("add a capacity pool to");
    }
}

void check_can_change_pool(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw fail::event_completed("change a capacity pool of");
    }
}

bool is_member(const Pool& pool, std::string_view specification_id) noexcept {
    return std::find(pool.specification_ids.begin(), pool.specification_ids.end(), specification_id) !=
           pool.specification_ids.end();
}

void check_listed_once(const Pool& pool, std::string_view specification_id) {
    if (is_member(pool, specification_id)) {
        throw fail::duplicate_member(specification_id);
    }
}

void check_not_member(const Pool& pool, std::string_view specification_id) {
    if (is_member(pool, specification_id)) {
        throw fail::already_member(specification_id);
    }
}

void check_member(const Pool& pool, std::string_view specification_id) {
    if (!is_member(pool, specification_id)) {
        throw fail::not_member(specification_id);
    }
}

void check_membership_change(const Pool& pool, const TicketSpecification& spec) {
    if (spec.event_id != pool.event_id) {
        throw fail::pool_other_event(spec.id);
    }
    if (spec.number_of_tickets_sold > 0 || spec.number_of_tickets_reserved > 0) {
        throw fail::specification_sold(spec.id);
    }
}

void check_can_resize(const Pool& pool, std::int64_t size) {
    if (size < pool.sold + pool.reserved) {
        throw fail::pool_below_taken(pool.sold + pool.reserved);
    }
}

void check_can_remove_pool(const Pool& pool) {
    if (pool.sold + pool.reserved > 0) {
        throw fail::pool_in_use();
    }
}

}  // namespace ticketcore::rules
