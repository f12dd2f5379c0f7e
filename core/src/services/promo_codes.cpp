#include <algorithm>

#include "services/access.hpp"
#include "services/paging.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/services/store.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

namespace {

void validate_code(const std::string& code) {
    const std::size_t length = unicode::length(code);
    if (length == 0 || length > 64) throw ValidationError("invalid_promo_code", "A promo code has 1 to 64 characters");
    if (rules::has_space_or_invisible(code)) {
        throw ValidationError("invalid_promo_code", "A promo code cannot contain spaces or control characters");
    }
}

}  // namespace

PromoCode PromoCodes::create(const NewPromoCode& input) const {
    store_.actor().require_scope(scope::events_write);
    validate_code(input.code);
    if (input.percent_off && input.amount_off) {
        throw ValidationError("conflicting_reductions", "A promo code takes a percentage or an amount off, not both");
    }
    if (input.percent_off && (*input.percent_off < 1 || *input.percent_off > 10000)) {
        throw ValidationError("invalid_rate", "percent_off must be between 1 and 10000 basis points");
    }
    if (input.amount_off && input.amount_off->minor <= 0) {
        throw ValidationError("invalid_amount", "amount_off must be greater than zero");
    }
    if (!input.percent_off && !input.amount_off && input.unlocks.empty()) {
        throw ValidationError("promo_code_without_effect", "A promo code needs a reduction or specifications to unlock");
    }
    if (input.usage_limit && *input.usage_limit < 0) {
        throw ValidationError("negative_number", "Usage limit cannot be negative");
    }
    if (input.valid_from) require_in_range(*input.valid_from, "valid_from");
    if (input.valid_until) require_in_range(*input.valid_until, "valid_until");
    if (input.valid_from && input.valid_until && !(*input.valid_from < *input.valid_until)) {
        throw ValidationError("invalid_validity_window", "valid_until must be after valid_from");
    }
    // A specification listed twice is listed once, in first-seen order.
    const auto unique = [](const std::vector<std::string>& ids) {
        std::vector<std::string> result;
        for (const std::string& id : ids) {
            if (std::find(result.begin(), result.end(), id) == result.end()) result.push_back(id);
        }
        return result;
    };
    const std::vector<std::string> specification_ids = unique(input.specification_ids);
    const std::vector<std::string> unlocks = unique(input.unlocks);
    PromoCode code;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, input.event_id);
        if (event.state == EventState::Completed) {
            throw ConflictError("event_completed", "Cannot add a promo code to an event, which is completed");
        }
        if (unit.promo_codes().find_promo_code_by_code(event.id, input.code)) {
            throw ConflictError("promo_code_exists", "Promo code '" + input.code + "' already exists for this event");
        }
        for (const auto* ids : {&specification_ids, &unlocks}) {
            for (const std::string& id : *ids) {
                const auto row = access::specification(unit, id);
                if (row.specification.event_id != event.id) {
                    throw ValidationError("specification_other_event",
                                          "Ticket specification with id: " + id + " belongs to another event");
                }
            }
        }
        code = PromoCode{};
        code.id = unit.new_id();
        code.event_id = event.id;
        code.code = input.code;
        code.percent_off = input.percent_off;
        if (input.amount_off) code.amount_off = input.amount_off->in(event.currency);
        code.usage_limit = input.usage_limit;
        code.valid_from = input.valid_from;
        code.valid_until = input.valid_until;
        code.specification_ids = specification_ids;
        code.unlocks = unlocks;
        code.created = unit.now;
        unit.promo_codes().insert_promo_code(event.organization_id, code);
        code = unit.promo_codes().find_promo_code(code.id)->code;
        unit.audit("promo_code.create", "promo_code", code.id, Json(code));
    });
    return code;
}

PromoCode PromoCodes::get(const std::string& promo_code_id) const {
    store_.actor().require_scope(scope::events_read);
    PromoCode code;
    store_.read([&](ReadContext& context) {
        auto row = context.promo_codes().find_promo_code(promo_code_id);
        if (!row) throw NotFoundError("promo_code_not_found", "Promo code with id: " + promo_code_id + " not found.");
        context.actor.require_organization(row->organization_id);
        code = std::move(row->code);
    });
    return code;
}

Page<PromoCode> PromoCodes::list(const std::string& event_id, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<PromoCode> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& codes = context.promo_codes();
        const std::int64_t after = paging::start(
            request, request.after ? codes.promo_code_position(event_id, *request.after) : std::nullopt,
            "a promo code of this event");
        page = paging::finish(codes.page_promo_codes(event_id, after, request.first + 1), request.first);
    });
    return page;
}

std::vector<OutboxEvent> Outbox::pending(std::int64_t limit) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_read);
    const std::string organization_id = access::organization_of(actor);
    if (limit < 1 || limit > 1000) throw ValidationError("invalid_limit", "limit must be between 1 and 1000");
    std::vector<OutboxEvent> events;
    store_.read([&](ReadContext& context) { events = context.outbox().pending_outbox(organization_id, limit); });
    return events;
}

std::int64_t Outbox::acknowledge(std::int64_t sequence) const {
    const Actor& actor = store_.actor();
    // Acknowledging changes what every reader of the outbox sees: a write, so not events:read.
    if (!actor.has_scope(scope::orders)) actor.require_scope(scope::events_write);
    const std::string organization_id = access::organization_of(actor);
    if (sequence < 1) throw ValidationError("invalid_sequence", "sequence must be at least 1");
    std::int64_t acknowledged = 0;
    store_.write([&](UnitOfWork& unit) {
        acknowledged = unit.outbox().acknowledge_outbox(organization_id, sequence, unit.now);
    });
    return acknowledged;
}

}  // namespace ticketcore
