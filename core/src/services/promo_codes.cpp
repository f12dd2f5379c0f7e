#include "ticketcore/services/promo_codes.hpp"
#include "services/access.hpp"
#include "services/paging.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/promo_code_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

PromoCode PromoCodes::create(const NewPromoCode& input) const {
    store_.actor().require_scope(scope::events_write);
    rules::validate_new_promo_code(input);
    const std::vector<std::string> specification_ids = rules::listed_once(input.specification_ids);
    const std::vector<std::string> unlocks = rules::listed_once(input.unlocks);
    PromoCode code;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, input.event_id);
        rules::check_can_add_promo_code(event.state);
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
