#pragma once
/// @file json.hpp
/// @brief JSON (nlohmann::ordered_json) forms of the value types: audit payloads, pickling and
/// the generic `__repr__` of the bindings all use them, so field order is declaration order.

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "ticketcore/model/audit.hpp"
#include "ticketcore/model/buyer.hpp"
#include "ticketcore/model/door.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/integrity.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/outbox.hpp"
#include "ticketcore/model/page.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/product.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/model/refund.hpp"
#include "ticketcore/model/sale.hpp"
#include "ticketcore/model/seatmap.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/model/staff.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace nlohmann {

/// @brief std::optional as the value or null.
template <typename T>
struct adl_serializer<std::optional<T>> {
    template <typename Json>
    static void to_json(Json& json, const std::optional<T>& value) {
        if (value) {
            json = *value;
        } else {
            json = nullptr;
        }
    }
    template <typename Json>
    static void from_json(const Json& json, std::optional<T>& value) {
        if (json.is_null()) {
            value.reset();
        } else {
            value = json.template get<T>();
        }
    }
};

/// @brief Money has no default constructor, so it is read by value.
template <>
struct adl_serializer<ticketcore::Money> {
    template <typename Json>
    static ticketcore::Money from_json(const Json& json) {
        if (!json.at("minor").is_number_integer()) {
            throw ticketcore::fail::snapshot_minor_units_not_integer();
        }
        return ticketcore::Money(json.at("minor").template get<std::int64_t>(),
                                 ticketcore::Currency::of(json.at("currency").template get<std::string>()));
    }
    template <typename Json>
    static void from_json(const Json& json, ticketcore::Money& money) {
        money = from_json(json);
    }
    template <typename Json>
    static void to_json(Json& json, const ticketcore::Money& money) {
        json = Json{{"minor", money.minor()}, {"currency", std::string(money.currency().code())}};
    }
};

}  // namespace nlohmann

namespace ticketcore {

using Json = nlohmann::ordered_json;

/// @brief Defines to_json/from_json over ordered_json for a struct's listed members.
#define TICKETCORE_JSON_FIELDS(Type, ...)                                          \
    inline void to_json(Json& nlohmann_json_j, const Type& nlohmann_json_t) {      \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))   \
    }                                                                              \
    inline void from_json(const Json& nlohmann_json_j, Type& nlohmann_json_t) {    \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM, __VA_ARGS__)) \
    }

inline void to_json(Json& json, const Instant& instant) {
    json = instant.micros;
}
inline void from_json(const Json& json, Instant& instant) {
    if (!json.is_number_integer()) throw fail::snapshot_instant_not_integer();
    instant.micros = json.get<std::int64_t>();
    require_in_range(instant, "instant");
}

inline void to_json(Json& json, const Currency& currency) {
    json = std::string(currency.code());
}
inline void from_json(const Json& json, Currency& currency) {
    currency = Currency::of(json.get<std::string>());
}

inline void to_json(Json& json, RoundingMode mode) {
    json = std::string(to_string(mode));
}
inline void from_json(const Json& json, RoundingMode& mode) {
    mode = rounding_mode_from_string(json.get<std::string>());
}
inline void to_json(Json& json, EventState state) {
    json = std::string(to_string(state));
}
inline void from_json(const Json& json, EventState& state) {
    state = event_state_from_string(json.get<std::string>());
}
inline void to_json(Json& json, Visibility visibility) {
    json = std::string(to_string(visibility));
}
inline void from_json(const Json& json, Visibility& visibility) {
    visibility = visibility_from_string(json.get<std::string>());
}

inline void to_json(Json& json, OrderState state) {
    json = std::string(to_string(state));
}
inline void from_json(const Json& json, OrderState& state) {
    state = order_state_from_string(json.get<std::string>());
}
inline void to_json(Json& json, TicketKind kind) {
    json = std::string(to_string(kind));
}
inline void from_json(const Json& json, TicketKind& kind) {
    kind = ticket_kind_from_string(json.get<std::string>());
}
inline void to_json(Json& json, TicketState state) {
    json = std::string(to_string(state));
}
inline void from_json(const Json& json, TicketState& state) {
    state = ticket_state_from_string(json.get<std::string>());
}
inline void to_json(Json& json, KeyState state) {
    json = std::string(to_string(state));
}
inline void from_json(const Json& json, KeyState& state) {
    state = key_state_from_string(json.get<std::string>());
}

