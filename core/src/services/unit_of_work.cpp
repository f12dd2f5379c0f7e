#include "services/unit_of_work.hpp"

#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/uuid.hpp"

namespace ticketcore {

namespace {

/// The JSON text of an audit or outbox payload. Every text a unit writes passes through one, so
/// malformed UTF-8 from a C++ caller (Python's str cannot carry it) is refused here, in the
/// unit's transaction, instead of reaching a row nobody can read back.
std::string stored_json(const Json& payload) {
    try {
        return payload.dump();
    } catch (const nlohmann::json::type_error&) {
        throw fail::operation_text_not_utf8();
    }
}

}  // namespace

std::string UnitOfWork::new_id() const {
    return new_uuid_v7(now);
}

void UnitOfWork::audit(std::string_view operation, std::string_view entity_type, std::string_view entity_id,
                       const Json& payload, const std::optional<std::string>& organization_id) const {
    const std::optional<std::string>& organization = organization_id ? organization_id : actor.organization_id;
    if (!organization) throw fail::organization_required(actor.id);  // every audit row is an organization's
    audit_log().insert_audit(AuditEntry{0, now, actor.id, organization, std::string(operation),
                                        std::string(entity_type), std::string(entity_id), stored_json(payload)});
}

void UnitOfWork::emit(const std::string& organization_id, std::string_view topic, std::string_view entity_id,
                      const Json& payload) const {
    outbox().insert_outbox(organization_id, std::string(topic), std::string(entity_id), stored_json(payload), now);
}

}  // namespace ticketcore
