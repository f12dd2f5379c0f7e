// The SQL repository of the door: board members, ticket inspectors, the door state of ticket
// dates and the scan log, shared by every SQL engine (layer 4, store).
#include <limits>

#include "store/door.hpp"
#include "store/sql/column.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

using repository::DoorDateRow;
using repository::DoorTicketRow;

namespace {

constexpr const char* member_columns =
    "SELECT id, name, email, phone_number, created_us FROM board_member WHERE organization_id = ? AND ";
constexpr const char* inspector_columns =
    "SELECT id, event_id, kind, board_member_id, name, email, phone_number, admissions, created_us "
    "FROM ticket_inspector WHERE organization_id = ? AND removed_us IS NULL AND ";
constexpr const char* scan_columns =
    "SELECT id, event_id, ticket_id, ticket_date_id, event_date_id, inspector_id, scan_point, direction, nonce, "
    "reason, at_us, entries, inside, source, conflict FROM scan_log WHERE organization_id = ? AND ";

BoardMember read_member(Statement& row) {
    return BoardMember{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                       row.getColumn(3).getString(), Instant{row.getColumn(4).getInt64()}};
}

TicketInspector read_inspector(Statement& row) {
    TicketInspector inspector;
    inspector.id = row.getColumn(0).getString();
    inspector.event_id = row.getColumn(1).getString();
    inspector.kind = inspector_kind_from_string(row.getColumn(2).getString());
    inspector.board_member_id = optional_text(row.getColumn(3));
    inspector.name = row.getColumn(4).getString();
    inspector.email = row.getColumn(5).getString();
    inspector.phone_number = row.getColumn(6).getString();
    inspector.admissions = row.getColumn(7).getInt64();
    inspector.created = Instant{row.getColumn(8).getInt64()};
    return inspector;
}

std::optional<DoorRefusal> refusal_from_code(const std::optional<std::string>& code) {
    if (!code) return std::nullopt;
    return door_refusal_from_string(*code);
}

Scan read_scan(Statement& row) {
    Scan scan;
    scan.id = row.getColumn(0).getString();
    scan.event_id = row.getColumn(1).getString();
    scan.ticket_id = optional_text(row.getColumn(2));
    scan.ticket_date_id = optional_text(row.getColumn(3));
    scan.event_date_id = optional_text(row.getColumn(4));
    scan.inspector_id = row.getColumn(5).getString();
    scan.scan_point = row.getColumn(6).getString();
    scan.direction = scan_direction_from_string(row.getColumn(7).getString());
    scan.nonce = row.getColumn(8).getString();
    scan.refusal = refusal_from_code(optional_text(row.getColumn(9)));
    scan.at = Instant{row.getColumn(10).getInt64()};
    scan.entries = row.getColumn(11).getInt64();
    scan.inside = row.getColumn(12).getInt() != 0;
    scan.source = scan_source_from_string(row.getColumn(13).getString());
    scan.conflict = row.getColumn(14).getInt() != 0;
    return scan;
}

class SqlDoor final : public repository::DoorRepository {
public:
    SqlDoor(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    void insert_board_member(const std::string& organization_id, const BoardMember& member) override {
        run_later(db,
                  "INSERT INTO board_member (id, organization_id, name, email, phone_number, created_us) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  member.id, organization_id, member.name, member.email, member.phone_number, member.created);
    }

    std::optional<BoardMember> find_board_member(const std::string& id) override {
        Statement query(db, std::string(member_columns) + "id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        return read_member(query);
    }

    std::optional<std::int64_t> board_member_position(const std::string& id) override {
        Statement query(db, "SELECT rowid FROM board_member WHERE id = ? AND organization_id = ?");
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<BoardMember> page_board_members(std::int64_t after_position, std::int64_t limit) override {
        // Index board_member_by_organization: the organization's members in creation order.
        Statement query(db, std::string(member_columns) + "rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(tenant, after_position, limit);
        std::vector<BoardMember> members;
        while (query.executeStep()) members.push_back(read_member(query));
        return members;
    }

    void insert_inspector(const std::string& organization_id, const TicketInspector& inspector) override {
        Statement insert(db,
                         "INSERT INTO ticket_inspector (id, organization_id, event_id, kind, board_member_id, name, "
                         "email, phone_number, admissions, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)");
        insert.bind_all(inspector.id, organization_id, inspector.event_id, std::string(to_string(inspector.kind)),
                        inspector.board_member_id, inspector.name, inspector.email, inspector.phone_number,
                        inspector.created);
        insert.exec_later();
    }

    std::optional<TicketInspector> find_inspector(const std::string& id) override {
        Statement query(db, std::string(inspector_columns) + "id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        return read_inspector(query);
    }

    std::optional<std::string> inspector_of_board_member(const std::string& event_id,
                                                         const std::string& board_member_id) override {
        const auto found = texts(db,
                                 "SELECT id FROM ticket_inspector WHERE organization_id = ? AND event_id = ? AND "
                                 "board_member_id = ? AND removed_us IS NULL",
                                 tenant, event_id, board_member_id);
        if (found.empty()) return std::nullopt;
        return found.front();
    }

    std::optional<std::int64_t> inspector_position(const std::string& event_id, const std::string& id) override {
        Statement query(db,
                        "SELECT rowid FROM ticket_inspector WHERE id = ? AND event_id = ? AND organization_id = ? "
                        "AND removed_us IS NULL");
        query.bind_all(id, event_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<TicketInspector> page_inspectors(const std::string& event_id, std::int64_t after_position,
                                                 std::int64_t limit) override {
        // Index ticket_inspector_by_event (partial: not removed), in creation order.
        Statement query(db, std::string(inspector_columns) + "event_id = ? AND rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(tenant, event_id, after_position, limit);
        std::vector<TicketInspector> inspectors;
        while (query.executeStep()) inspectors.push_back(read_inspector(query));
        return inspectors;
    }

    bool remove_inspector(const std::string& id, Instant at) override {
        Statement update(db,
                         "UPDATE ticket_inspector SET removed_us = ? WHERE id = ? AND organization_id = ? "
                         "AND removed_us IS NULL AND admissions = 0");
        update.bind_all(at, id, tenant);
        return update.exec() == 1;
    }

    bool count_admission(const std::string& inspector_id) override {
        Statement update(db,
                         "UPDATE ticket_inspector SET admissions = admissions + 1 WHERE id = ? AND "
                         "organization_id = ? AND removed_us IS NULL");
        update.bind_all(inspector_id, tenant);
        return update.exec() == 1;
    }

    std::vector<DoorDateRow> door_dates(const std::string& ticket_id) override {
        Statement query(db,
                        "SELECT td.id, td.event_date_id, td.entries, td.inside FROM ticket_date td "
                        "JOIN event_date d ON d.id = td.event_date_id AND d.organization_id = td.organization_id "
                        "WHERE td.organization_id = ? AND td.ticket_id = ? ORDER BY d.start_us, d.id");
        query.bind_all(tenant, ticket_id);
        std::vector<DoorDateRow> rows;
        while (query.executeStep()) {
            rows.push_back(DoorDateRow{query.getColumn(0).getString(), query.getColumn(1).getString(),
                                       query.getColumn(2).getInt64(), query.getColumn(3).getInt() != 0});
        }
        return rows;
    }

    bool record_entry(const std::string& ticket_date_id, std::optional<std::int64_t> limit, Instant at,
                      const std::string& inspector_id) override {
        // The guard: one conditional write. Two scanners of one ticket both run it; the engine
        // serializes the writes to the row (SQLite's one writer; PostgreSQL re-checks the WHERE
        // on the row a concurrent transaction committed), so only one matches while inside = 0
        // and entries < limit hold.
        Statement update(db,
                         "UPDATE ticket_date SET entries = entries + 1, inside = 1, is_redeemed = 1, "
                         "redeemed_us = COALESCE(redeemed_us, ?), redeemed_by = COALESCE(redeemed_by, ?) "
                         "WHERE id = ? AND organization_id = ? AND inside = 0 AND entries < ?");
        update.bind_all(at, inspector_id, ticket_date_id, tenant,
                        limit.value_or(std::numeric_limits<std::int64_t>::max()));
        return update.exec() == 1;
    }

#ifdef TICKETCORE_TEST_HOOKS
    void record_entry_unguarded(const std::string& ticket_date_id, Instant at,
                                const std::string& inspector_id) override {
        Statement update(db,
                         "UPDATE ticket_date SET entries = entries + 1, inside = 1, is_redeemed = 1, "
                         "redeemed_us = COALESCE(redeemed_us, ?), redeemed_by = COALESCE(redeemed_by, ?) "
                         "WHERE id = ? AND organization_id = ?");
        update.bind_all(at, inspector_id, ticket_date_id, tenant);
        (void)update.exec();
    }
#endif

    bool record_exit(const std::string& ticket_date_id) override {
        Statement update(db, "UPDATE ticket_date SET inside = 0 WHERE id = ? AND organization_id = ? AND inside = 1");
        update.bind_all(ticket_date_id, tenant);
        return update.exec() == 1;
    }

    void insert_scan(const std::string& organization_id, const Scan& scan) override {
        Statement insert(db,
                         "INSERT INTO scan_log (id, organization_id, event_id, ticket_id, ticket_date_id, "
                         "event_date_id, inspector_id, scan_point, direction, nonce, reason, at_us, entries, inside, "
                         "source, conflict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        std::optional<std::string> reason;
        if (scan.refusal) reason = std::string(to_string(*scan.refusal));
        insert.bind_all(scan.id, organization_id, scan.event_id, scan.ticket_id, scan.ticket_date_id,
                        scan.event_date_id, scan.inspector_id, scan.scan_point, std::string(to_string(scan.direction)),
                        scan.nonce, reason, scan.at, scan.entries, static_cast<std::int64_t>(scan.inside ? 1 : 0),
                        std::string(to_string(scan.source)), static_cast<std::int64_t>(scan.conflict ? 1 : 0));
        insert.exec_later();
    }

    std::vector<DoorTicketRow> page_door_tickets(const std::string& event_id, std::int64_t after_position,
                                                 std::int64_t limit) override {
        // Index ticket_by_event: the event's tickets in issue order from the cursor.
        Statement query(db,
                        "SELECT rowid, id, specification_id, state, is_refunded, is_refund_in_progress, generation, "
                        "buyer_id, holder_name, holder_email, transferred_to FROM ticket WHERE organization_id = ? AND "
                        "event_id = ? "
                        "AND rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(tenant, event_id, after_position, limit);
        std::vector<DoorTicketRow> tickets;
        while (query.executeStep()) {
            DoorTicketRow row;
            row.position = query.getColumn(0).getInt64();
            row.id = query.getColumn(1).getString();
            row.specification_id = query.getColumn(2).getString();
            row.state = ticket_state_from_string(query.getColumn(3).getString());
            row.is_refunded = query.getColumn(4).getInt() != 0;
            row.is_refund_in_progress = query.getColumn(5).getInt() != 0;
            row.generation = static_cast<std::uint32_t>(query.getColumn(6).getInt64());
            row.buyer_id = optional_text(query.getColumn(7));
            row.holder_name = query.getColumn(8).getString();
            row.holder_email = query.getColumn(9).getString();
            row.transferred = !query.getColumn(10).isNull();
            tickets.push_back(std::move(row));
        }
        if (tickets.empty()) return tickets;
        // The page's ticket dates: the same range of the index, each ticket's dates through
        // ticket_date_by_ticket, the inspector of the first entry by its key (removed ones too).
        Statement dates(
            db,
            "SELECT t.rowid, td.id, td.event_date_id, td.is_redeemed, td.redeemed_us, td.redeemed_by, "
            "td.entries, td.inside, i.name, i.kind FROM ticket t "
            "JOIN ticket_date td ON td.ticket_id = t.id AND td.organization_id = t.organization_id "
            "JOIN event_date d ON d.id = td.event_date_id AND d.organization_id = td.organization_id "
            "LEFT JOIN ticket_inspector i ON i.id = td.redeemed_by AND i.organization_id = td.organization_id "
            "WHERE t.organization_id = ? AND t.event_id = ? AND t.rowid > ? AND t.rowid <= ? "
            "ORDER BY t.rowid, d.start_us, d.id");
        dates.bind_all(tenant, event_id, after_position, tickets.back().position);
        std::size_t at = 0;
        while (dates.executeStep()) {
            const std::int64_t position = dates.getColumn(0).getInt64();
            while (at < tickets.size() && tickets[at].position < position) ++at;
            if (at == tickets.size()) break;
            AttendanceDate date;
            date.id = dates.getColumn(1).getString();
            date.event_date_id = dates.getColumn(2).getString();
            date.is_redeemed = dates.getColumn(3).getInt() != 0;
            if (!dates.getColumn(4).isNull()) date.time_of_redemption = Instant{dates.getColumn(4).getInt64()};
            date.redeemed_by = optional_text(dates.getColumn(5));
            date.entries = dates.getColumn(6).getInt64();
            date.inside = dates.getColumn(7).getInt() != 0;
            date.inspector_name = optional_text(dates.getColumn(8));
            if (const auto kind = optional_text(dates.getColumn(9)))
                date.inspector_kind = inspector_kind_from_string(*kind);
            tickets[at].dates.push_back(std::move(date));
        }
        return tickets;
    }

    std::optional<Scan> find_scan(const std::string& id) override {
        Statement query(db, std::string(scan_columns) + "id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        return read_scan(query);
    }

    std::optional<std::int64_t> scan_position(const std::string& event_id, const std::string& id) override {
        Statement query(db, "SELECT rowid FROM scan_log WHERE id = ? AND event_id = ? AND organization_id = ?");
        query.bind_all(id, event_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<Scan> page_scans(const std::string& event_id, std::int64_t after_position,
                                 std::int64_t limit) override {
        // Index scan_log_by_event: the event's scans in the order they were logged.
        Statement query(db, std::string(scan_columns) + "event_id = ? AND rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(tenant, event_id, after_position, limit);
        std::vector<Scan> scans;
        while (query.executeStep()) scans.push_back(read_scan(query));
        return scans;
    }

private:
    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::DoorRepository> make_door(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlDoor>(session, tenant.id());
}

}  // namespace ticketcore::sql
