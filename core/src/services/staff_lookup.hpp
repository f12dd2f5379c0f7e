#pragma once
// Private to the core (layer 5, services): loading staff users and POS readers inside a unit of
// work, for the Staff area and for the box office (store.sales), which shows a sale's creator and
// committer as users and takes POS payments on a reader.

#include <string>

#include "services/unit_of_work.hpp"
#include "ticketcore/model/staff.hpp"

namespace ticketcore::staff {

/// @brief The organization's registered user `user_id`; NotFoundError `user_not_found` otherwise.
User user(const ReadContext& context, const std::string& user_id);

/// @brief The registered user of the actor id, or, when nobody registered it, a User whose name
/// is the actor id (no reader, `created` empty): what a sale shows as its creator or committer.
User user_or_actor(const ReadContext& context, const std::string& actor_id);

/// @brief The organization's reader `reader_id`: PermissionDeniedError `other_organization` when
/// another organization's, NotFoundError `pos_reader_not_found` when nobody's.
PosReader reader(const ReadContext& context, const std::string& reader_id);

/// @brief The reader, when it can take a payment now: ConflictError `pos_reader_not_active`
/// ("POS reader 'Till 1' is DISCONNECTED: ...") unless ACTIVE; errors of `reader` otherwise.
PosReader usable_reader(const ReadContext& context, const std::string& reader_id);

}  // namespace ticketcore::staff
