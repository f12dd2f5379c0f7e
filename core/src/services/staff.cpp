#include "ticketcore/services/staff.hpp"

#include "services/access.hpp"
#include "services/idempotency.hpp"
#include "services/paging.hpp"
#include "services/staff_lookup.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/staff_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

constexpr const char* add_user_operation = "staff.add_user";
constexpr const char* add_reader_operation = "staff.add_pos_reader";

/// The organization of an actor who may change staff and readers (`events:write`).
const std::string& changing(const Actor& actor) {
    actor.require_scope(scope::events_write);
    return access::organization_of(actor);
}

/// Box-office staff (`sales`) read the users and readers they sell with; so do catalogue readers.
void reading(const Actor& actor) {
    if (!actor.has_scope(scope::sales) && !actor.has_scope(scope::events_read)) {
        throw fail::missing_scopes(actor.id, scope::sales, scope::events_read);
    }
    (void)access::organization_of(actor);
}

/// A reader id as given: validated as text before any I/O (an id is never trimmed).
void check_reader_id(const std::string& reader_id) {
    rules::require_text(reader_id, "reader_id");
}

Json reader_json(const PosReader& reader) {
    return Json{{"label", reader.label}, {"status", std::string(to_string(reader.status))}};
}

/// ConflictError `pos_reader_label_taken` when another reader of the organization has the label's key.
void check_label_free(const UnitOfWork& unit, const std::string& label, const std::string& key,
                      const std::string& reader_id) {
    const auto holder = unit.staff().find_reader_by_label_key(key);
    if (holder && holder->id != reader_id) throw fail::pos_reader_label_taken(label);
}

}  // namespace

User Staff::add_user(const std::string& user_id, const std::string& name,
                     const std::optional<std::string>& pos_reader_id,
                     const std::optional<std::string>& idempotency_key) const {
    const std::string organization_id = changing(store_.actor());
    rules::check_user_id(user_id);
    const std::string kept_name = rules::user_name(name);
    if (pos_reader_id) check_reader_id(*pos_reader_id);
    idempotency::check(idempotency_key);
    const Json fingerprint{
        {"user_id", user_id}, {"name", kept_name}, {"pos_reader_id", pos_reader_id ? Json(*pos_reader_id) : Json()}};
    User user;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first =
                idempotency::replay(unit, organization_id, add_user_operation, idempotency_key, fingerprint)) {
            user = staff::user(unit, first->at(0));
            return;
        }
        if (unit.staff().find_user(user_id)) throw fail::user_exists(user_id);
        user = User{user_id, kept_name, std::nullopt, unit.now};
        if (pos_reader_id) user.pos_reader = staff::reader(unit, *pos_reader_id);
        unit.staff().insert_user(organization_id, user);
        idempotency::remember(unit, organization_id, add_user_operation, idempotency_key, fingerprint, {user.id});
        unit.audit("staff.add_user", "staff_user", user.id, fingerprint);
    });
    return user;
}

User Staff::rename_user(const std::string& user_id, const std::string& name) const {
    (void)changing(store_.actor());
    rules::check_user_id(user_id);
    const std::string kept_name = rules::user_name(name);
    User user;
    store_.write([&](UnitOfWork& unit) {
        user = staff::user(unit, user_id);
        if (user.name == kept_name) return;
        unit.staff().rename_user(user_id, kept_name);
        unit.audit("staff.rename_user", "staff_user", user_id, Json{{"from", user.name}, {"name", kept_name}});
        user.name = kept_name;
    });
    return user;
}

User Staff::assign_pos_reader(const std::string& user_id, const std::optional<std::string>& reader_id) const {
    (void)changing(store_.actor());
    rules::check_user_id(user_id);
    if (reader_id) check_reader_id(*reader_id);
    User user;
    store_.write([&](UnitOfWork& unit) {
        user = staff::user(unit, user_id);
        std::optional<PosReader> reader;
        if (reader_id) reader = staff::reader(unit, *reader_id);
        const auto id_of = [](const std::optional<PosReader>& value) {
            return value ? std::optional<std::string>(value->id) : std::nullopt;
        };
        if (id_of(user.pos_reader) == id_of(reader)) {
            user.pos_reader = std::move(reader);
            return;
        }
        unit.staff().assign_reader(user_id, id_of(reader));
        unit.audit("staff.assign_pos_reader", "staff_user", user_id,
                   Json{{"from", user.pos_reader ? Json(user.pos_reader->id) : Json()},
                        {"pos_reader_id", reader ? Json(reader->id) : Json()}});
        user.pos_reader = std::move(reader);
    });
    return user;
}

