// The SQL repository of seat maps, seats and volumes, shared by every SQL engine (layer 4, store).
// Their sold/reserved counters are moved by the inventory ledger (store/sql/inventory.cpp).
#include <string>
#include <utility>
#include <vector>

#include "store/seating.hpp"
#include "store/sql/batched_read.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/seatmap_rules.hpp"

namespace ticketcore::sql {

namespace {

constexpr const char* seatmap_columns = "SELECT id, event_id, name, created_us, organization_id FROM seatmap ";
constexpr const char* seat_columns =
    "SELECT id, seatmap_id, section, seat_row, number, label, ticket_type_ids, sold, reserved FROM seat ";
constexpr const char* volume_columns =
    "SELECT id, seatmap_id, name, capacity, sold, reserved, ticket_type_ids FROM volume ";

std::vector<std::string> seating_type_ids(const Column& column) {
    return Json::parse(column.getString()).get<std::vector<std::string>>();
}

std::string seating_type_ids_text(const std::vector<std::string>& ids) {
    return Json(ids).dump(-1, ' ', false, Json::error_handler_t::replace);
}

repository::StoredSeatMap read_seatmap(Statement& row) {
    repository::StoredSeatMap stored;
    stored.seatmap.id = row.getColumn(0).getString();
    stored.seatmap.event_id = row.getColumn(1).getString();
    stored.seatmap.name = row.getColumn(2).getString();
    stored.seatmap.created = Instant{row.getColumn(3).getInt64()};
    stored.organization_id = row.getColumn(4).getString();
    return stored;
}

Seat read_seat(Statement& row) {
    Seat seat;
    seat.id = row.getColumn(0).getString();
    seat.seatmap_id = row.getColumn(1).getString();
    seat.section = row.getColumn(2).getString();
    seat.row = row.getColumn(3).getString();
    seat.number = row.getColumn(4).getString();
    seat.label = row.getColumn(5).getString();
    seat.ticket_type_ids = seating_type_ids(row.getColumn(6));
    seat.status = rules::seat_status(row.getColumn(7).getInt64(), row.getColumn(8).getInt64());
    return seat;
}

Volume read_volume(Statement& row) {
    Volume volume;
    volume.id = row.getColumn(0).getString();
    volume.seatmap_id = row.getColumn(1).getString();
    volume.name = row.getColumn(2).getString();
    volume.capacity = row.getColumn(3).getInt64();
    volume.sold = row.getColumn(4).getInt64();
    volume.reserved = row.getColumn(5).getInt64();
    volume.available = rules::volume_available(volume.capacity, volume.sold, volume.reserved);
    volume.ticket_type_ids = seating_type_ids(row.getColumn(6));
    return volume;
}

class SqlSeating final : public repository::SeatingRepository {
public:
    SqlSeating(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<repository::StoredSeatMap> find_seatmap(const std::string& id) override {
        Statement query(db, std::string(seatmap_columns) + "WHERE id = ? AND organization_id = ?");
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return read_seatmap(query);
    }

    std::vector<SeatMap> list_seatmaps(const std::string& event_id) override {
        // Index seatmap_by_event.
        Statement query(db, std::string(seatmap_columns) + "WHERE event_id = ? AND organization_id = ? ORDER BY rowid");
        query.bind_all(event_id, tenant);
        std::vector<SeatMap> seatmaps;
        while (query.executeStep()) seatmaps.push_back(read_seatmap(query).seatmap);
        return seatmaps;
    }

    void insert_seatmap(const std::string& organization_id, const SeatMap& seatmap) override {
        run(db, "INSERT INTO seatmap (id, event_id, name, created_us, organization_id) VALUES (?, ?, ?, ?, ?)",
            seatmap.id, seatmap.event_id, seatmap.name, seatmap.created, organization_id);
    }

    void lock_seatmap(const std::string& id) override { lock_row(db, tenant, "seatmap", id); }

    std::vector<std::string> taken_places(const std::string& seatmap_id,
                                          const std::vector<std::string>& place_keys) override {
        // Index seat_place: each key looked up, in slices (see batched_read.hpp).
        std::vector<std::string> taken;
        for (const auto& slice : slices(db, place_keys)) {
            Statement query(db, "SELECT place FROM seat WHERE organization_id = ?1 AND seatmap_id = ?2 AND " +
                                    in_list(db, "place", slice.size(), 3));
            query.bind_all(tenant, seatmap_id, slice);
            while (query.executeStep()) taken.push_back(query.getColumn(0).getString());
        }
        return taken;
    }

    void insert_seat(const std::string& organization_id, const Seat& seat, const std::string& place_key) override {
        run_later(db,
                  "INSERT INTO seat (id, seatmap_id, section, seat_row, number, label, place, ticket_type_ids, "
                  "organization_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  seat.id, seat.seatmap_id, seat.section, seat.row, seat.number, seat.label, place_key,
                  seating_type_ids_text(seat.ticket_type_ids), organization_id);
    }

    std::optional<Seat> find_seat(const std::string& seatmap_id, const std::string& seat_id) override {
        Statement query(db, std::string(seat_columns) + "WHERE id = ? AND seatmap_id = ? AND organization_id = ?");
        query.bind_all(seat_id, seatmap_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return read_seat(query);
    }

    std::optional<std::int64_t> seat_position(const std::string& seatmap_id, const std::string& seat_id) override {
        Statement query(db, "SELECT rowid FROM seat WHERE id = ? AND seatmap_id = ? AND organization_id = ?");
        query.bind_all(seat_id, seatmap_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<Seat> page_seats(const std::string& seatmap_id, std::int64_t after_position,
                                 std::int64_t limit) override {
        // Index seat_by_seatmap: the seat map's seats in creation order from the cursor on.
        Statement query(db, std::string(seat_columns) +
                                "WHERE seatmap_id = ? AND organization_id = ? AND rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(seatmap_id, tenant, after_position, limit);
        std::vector<Seat> seats;
        while (query.executeStep()) seats.push_back(read_seat(query));
        return seats;
    }

    void insert_volume(const std::string& organization_id, const Volume& volume) override {
        run(db,
            "INSERT INTO volume (id, seatmap_id, name, capacity, ticket_type_ids, organization_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            volume.id, volume.seatmap_id, volume.name, volume.capacity, seating_type_ids_text(volume.ticket_type_ids),
            organization_id);
    }

    std::optional<Volume> find_volume(const std::string& seatmap_id, const std::string& volume_id) override {
        Statement query(db, std::string(volume_columns) + "WHERE id = ? AND seatmap_id = ? AND organization_id = ?");
        query.bind_all(volume_id, seatmap_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return read_volume(query);
    }

    std::vector<Volume> list_volumes(const std::string& seatmap_id) override {
        // Index volume_by_seatmap.
        Statement query(db,
                        std::string(volume_columns) + "WHERE seatmap_id = ? AND organization_id = ? ORDER BY rowid");
        query.bind_all(seatmap_id, tenant);
        std::vector<Volume> volumes;
        while (query.executeStep()) volumes.push_back(read_volume(query));
        return volumes;
    }

private:
    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::SeatingRepository> make_seating(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlSeating>(session, tenant.id());
}

}  // namespace ticketcore::sql
