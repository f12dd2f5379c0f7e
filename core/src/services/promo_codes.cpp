#include <algorithm>

#include "services/access.hpp"
#include "services/paging.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/services/promo_codes.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

namespace {

constexpr std::size_t max_promo_code_length = 64;

void validate_code(const std::string& code) {
    const std::size_t length = unicode::length(code);
    if (length == 0 || length > max_promo_code_length) throw fail::promo_code_length(max_promo_code_length);
    if (rules::has_space_or_invisible(code)) {
        throw fail::promo_code_has_space();
    }
}

}  // namespace

PromoCode PromoCodes::create(const NewPromoCode& input) const {
    store_.actor().require_scope(scope::events_write);
    validate_code(input.code);
    if (input.percent_off && input.amount_off) {
        throw fail::conflicting_reductions();
    }
    if (input.percent_off) rules::require_rate(*input.percent_off, "percent_off", 1);
    if (input.amount_off && input.amount_off->minor <= 0) {
        throw fail::amount_not_positive("amount_off");
    }
    if (!input.percent_off && !input.amount_off && input.unlocks.empty()) {
        throw fail::promo_code_without_effect();
    }
    if (input.usage_limit && *input.usage_limit < 0) {
        throw fail::negative_number("Usage limit");
    }
    if (input.valid_from) require_in_range(*input.valid_from, "valid_from");
    if (input.valid_until) require_in_range(*input.valid_until, "valid_until");
    if (input.valid_from && input.valid_until && !(*input.valid_from < *input.valid_until)) {
        throw fail::invalid_validity_window();
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
            throw fail::event_completed("add a promo code to");
        }
        if (unit.promo_codes().find_promo_code_by_code(event.id, input.code)) {
            throw fail::promo_code_exists(input.code);
        }
        for (const auto* ids : {&specification_ids, &unlocks}) {
            for (const std::string& id : *ids) {
                const auto row = access::specification(unit, id);
                if (row.specification.event_id != event.id) {
                    throw fail::specification_other_event(id);
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
        if (!row) {
            access::missing(context, store::Owned::promo_code, promo_code_id,
                            [&] { throw fail::promo_code_not_found(promo_code_id); });
        }
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
        const std::int64_t after =
            paging::start(request, request.after ? codes.promo_code_position(event_id, *request.after) : std::nullopt,
                          "a promo code of this event");
        page = paging::finish(codes.page_promo_codes(event_id, after, request.first + 1), request.first);
    });
    return page;
}

}  // namespace ticketcore