inline void to_json(Json& json, RefundState state) {
    json = std::string(to_string(state));
}
inline void from_json(const Json& json, RefundState& state) {
    state = refund_state_from_string(json.get<std::string>());
}
inline void to_json(Json& json, SaleState state) {
    json = std::string(to_string(state));
}
inline void from_json(const Json& json, SaleState& state) {
    state = sale_state_from_string(json.get<std::string>());
}
inline void to_json(Json& json, SalePaymentType type) {
    json = std::string(to_string(type));
}
inline void from_json(const Json& json, SalePaymentType& type) {
    type = sale_payment_type_from_string(json.get<std::string>());
}
inline void to_json(Json& json, PosPaymentStatus status) {
    json = std::string(to_string(status));
}
inline void from_json(const Json& json, PosPaymentStatus& status) {
    status = pos_payment_status_from_string(json.get<std::string>());
}
inline void to_json(Json& json, SaleItemKind kind) {
    json = std::string(to_string(kind));
}
inline void from_json(const Json& json, SaleItemKind& kind) {
    kind = sale_item_kind_from_string(json.get<std::string>());
}

inline void to_json(Json& json, const Actor& actor) {
    json = Json{{"id", actor.id}, {"organization_id", actor.organization_id}, {"scopes", actor.scopes}};
}
/// @brief A restored actor is checked like a new one (Actor::make).
inline void from_json(const Json& json, Actor& actor) {
    actor = Actor::make(json.at("id").get<std::string>(), json.at("organization_id").get<std::optional<std::string>>(),
                        json.at("scopes").get<std::set<std::string, std::less<>>>());
}
inline void to_json(Json& json, CustomerFieldType type) {
    json = std::string(to_string(type));
}
inline void from_json(const Json& json, CustomerFieldType& type) {
    type = customer_field_type_from_string(json.get<std::string>());
}
TICKETCORE_JSON_FIELDS(CustomerField, key, type)
TICKETCORE_JSON_FIELDS(Organization, id, name, currency, rounding, billing_profile_enabled, refund_fees, box_office_fee,
                       box_office_fee_vat_rate, customer_form, created)
TICKETCORE_JSON_FIELDS(SigningKeyInfo, key_id, public_key, state, created, rotated, retired)
TICKETCORE_JSON_FIELDS(EventDate, id, event_id, start, end, local_start, local_end)
TICKETCORE_JSON_FIELDS(Event, id, organization_id, name, description, location, time_zone, state, currency,
                       platform_fee, percentage_fee, vat_rate, created, dates)
TICKETCORE_JSON_FIELDS(TicketSpecification, id, event_id, name, names, description, price, vat_rate,
                       ticket_platform_fee, ticket_percentage_fee, percentage_fee_amount, number_of_tickets_for_sale,
                       maximum_number_of_tickets_per_user, number_of_tickets_sold, number_of_tickets_reserved,
                       available, is_active, sale_start, sale_end, perks, visibility, transferable, allow_reentry,
                       reentry_limit, accepted_scan_points, refund_policy, pool_ids, event_date_ids, created)
TICKETCORE_JSON_FIELDS(Pool, id, event_id, name, size, sold, reserved, available, specification_ids, created)
TICKETCORE_JSON_FIELDS(Product, id, name, names, description, price, vat_rate, stock, sold, reserved, available,
                       is_active, created)
