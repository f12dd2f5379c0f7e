#include "services/staff_lookup.hpp"

#include "services/access.hpp"
#include "ticketcore/rules/staff_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::staff {

User user(const ReadContext& context, const std::string& user_id) {
    // A user id is an Actor id, scoped by the organization: another organization's user of the
    // same id is another person (or the same person working for both), so nothing is "theirs".
    auto found = context.staff().find_user(user_id);
    if (!found) throw fail::user_not_found(user_id);
    return std::move(*found);
}

User user_or_actor(const ReadContext& context, const std::string& actor_id) {
    if (auto found = context.staff().find_user(actor_id)) return std::move(*found);
    return User{actor_id, actor_id, std::nullopt, std::nullopt};
}

PosReader reader(const ReadContext& context, const std::string& reader_id) {
    auto found = context.staff().find_reader(reader_id);
    if (!found) {
        access::missing(context, store::Owned::pos_reader, reader_id,
                        [&] { throw fail::pos_reader_not_found(reader_id); });
    }
    return std::move(*found);
}

PosReader usable_reader(const ReadContext& context, const std::string& reader_id) {
    PosReader found = reader(context, reader_id);
    rules::check_reader_usable(found);
    return found;
}

}  // namespace ticketcore::staff
