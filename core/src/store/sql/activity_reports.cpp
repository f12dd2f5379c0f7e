// The SQL reads of the attendance, sales-over-time and box-office reports, shared by every SQL
// engine (layer 4, store). Each names the index it walks; the indexes of schema version SQLite 19
// / PostgreSQL 17 are theirs.
#include <map>
#include <string>

#include "store/activity_reports.hpp"
#include "store/sql/column.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

using repository::AttendanceRow;
using repository::BoxOfficeRow;
using repository::ConflictRow;
using repository::EventDateInsideRow;
using repository::OpenSaleRow;
using repository::ScanPointRow;

namespace {

/// Instants are grouped by minute from 0001-01-01 (a whole number of minutes before 1970), so that
/// the integer division floors instants before 1970 too.
constexpr const char* activity_minute_of = " + 62135596800000000) / 60000000";
constexpr std::int64_t activity_minute_base = 62'135'596'800'000'000;

Instant activity_minute_start(std::int64_t minute) {
    return Instant{minute * rules::minute_micros - activity_minute_base};
}

/// What a ticket item of a sale adds for its event: its price after its discount share, with its fees.
constexpr const char* activity_item_total = "si.subtotal - si.discount + si.platform_fee + si.percentage_fee";

class SqlActivityReports final : public repository::ActivityReportRepository {
public:
    SqlActivityReports(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<std::pair<std::string, std::int64_t>> attendance_position(
        const std::string& event_id, const std::string& ticket_date_id) override {
        Statement query(db,
                        "SELECT td.event_date_id, td.rowid FROM ticket_date td "
                        "JOIN ticket t ON t.id = td.ticket_id AND t.organization_id = td.organization_id "
                        "WHERE td.id = ? AND td.organization_id = ? AND t.event_id = ?");
        query.bind_all(ticket_date_id, tenant, event_id);
        if (!query.executeStep()) return std::nullopt;
        return std::pair{query.getColumn(0).getString(), query.getColumn(1).getInt64()};
    }

    void page_attendance(const std::string& event_date_id, std::int64_t after_position, std::int64_t limit,
                         const std::function<void(const AttendanceRow&)>& each) override {
        // Index ticket_date_by_event_date: the date's ticket dates in issue order from the cursor;
        // each one's ticket and inspector by key. CROSS JOIN keeps the ticket dates the outer
        // loop on SQLite (whose planner would otherwise start from a one-row table and sort the
        // event's ticket dates); PostgreSQL reads it as the inner join it is (postgres/translate.cpp).
        Statement query(
            db,
            "SELECT td.rowid, t.id, td.id, td.event_date_id, t.specification_id, t.holder_name, "
            "t.holder_email, t.state, td.is_redeemed, td.redeemed_us, td.redeemed_by, i.name, td.entries, "
            "td.inside FROM ticket_date td "
            "CROSS JOIN ticket t ON t.id = td.ticket_id AND t.organization_id = td.organization_id "
            "LEFT JOIN ticket_inspector i ON i.id = td.redeemed_by AND i.organization_id = td.organization_id "
            "WHERE td.organization_id = ? AND td.event_date_id = ? AND td.rowid > ? "
            "ORDER BY td.rowid LIMIT ?");
        query.bind_all(tenant, event_date_id, after_position, limit);
        AttendanceRow row;  // one row, refilled: its strings keep their room
        while (query.executeStep()) {
            row.position = query.getColumn(0).getInt64();
            row.ticket_id = query.getColumn(1).getString();
            row.ticket_date_id = query.getColumn(2).getString();
            row.event_date_id = query.getColumn(3).getString();
            row.specification_id = query.getColumn(4).getString();
            row.holder_name = query.getColumn(5).getString();
            row.holder_email = query.getColumn(6).getString();
            row.ticket_state = query.getColumn(7).getString();
            row.redeemed = query.getColumn(8).getBool();
            row.redeemed_at = optional_instant(query.getColumn(9));
            row.inspector_id = optional_text(query.getColumn(10));
            row.inspector_name = optional_text(query.getColumn(11));
            row.entries = query.getColumn(12).getInt64();
            row.inside = query.getColumn(13).getBool();
            each(row);
        }
    }

    std::vector<rules::TimedCount> scans_per_minute(const std::string& event_id) override {
        // Index scan_log_admitted_by_time (partial: admitted scans), covering, in time order.
        Statement query(db, std::string("SELECT (at_us") + activity_minute_of +
                                ", SUM(CASE WHEN direction = 'in' THEN 1 ELSE 0 END), "
                                "SUM(CASE WHEN direction = 'out' THEN 1 ELSE 0 END) FROM scan_log "
                                "WHERE organization_id = ? AND event_id = ? AND reason IS NULL "
                                "GROUP BY (at_us" +
                                activity_minute_of + " ORDER BY 1");
        query.bind_all(tenant, event_id);
        std::vector<rules::TimedCount> counts;
        while (query.executeStep()) {
            counts.push_back(rules::TimedCount{activity_minute_start(query.getColumn(0).getInt64()), 0,
                                               query.getColumn(1).getInt64(), query.getColumn(2).getInt64()});
        }
        return counts;
    }

    std::vector<ScanPointRow> scans_per_point(const std::string& event_id) override {
        // Index scan_log_by_point, covering, in the points' order.
        Statement query(db,
                        "SELECT scan_point, "
                        "SUM(CASE WHEN reason IS NULL AND direction = 'in' THEN 1 ELSE 0 END), "
                        "SUM(CASE WHEN reason IS NULL AND direction = 'out' THEN 1 ELSE 0 END), "
                        "SUM(CASE WHEN reason IS NOT NULL AND conflict = 0 THEN 1 ELSE 0 END), "
                        "SUM(CASE WHEN conflict = 1 THEN 1 ELSE 0 END) FROM scan_log "
                        "WHERE organization_id = ? AND event_id = ? GROUP BY scan_point ORDER BY scan_point");
        query.bind_all(tenant, event_id);
        std::vector<ScanPointRow> rows;
        while (query.executeStep()) {
            rows.push_back(ScanPointRow{query.getColumn(0).getString(), query.getColumn(1).getInt64(),
                                        query.getColumn(2).getInt64(), query.getColumn(3).getInt64(),
                                        query.getColumn(4).getInt64()});
        }
        return rows;
    }

    std::vector<EventDateInsideRow> inside_per_date(const std::string& event_id) override {
        // The event's dates through event_date_by_event; per date, the partial indexes of its
        // redeemed ticket dates (with their entries) and of those whose holder is inside.
        Statement query(db,
                        "SELECT d.id, d.start_us, d.end_us, "
                        "(SELECT COUNT(*) FROM ticket_date r WHERE r.organization_id = d.organization_id "
                        "AND r.event_date_id = d.id AND r.is_redeemed = 1), "
                        "(SELECT COALESCE(SUM(r.entries), 0) FROM ticket_date r WHERE r.organization_id = "
                        "d.organization_id AND r.event_date_id = d.id AND r.is_redeemed = 1), "
                        "(SELECT COUNT(*) FROM ticket_date i WHERE i.organization_id = d.organization_id "
                        "AND i.event_date_id = d.id AND i.inside = 1) "
                        "FROM event_date d WHERE d.organization_id = ? AND d.event_id = ? ORDER BY d.start_us, d.id");
        query.bind_all(tenant, event_id);
        std::vector<EventDateInsideRow> rows;
        while (query.executeStep()) {
            rows.push_back(EventDateInsideRow{query.getColumn(0).getString(), Instant{query.getColumn(1).getInt64()},
                                              Instant{query.getColumn(2).getInt64()}, query.getColumn(3).getInt64(),
                                              query.getColumn(4).getInt64(), query.getColumn(5).getInt64()});
        }
        return rows;
    }

    std::optional<std::int64_t> conflict_position(const std::string& event_id, const std::string& scan_id) override {
        Statement query(db,
                        "SELECT rowid FROM scan_log WHERE id = ? AND organization_id = ? AND event_id = ? "
                        "AND conflict = 1");
        query.bind_all(scan_id, tenant, event_id);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<ConflictRow> page_conflicts(const std::string& event_id, std::int64_t after_position,
                                            std::int64_t limit) override {
        // Index scan_log_conflicts (partial: conflicts only), in the order logged.
        Statement query(db,
                        "SELECT c.rowid, c.id, c.at_us, c.ticket_id, c.ticket_date_id, c.event_date_id, "
                        "c.inspector_id, i.name, c.scan_point, c.direction, c.reason, c.nonce FROM scan_log c "
                        "JOIN ticket_inspector i ON i.id = c.inspector_id AND i.organization_id = c.organization_id "
                        "WHERE c.organization_id = ? AND c.event_id = ? AND c.conflict = 1 AND c.rowid > ? "
                        "ORDER BY c.rowid LIMIT ?");
        query.bind_all(tenant, event_id, after_position, limit);
        std::vector<ConflictRow> rows;
        while (query.executeStep()) {
            ConflictRow row;
            row.position = query.getColumn(0).getInt64();
            row.scan_id = query.getColumn(1).getString();
            row.at = Instant{query.getColumn(2).getInt64()};
            row.ticket_id = optional_text(query.getColumn(3));
            row.ticket_date_id = optional_text(query.getColumn(4));
            row.event_date_id = optional_text(query.getColumn(5));
            row.inspector_id = query.getColumn(6).getString();
            row.inspector_name = query.getColumn(7).getString();
            row.scan_point = query.getColumn(8).getString();
            row.direction = query.getColumn(9).getString();
            row.reason = optional_text(query.getColumn(10)).value_or("");
            row.nonce = query.getColumn(11).getString();
            rows.push_back(std::move(row));
        }
        return rows;
    }

    std::vector<rules::TimedCount> sales_per_minute(const std::string& event_id) override {
        std::vector<rules::TimedCount> counts;
        // Rows of (minute, tickets, revenue) of one channel.
        const auto collect = [&](Statement& query, SalesChannel channel) {
            while (query.executeStep()) {
                const auto key = static_cast<std::int64_t>(channel);
                counts.push_back(rules::TimedCount{activity_minute_start(query.getColumn(0).getInt64()), key,
                                                   query.getColumn(1).getInt64(), query.getColumn(2).getInt64()});
            }
        };
        // Paid orders (online, or a committed sale's) through order_paid_by_event, whose key is
        // the minute they were paid (the expression below, written as the index writes it), with
        // their channel (sale_id), tickets and total: grouped by minute in the index's order (no
        // sort), each channel summed apart.
        Statement orders(db, std::string("SELECT (paid_us") + activity_minute_of +
                                 ", SUM(CASE WHEN sale_id IS NULL THEN tickets ELSE 0 END), "
                                 "SUM(CASE WHEN sale_id IS NULL THEN total ELSE 0 END), "
                                 "SUM(CASE WHEN sale_id IS NULL THEN 0 ELSE tickets END), "
                                 "SUM(CASE WHEN sale_id IS NULL THEN 0 ELSE total END), "
                                 "COUNT(*) - COUNT(sale_id), COUNT(sale_id) FROM buy_order "
                                 "WHERE organization_id = ? AND event_id = ? AND paid_us IS NOT NULL "
                                 "GROUP BY (paid_us" +
                                 activity_minute_of + "");
        orders.bind_all(tenant, event_id);
        while (orders.executeStep()) {
            const Instant minute = activity_minute_start(orders.getColumn(0).getInt64());
            if (orders.getColumn(5).getInt64() > 0) {
                counts.push_back(rules::TimedCount{minute, static_cast<std::int64_t>(SalesChannel::online),
                                                   orders.getColumn(1).getInt64(), orders.getColumn(2).getInt64()});
            }
            if (orders.getColumn(6).getInt64() > 0) {
                counts.push_back(rules::TimedCount{minute, static_cast<std::int64_t>(SalesChannel::box_office),
                                                   orders.getColumn(3).getInt64(), orders.getColumn(4).getInt64()});
            }
        }
        // Comps when issued, pre-generated tickets when activated (with the door payment), through
        // ticket_unsold_by_event (partial: tickets of no order).
        Statement comps(db, std::string("SELECT (created_us") + activity_minute_of +
                                ", COUNT(*), 0 FROM ticket WHERE organization_id = ? AND event_id = ? "
                                "AND kind <> 'order' AND kind = 'comp' GROUP BY 1");
        comps.bind_all(tenant, event_id);
        collect(comps, SalesChannel::comp);
        Statement door(db, std::string("SELECT (t.purchase_us") + activity_minute_of +
                               ", COUNT(*), COALESCE(SUM(p.amount), 0) FROM ticket t "
                               "LEFT JOIN payment p ON p.ticket_id = t.id AND p.organization_id = t.organization_id "
                               "WHERE t.organization_id = ? AND t.event_id = ? AND t.kind <> 'order' "
                               "AND t.kind = 'pre-generated' AND t.purchase_us IS NOT NULL GROUP BY 1");
        door.bind_all(tenant, event_id);
        collect(door, SalesChannel::door);
        return counts;
    }

    std::vector<BoxOfficeRow> box_office(const std::string& event_id, Instant now) override {
        // The event's ticket items of sales through sale_item_by_event, each sale by key.
        const std::string staff = "COALESCE(s.committer_id, s.creator_id)";
        Statement query(db,
                        "SELECT CASE WHEN s.state = 'open' AND s.expires_us <= ? THEN 'expired' ELSE s.state END, "
                        "s.payment_type, " +
                            staff + ", COALESCE(u.name, " + staff + "), COUNT(DISTINCT s.id), SUM(si.quantity), SUM(" +
                            activity_item_total +
                            ") FROM sale_item si "
                            "JOIN sale s ON s.id = si.sale_id AND s.organization_id = si.organization_id "
                            "LEFT JOIN staff_user u ON u.organization_id = s.organization_id AND u.user_id = " +
                            staff +
                            " WHERE si.organization_id = ? AND si.event_id = ? AND si.kind = 'ticket' "
                            "GROUP BY 1, 2, 3, 4");
        query.bind_all(now, tenant, event_id);
        std::vector<BoxOfficeRow> rows;
        while (query.executeStep()) {
            BoxOfficeRow row;
            row.state = query.getColumn(0).getString();
            row.payment_type = optional_text(query.getColumn(1));
            row.staff_user_id = query.getColumn(2).getString();
            row.staff_name = query.getColumn(3).getString();
            row.sales = query.getColumn(4).getInt64();
            row.tickets = query.getColumn(5).getInt64();
            row.total = query.getColumn(6).getInt64();
            rows.push_back(std::move(row));
        }
        return rows;
    }

    std::optional<std::int64_t> open_sale_position(const std::string& sale_id) override {
        Statement query(db, "SELECT rowid FROM sale WHERE id = ? AND organization_id = ?");
        query.bind_all(sale_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<OpenSaleRow> page_open_sales(const std::string& event_id, Instant now, std::int64_t after_position,
                                             std::int64_t limit) override {
        // Index sale_open (partial: open and waiting sales) in creation order; those holding a
        // ticket of the event (sale_item_by_sale), the staff user by key.
        constexpr const char* open_now =
            "s.organization_id = ? AND s.state IN ('open', 'payment_pending') "
            "AND (s.state = 'payment_pending' OR s.expires_us > ?) ";
        Statement query(db, std::string("SELECT s.rowid, s.id, s.number, s.state, s.payment_type, s.creator_id, "
                                        "COALESCE(u.name, s.creator_id), s.created_us, s.expires_us FROM sale s "
                                        "LEFT JOIN staff_user u ON u.organization_id = s.organization_id "
                                        "AND u.user_id = s.creator_id WHERE ") +
                                open_now +
                                "AND s.rowid > ? AND EXISTS (SELECT 1 FROM sale_item si WHERE si.sale_id = s.id "
                                "AND si.organization_id = s.organization_id AND si.event_id = ? "
                                "AND si.kind = 'ticket') ORDER BY s.rowid LIMIT ?");
        query.bind_all(tenant, now, after_position, event_id, limit);
        std::vector<OpenSaleRow> rows;
        while (query.executeStep()) {
            OpenSaleRow row;
            row.position = query.getColumn(0).getInt64();
            row.sale_id = query.getColumn(1).getString();
            row.number = query.getColumn(2).getString();
            row.state = query.getColumn(3).getString();
            row.payment_type = optional_text(query.getColumn(4));
            row.staff_user_id = query.getColumn(5).getString();
            row.staff_name = query.getColumn(6).getString();
            row.created = Instant{query.getColumn(7).getInt64()};
            row.expires = Instant{query.getColumn(8).getInt64()};
            rows.push_back(std::move(row));
        }
        if (rows.empty()) return rows;
        // What the page's sales hold of the event: the same range of sale_open, their items.
        Statement held(db, std::string("SELECT s.rowid, SUM(si.quantity), "
                                       "SUM(CASE WHEN si.seat_id IS NULL THEN 0 ELSE si.quantity END), SUM(") +
                               activity_item_total +
                               ") FROM sale s JOIN sale_item si ON si.sale_id = s.id "
                               "AND si.organization_id = s.organization_id WHERE " +
                               open_now +
                               "AND s.rowid > ? AND s.rowid <= ? AND si.event_id = ? AND si.kind = 'ticket' "
                               "GROUP BY s.rowid");
        held.bind_all(tenant, now, after_position, rows.back().position, event_id);
        std::map<std::int64_t, std::size_t> at;
        for (std::size_t index = 0; index < rows.size(); ++index) at.emplace(rows[index].position, index);
        while (held.executeStep()) {
            const auto found = at.find(held.getColumn(0).getInt64());
            if (found == at.end()) continue;
            OpenSaleRow& row = rows[found->second];
            row.tickets = held.getColumn(1).getInt64();
            row.seats = held.getColumn(2).getInt64();
            row.total = held.getColumn(3).getInt64();
        }
        return rows;
    }

private:
    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::ActivityReportRepository> make_activity_reports(Session& session,
                                                                            const store::Tenant& tenant) {
    return std::make_unique<SqlActivityReports>(session, tenant.id());
}

}  // namespace ticketcore::sql