inline void to_json(Json& json, SeatStatus status) {
    json = std::string(to_string(status));
}
inline void from_json(const Json& json, SeatStatus& status) {
    status = seat_status_from_string(json.get<std::string>());
}
TICKETCORE_JSON_FIELDS(SeatMap, id, event_id, name, created)
TICKETCORE_JSON_FIELDS(NewSeat, section, row, number, label, ticket_type_ids)
TICKETCORE_JSON_FIELDS(Seat, id, seatmap_id, section, row, number, label, ticket_type_ids, status)
TICKETCORE_JSON_FIELDS(Volume, id, seatmap_id, name, capacity, sold, reserved, available, ticket_type_ids)
TICKETCORE_JSON_FIELDS(AuditEntry, sequence, at, actor_id, organization_id, operation, entity_type, entity_id, payload)
TICKETCORE_JSON_FIELDS(Buyer, id, user_id, name, email, phone, avatar_url)
TICKETCORE_JSON_FIELDS(OrderLine, id, ticket_specification_id, amount, unit_price, subtotal, discount, platform_fee,
                       percentage_fee, vat, total)
TICKETCORE_JSON_FIELDS(PriceBreakdown, subtotal, discount, platform_fee, percentage_fee, vat, total)
TICKETCORE_JSON_FIELDS(BuyOrder, id, event_id, buyer_id, state, comment, created, expires, paid_at, payment_gateway,
                       charge_session_id, promo_code, paid_without_capacity, event_tickets, price, ticket_ids)
TICKETCORE_JSON_FIELDS(EventTicketDate, id, event_date_id, is_redeemed, time_of_redemption, redeemed_by)
TICKETCORE_JSON_FIELDS(EventTicket, id, event_id, ticket_specification_id, kind, state, order_id, buyer_id, holder_name,
                       holder_email, note, purchase_date, is_refunded, is_refund_in_progress, event_dates, created,
                       generation, transferred_from, transferred_to)
TICKETCORE_JSON_FIELDS(Revocation, ticket_id, generation)
inline void to_json(Json& json, ScanDirection direction) {
    json = std::string(to_string(direction));
}
inline void from_json(const Json& json, ScanDirection& direction) {
    direction = scan_direction_from_string(json.get<std::string>());
}
inline void to_json(Json& json, DoorRefusal refusal) {
    json = std::string(to_string(refusal));
}
inline void from_json(const Json& json, DoorRefusal& refusal) {
    refusal = door_refusal_from_string(json.get<std::string>());
}
inline void to_json(Json& json, ScanSource source) {
    json = std::string(to_string(source));
}
inline void from_json(const Json& json, ScanSource& source) {
    source = scan_source_from_string(json.get<std::string>());
}
inline void to_json(Json& json, InspectorKind kind) {
    json = std::string(to_string(kind));
}
inline void from_json(const Json& json, InspectorKind& kind) {
    kind = inspector_kind_from_string(json.get<std::string>());
}
TICKETCORE_JSON_FIELDS(BoardMember, id, name, email, phone_number, created)
inline void to_json(Json& json, PosReaderStatus status) {
    json = std::string(to_string(status));
}
inline void from_json(const Json& json, PosReaderStatus& status) {
    status = pos_reader_status_from_string(json.get<std::string>());
}
TICKETCORE_JSON_FIELDS(PosReader, id, label, status, created)
TICKETCORE_JSON_FIELDS(User, id, name, pos_reader, created)
TICKETCORE_JSON_FIELDS(TicketInspector, id, event_id, kind, board_member_id, name, email, phone_number, admissions,
                       created)
TICKETCORE_JSON_FIELDS(DoorVerdict, refusal, ticket_id, event_date_id)
TICKETCORE_JSON_FIELDS(Scan, id, event_id, ticket_id, ticket_date_id, event_date_id, inspector_id, scan_point,
                       direction, nonce, refusal, at, entries, inside, source, conflict)
TICKETCORE_JSON_FIELDS(ScanOutcome, scan, error_code, error_message)
TICKETCORE_JSON_FIELDS(OfflineScan, nonce, ticket, inspector_id, scan_point, direction, at, refusal, ticket_id,
                       event_date_id, entries, inside)
TICKETCORE_JSON_FIELDS(ImportedScan, nonce, scan, replayed, error_code, error_message)
TICKETCORE_JSON_FIELDS(ScanImport, scans, recorded, replayed, conflicts, failed)
TICKETCORE_JSON_FIELDS(AttendanceDate, id, event_date_id, is_redeemed, time_of_redemption, redeemed_by, inspector_name,
                       inspector_kind, entries, inside)
