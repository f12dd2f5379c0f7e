#pragma once
/// @file reports.hpp
/// @brief The `Reports` area of a Store (issue 10): what organizers watch while tickets sell (seed
/// 000, "Monitor sales") and what data teams load into notebooks, each for one event, each exact,
/// each a `ReportTable` (model/report.hpp) the Python package exports through the Arrow C stream
/// interface. docs/reports.md is the how-to. Reading a report needs `reports:read` or
/// `events:read`.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "ticketcore/model/order.hpp"
#include "ticketcore/model/report.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief The reports of the actor's organization's events.
class Reports {
public:
    explicit Reports(Store store) : store_(std::move(store)) {}

    // --- sales, orders and refunds ------------------------------------------------------------

    /// @brief Rows of a paged report when `first` is not given.
    static constexpr std::int64_t default_report_page = 1000;
    /// @brief The most rows a page of a paged report holds.
    static constexpr std::int64_t max_report_page = 1000000;

    /// @brief "X of Y sold", one row per specification of the event in creation order:
    /// specification_id, name, price, currency, active, for_sale (null: no quota), sold, reserved
    /// (holds that ran out left out), available (null: unlimited), revenue, fees, vat (what the
    /// tickets sold now were sold for, with the fees and the VAT in it). Answered from the
    /// maintained counters, never from the ledger.
    [[nodiscard]] ReportTable sales_per_specification(const std::string& event_id) const;
    /// @brief A page of the event's orders in placing order, optionally of one effective state:
    /// order_id, state, buyer_id, buyer_name, buyer_email, created, expires, paid_at (null until
    /// paid), tickets, total, currency. `first` is 1..max_report_page; `after` a previous page's
    /// end_cursor.
    [[nodiscard]] ReportTable orders(const std::string& event_id, std::optional<OrderState> state = std::nullopt,
                                     std::int64_t first = default_report_page,
                                     const std::optional<std::string>& after = std::nullopt) const;
    /// @brief One row per effective order state (pending, paid, expired, cancelled, in that order,
    /// each present): orders, tickets, total, currency. The pending row is the revenue still in flight.
    [[nodiscard]] ReportTable order_totals(const std::string& event_id) const;
    /// @brief Seed 000's ticketHolders as rows: a page of the event's holders in the order they got
    /// their first ticket (the index `tickets.holders` walks): holder_id, issue_time, buyer_id,
    /// user_id (null for a guest), name, email, phone, tickets (the holder's tickets of the event),
    /// orders (the holder's orders of the event, of `order_state` when given, by effective state).
    /// `first` is 1..max_report_page; `after` a previous page's end_cursor (a holder id).
    [[nodiscard]] ReportTable ticket_holders(const std::string& event_id,
                                             std::optional<OrderState> order_state = std::nullopt,
                                             std::int64_t first = default_report_page,
                                             const std::optional<std::string>& after = std::nullopt) const;
    /// @brief A page of the event's tickets refunded or with a refund in progress, in issue order
    /// (index ticket_refund_activity): ticket_id, specification_id, specification, holder_name,
    /// holder_email, purchase_date, refund_id, refund_state (of the ticket's latest refund that did
    /// not fail), amount (its parts in refunds that did not fail), currency, requested, completed
    /// (null while in progress). `after` is a previous page's end_cursor (a ticket id).
    [[nodiscard]] ReportTable refund_activity(const std::string& event_id, std::int64_t first = default_report_page,
                                              const std::optional<std::string>& after = std::nullopt) const;

    // --- attendance, sales over time and the box office ---------------------------------------
    // Every report of this section takes the event first; the paged ones (one row per ticket
    // date, conflict or open sale) take `first` (1..1,000,000) and `after` (the previous page's
    // `end_cursor`). Times are UTC instants; money is in the event's currency, followed by a
    // `currency` column. ValidationError `invalid_page_size` / `invalid_cursor` /
    // `invalid_report_bucket`; NotFoundError `event_not_found`; PermissionDeniedError for a
    // missing scope or another organization's event.

    /// @brief One row per ticket date of the event (seed 000's attendance feed): the dates in start
    /// order, each date's ticket dates in issue order: ticket_id, ticket_date_id, event_date_id,
    /// date_start, specification_id, specification, holder, holder_email, ticket_state, redeemed,
    /// redeemed_at, inspector_id, inspector, entries, inside.
    [[nodiscard]] ReportTable attendance(const std::string& event_id, std::int64_t first = 1000,
                                         const std::optional<std::string>& after = std::nullopt) const;
    /// @brief Admitted entries and exits per local hour of the event's time zone (hour, entries,
    /// exits, inside: entries less exits up to the end of the hour); hours without scans are left out.
    [[nodiscard]] ReportTable entries_per_hour(const std::string& event_id) const;
    /// @brief Per scan point: entries, exits (admitted), refused (refused scans, conflicts aside)
    /// and conflicts (offline admissions the store refused).
    [[nodiscard]] ReportTable entries_per_scan_point(const std::string& event_id) const;
    /// @brief Per event date, in start order: event_date_id, start, end, redeemed (ticket dates
    /// entered at least once), entries, inside (holders inside now).
    [[nodiscard]] ReportTable inside(const std::string& event_id) const;
    /// @brief The offline scanners' conflicts (door.import_scans) in the order logged: scan_id, at,
    /// ticket_id, ticket_date_id, event_date_id, inspector_id, inspector, scan_point, direction,
    /// reason, nonce.
    [[nodiscard]] ReportTable scan_conflicts(const std::string& event_id, std::int64_t first = 1000,
                                             const std::optional<std::string>& after = std::nullopt) const;
    /// @brief Tickets and revenue per local hour or day (`bucket`: "hour" or "day") and channel
    /// (online, box_office, comp, door), with each channel's running totals: bucket, channel,
    /// tickets, revenue, currency, cumulative_tickets, cumulative_revenue.
    [[nodiscard]] ReportTable sales_over_time(const std::string& event_id, std::string_view bucket = "hour") const;
    /// @brief The event's box-office sales by state (as they read now), payment type and staff
    /// user: state, payment_type, staff_user_id, staff, sales, tickets, total, currency.
    [[nodiscard]] ReportTable box_office(const std::string& event_id) const;
    /// @brief The sales open now that hold tickets of the event, in creation order: sale_id,
    /// number, state, payment_type, staff_user_id, staff, created, expires, tickets, seats, total,
    /// currency.
    [[nodiscard]] ReportTable open_sales(const std::string& event_id, std::int64_t first = 1000,
                                         const std::optional<std::string>& after = std::nullopt) const;

private:
    Store store_;
};

}  // namespace ticketcore