User Staff::user(const std::string& user_id) const {
    reading(store_.actor());
    rules::check_user_id(user_id);
    User user;
    store_.read([&](ReadContext& context) { user = staff::user(context, user_id); });
    return user;
}

Page<User> Staff::users(const PageRequest& request) const {
    reading(store_.actor());
    paging::check(request);
    Page<User> page;
    store_.read([&](ReadContext& context) {
        auto& staff = context.staff();
        const std::int64_t after =
            paging::start(request, request.after ? staff.user_position(*request.after) : std::nullopt,
                          "a staff user of this organization");
        page = paging::finish(staff.page_users(after, request.first + 1), request.first);
    });
    return page;
}

PosReader Staff::add_pos_reader(const std::string& label, PosReaderStatus status,
                                const std::optional<std::string>& idempotency_key) const {
    const std::string organization_id = changing(store_.actor());
    const std::string kept_label = rules::pos_reader_label(label);
    const std::string key = rules::pos_reader_label_key(kept_label);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"label", kept_label}, {"status", std::string(to_string(status))}};
    PosReader reader;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first =
                idempotency::replay(unit, organization_id, add_reader_operation, idempotency_key, fingerprint)) {
            reader = staff::reader(unit, first->at(0));
            return;
        }
        check_label_free(unit, kept_label, key, "");
        reader = PosReader{unit.new_id(), kept_label, status, unit.now};
        unit.staff().insert_reader(organization_id, reader, key);
        idempotency::remember(unit, organization_id, add_reader_operation, idempotency_key, fingerprint, {reader.id});
        unit.audit("staff.add_pos_reader", "pos_reader", reader.id, reader_json(reader));
    });
    return reader;
}

PosReader Staff::set_pos_reader_status(const std::string& reader_id, PosReaderStatus status) const {
    const std::string organization_id = changing(store_.actor());
    check_reader_id(reader_id);
    PosReader reader;
    store_.write([&](UnitOfWork& unit) {
        reader = staff::reader(unit, reader_id);
        if (reader.status == status) return;
        const PosReaderStatus before = reader.status;
        unit.staff().set_reader_status(reader.id, status);
        reader.status = status;
        const Json payload{{"label", reader.label},
                           {"from", std::string(to_string(before))},
                           {"status", std::string(to_string(status))}};
        unit.audit("staff.set_pos_reader_status", "pos_reader", reader.id, payload);
        unit.emit(organization_id, "pos_reader.status_changed", reader.id, payload);
    });
    return reader;
}

PosReader Staff::rename_pos_reader(const std::string& reader_id, const std::string& label) const {
    (void)changing(store_.actor());
    check_reader_id(reader_id);
    const std::string kept_label = rules::pos_reader_label(label);
    const std::string key = rules::pos_reader_label_key(kept_label);
    PosReader reader;
    store_.write([&](UnitOfWork& unit) {
        reader = staff::reader(unit, reader_id);
        if (reader.label == kept_label) return;
        check_label_free(unit, kept_label, key, reader.id);
        unit.staff().relabel_reader(reader.id, kept_label, key);
        unit.audit("staff.rename_pos_reader", "pos_reader", reader.id,
                   Json{{"from", reader.label}, {"label", kept_label}});
        reader.label = kept_label;
    });
    return reader;
}

PosReader Staff::pos_reader(const std::string& reader_id) const {
    reading(store_.actor());
    check_reader_id(reader_id);
    PosReader reader;
    store_.read([&](ReadContext& context) { reader = staff::reader(context, reader_id); });
    return reader;
}

Page<PosReader> Staff::pos_readers(const PageRequest& request) const {
    reading(store_.actor());
    paging::check(request);
    Page<PosReader> page;
    store_.read([&](ReadContext& context) {
        auto& staff = context.staff();
        const std::int64_t after =
            paging::start(request, request.after ? staff.reader_position(*request.after) : std::nullopt,
                          "a POS reader of this organization");
        page = paging::finish(staff.page_readers(after, request.first + 1), request.first);
    });
    return page;
}

}  // namespace ticketcore
