#pragma once
// Private to the core (layer 4, store): the reads of the attendance, sales-over-time and
// box-office reports (services/reports_activity.cpp), each through an index of the event: a page
// of rows in proportion to the page, a grouped report from covering indexes, never the whole
// ledger of the organization.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/rules/activity_report_rules.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

/// @brief A ticket date's door state, with its ticket and holder (the attendance report's row).
struct AttendanceRow {
    /// @brief The row's place among its event date's ticket dates (issue order).
    std::int64_t position = 0;
    std::string ticket_id;
    std::string ticket_date_id;
    std::string event_date_id;
    std::string specification_id;
    std::string holder_name;
    std::string holder_email;
    std::string ticket_state;
    bool redeemed = false;
    std::optional<Instant> redeemed_at;
    std::optional<std::string> inspector_id;
    std::optional<std::string> inspector_name;
    std::int64_t entries = 0;
    bool inside = false;
};

/// @brief Scans of an event at one scan point.
struct ScanPointRow {
    std::string scan_point;
    std::int64_t entries = 0;
    std::int64_t exits = 0;
    std::int64_t refused = 0;
    std::int64_t conflicts = 0;
};

/// @brief The door state of one event date.
struct EventDateInsideRow {
    std::string event_date_id;
    Instant start;
    Instant end;
    std::int64_t redeemed = 0;
    std::int64_t entries = 0;
    std::int64_t inside = 0;
};

/// @brief A conflict of an offline scanner (a scan it admitted that the store refused).
struct ConflictRow {
    std::int64_t position = 0;
    std::string scan_id;
    Instant at;
    std::optional<std::string> ticket_id;
    std::optional<std::string> ticket_date_id;
    std::optional<std::string> event_date_id;
    std::string inspector_id;
    std::string inspector_name;
    std::string scan_point;
    std::string direction;
    std::string reason;
    std::string nonce;
};

/// @brief The box-office sales of an event with one state, payment type and staff user.
struct BoxOfficeRow {
    /// @brief The sale's state as it reads now (an open sale past its hold is "expired").
    std::string state;
    std::optional<std::string> payment_type;
    std::string staff_user_id;
    std::string staff_name;
    std::int64_t sales = 0;
    std::int64_t tickets = 0;
    /// @brief Minor units: the event's part of the sales (its tickets after discounts, with their fees).
    std::int64_t total = 0;
};

/// @brief An open sale holding tickets of the event.
struct OpenSaleRow {
    std::int64_t position = 0;
    std::string sale_id;
    std::string number;
    std::string state;
    std::optional<std::string> payment_type;
    std::string staff_user_id;
    std::string staff_name;
    Instant created;
    Instant expires;
    std::int64_t tickets = 0;
    std::int64_t seats = 0;
    std::int64_t total = 0;
};

class ActivityReportRepository {
public:
    ActivityReportRepository() = default;
    ActivityReportRepository(const ActivityReportRepository&) = delete;
    ActivityReportRepository& operator=(const ActivityReportRepository&) = delete;
    virtual ~ActivityReportRepository() = default;

    /// @brief The event date of the event's ticket date `ticket_date_id` and its place among that
    /// date's ticket dates; nullopt when it is no ticket date of the event.
    virtual std::optional<std::pair<std::string, std::int64_t>> attendance_position(
        const std::string& event_id, const std::string& ticket_date_id) = 0;
    /// @brief Up to `limit` ticket dates of the event date after `after_position` (0: from the
    /// first), in issue order (through ticket_date_by_event_date), each with its ticket and the
    /// inspector of its first entry: each given to `each` as it is read (a page of a million rows
    /// is never held twice).
    virtual void page_attendance(const std::string& event_date_id, std::int64_t after_position, std::int64_t limit,
                                 const std::function<void(const AttendanceRow&)>& each) = 0;
    /// @brief The event's admitted scans per UTC minute: `at` the minute's start, `first` the
    /// entries, `second` the exits (key 0).
    virtual std::vector<rules::TimedCount> scans_per_minute(const std::string& event_id) = 0;
    /// @brief The event's scans per scan point, in the points' order.
    virtual std::vector<ScanPointRow> scans_per_point(const std::string& event_id) = 0;
    /// @brief Each date of the event with its redeemed ticket dates, entries and holders inside, in
    /// date order.
    virtual std::vector<EventDateInsideRow> inside_per_date(const std::string& event_id) = 0;
    /// @brief The place of the event's conflict scan `scan_id`.
    virtual std::optional<std::int64_t> conflict_position(const std::string& event_id, const std::string& scan_id) = 0;
    /// @brief Up to `limit` conflicts of the event after `after_position`, in the order logged.
    virtual std::vector<ConflictRow> page_conflicts(const std::string& event_id, std::int64_t after_position,
                                                    std::int64_t limit) = 0;
    /// @brief What the event sold per UTC minute and channel (`key` a SalesChannel): `first` the
    /// tickets, `second` the revenue in minor units.
    virtual std::vector<rules::TimedCount> sales_per_minute(const std::string& event_id) = 0;
    /// @brief The event's box-office sales grouped by state (as of `now`), payment type and staff
    /// user, in that order.
    virtual std::vector<BoxOfficeRow> box_office(const std::string& event_id, Instant now) = 0;
    /// @brief The place of `sale_id` among the organization's open sales.
    virtual std::optional<std::int64_t> open_sale_position(const std::string& sale_id) = 0;
    /// @brief Up to `limit` sales open at `now` (open and not past their hold, or waiting for a
    /// payment) holding tickets of the event, after `after_position`, in creation order.
    virtual std::vector<OpenSaleRow> page_open_sales(const std::string& event_id, Instant now,
                                                     std::int64_t after_position, std::int64_t limit) = 0;
};

}  // namespace ticketcore::repository