TICKETCORE_JSON_FIELDS(AttendanceTicket, id, ticket_specification_id, specification_name, buyer_id, holder_name,
                       holder_email, state, is_refunded, is_refund_in_progress, event_dates)
TICKETCORE_JSON_FIELDS(TicketHolder, id, event_id, issue_time, user, tickets, buy_orders)
TICKETCORE_JSON_FIELDS(HolderPage, total_count, nodes, has_next_page, end_cursor)
TICKETCORE_JSON_FIELDS(Address, street, postal_code, city, country)
TICKETCORE_JSON_FIELDS(CustomerData, first_name, last_name, email, phone, company, address, newsletter, values)
TICKETCORE_JSON_FIELDS(SaleItem, id, kind, name, names, quantity, unit_price, price, discount, vat_rate, vat, event_id,
                       ticket_type_id, product_id, seatmap_id, seat_id, seat_label, volume_id, promo_code, percent_off,
                       reason, can_be_removed)
TICKETCORE_JSON_FIELDS(SaleItemGroup, event_id, items)
TICKETCORE_JSON_FIELDS(PaymentTypeOption, type, available, reason)
TICKETCORE_JSON_FIELDS(Sale, id, number, state, created_at, creator, committed_at, committer, canceled_at, expiration,
                       updated_at, payment_type, payment_reference, customer_data, items, line_items, events,
                       fee_base_total, grand_total, payment_options, order_ids, ticket_ids, ticket_seats, refund_ids,
                       invoice_download_url, tickets_download_url)
TICKETCORE_JSON_FIELDS(PosPayment, id, sale_id, reader_id, status, amount, created, closed)
TICKETCORE_JSON_FIELDS(PosPaymentResult, payment, sale)
TICKETCORE_JSON_FIELDS(SaleEdge, cursor, node)
TICKETCORE_JSON_FIELDS(SaleConnection, edges, has_next_page, end_cursor, total_count)
TICKETCORE_JSON_FIELDS(RefundedTicket, ticket_id, amount)
TICKETCORE_JSON_FIELDS(Refund, id, event_id, order_id, ticket_id, state, amount, fees_included, allow_redeemed, note,
                       tickets, payment_reference, payment_gateway, gateway_reference, failure_reason, created, closed)
template <typename Node>
void to_json(Json& json, const Page<Node>& page) {
    json = Json{{"nodes", page.nodes}, {"has_next_page", page.has_next_page}, {"end_cursor", page.end_cursor}};
}
template <typename Node>
void from_json(const Json& json, Page<Node>& page) {
    json.at("nodes").get_to(page.nodes);
    json.at("has_next_page").get_to(page.has_next_page);
    json.at("end_cursor").get_to(page.end_cursor);
}
TICKETCORE_JSON_FIELDS(PromoCode, id, event_id, code, percent_off, amount_off, usage_limit, uses, valid_from,
                       valid_until, specification_ids, unlocks, created)
TICKETCORE_JSON_FIELDS(OutboxEvent, sequence, topic, entity_id, payload, created)
TICKETCORE_JSON_FIELDS(CounterMismatch, entity_type, entity_id, counter, stored, recounted)
TICKETCORE_JSON_FIELDS(CapacityExcess, entity_type, entity_id, capacity, taken)
TICKETCORE_JSON_FIELDS(IntegrityReport, specifications_checked, pools_checked, mismatches, over_capacity,
                       products_checked)

/// @brief A pickled value's JSON parsed strictly: malformed JSON, a fractional number or an
/// integer beyond 64 bits is a ValidationError `invalid_snapshot` (never a truncation, nor the
/// undefined conversion nlohmann makes of an out-of-range float).
Json parse_snapshot(std::string_view text);

/// @brief `json` (from parse_snapshot) read as T; a field of the wrong shape is a ValidationError
/// `invalid_snapshot`, a value that breaks T's rules the error T's constructor gives.
template <typename T>
T snapshot_as(const Json& json) {
    try {
        return json.template get<T>();
    } catch (const nlohmann::json::exception& error) {
        throw fail::invalid_snapshot(error.what());
    }
}

}  // namespace ticketcore
