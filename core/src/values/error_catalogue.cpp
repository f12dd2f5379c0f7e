#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::fail {

namespace {

std::string text(std::string_view view) {
    return std::string(view);
}

/// A value as quoted in a message.
std::string quoted(std::string_view value) {
    return "'" + text(value) + "'";
}

/// An amount or id typed by a user as quoted in a message: long inputs are cut, so a refusal stays short.
std::string quoted_amount(std::string_view value) {
    constexpr std::size_t shown = 40;
    return "'" + text(value.substr(0, shown)) + (value.size() > shown ? "...'" : "'");
}

/// "250.00 DKK".
std::string shown(const Money& amount) {
    return amount.to_decimal_string() + " " + text(amount.currency().code());
}

}  // namespace

// ---- values

ValidationError money_overflow() {
    return ValidationError("money_overflow", "Money amount is out of range");
}

ValidationError invalid_money_amount(std::string_view value) {
    return ValidationError("invalid_amount", "Invalid money amount: " + quoted_amount(value));
}

ValidationError amount_not_positive(std::string_view field) {
    return ValidationError("invalid_amount", text(field) + " must be greater than zero");
}

ValidationError too_many_decimals(std::string_view value, std::string_view currency, int exponent) {
    return ValidationError("too_many_decimals", "Amount " + quoted_amount(value) + " has more decimal places than " +
                                                    text(currency) + " allows (" + std::to_string(exponent) + ")");
}

ValidationError currencies_combined(std::string_view first, std::string_view second) {
    return ValidationError("currency_mismatch", "Cannot combine " + text(first) + " and " + text(second));
}

ValidationError currency_not_expected(std::string_view given, std::string_view expected) {
    return ValidationError("currency_mismatch",
                           "Amount in " + text(given) + " where " + text(expected) + " is expected");
}

ValidationError promo_code_currency_differs() {
    return ValidationError("currency_mismatch", "Promo code currency differs from the order's");
}

ValidationError rate_out_of_range(std::string_view field, std::int64_t minimum) {
    return ValidationError("invalid_rate", text(field) + " must be between " + std::to_string(minimum) + " and " +
                                               std::to_string(BasisPoints::max) + " basis points");
}

ValidationError negative_vat_rate() {
    return ValidationError("invalid_rate", "A VAT rate cannot be negative");
}

ValidationError allocation_without_weights() {
    return ValidationError("invalid_allocation", "Allocation needs at least one weight");
}

ValidationError allocation_too_many_parts(std::size_t max_parts) {
    return ValidationError("invalid_allocation", "Allocation into more than " + std::to_string(max_parts) + " parts");
}

ValidationError allocation_negative_weight() {
    return ValidationError("invalid_allocation", "Allocation weights cannot be negative");
}

ValidationError allocation_zero_weights() {
    return ValidationError("invalid_allocation", "Allocation weights cannot all be zero");
}

ValidationError split_without_parts() {
    return ValidationError("invalid_allocation", "Split needs at least one part");
}

ValidationError split_too_many_parts(std::size_t max_parts) {
    return ValidationError("invalid_allocation", "Split into more than " + std::to_string(max_parts) + " parts");
}

ValidationError unknown_currency(std::string_view code) {
    return ValidationError("unknown_currency", "Unknown currency: " + quoted(code));
}

ValidationError unknown_rounding_mode(std::string_view name) {
    return ValidationError("unknown_rounding_mode", "Unknown rounding mode: " + quoted(name));
}

ValidationError division_by_zero() {
    return ValidationError("division_by_zero", "Division by zero");
}

ValidationError unknown_time_zone(std::string_view zone) {
    return ValidationError("unknown_time_zone", "Unknown time zone: " + quoted(zone));
}

ValidationError instant_out_of_range(std::string_view field) {
    return ValidationError("instant_out_of_range", text(field) +
                                                       " is out of range: instants lie between 0001-01-01T00:00:00Z "
                                                       "and 9999-12-31T23:59:59.999999Z");
}

ValidationError number_out_of_range(std::string_view field) {
    return ValidationError("number_out_of_range", text(field) + " is out of range");
}

ValidationError negative_number(std::string_view field) {
    return ValidationError("negative_number", text(field) + " cannot be negative");
}

ValidationError actor_id_required() {
    return ValidationError("actor_id_required", "Actor id is required");
}

ValidationError actor_organization_empty() {
    return ValidationError("organization_required", "Actor organization cannot be empty");
}

PermissionDeniedError organization_required(std::string_view actor_id) {
    return PermissionDeniedError("organization_required",
                                 "Actor " + quoted(actor_id) + " does not belong to an organization");
}

ValidationError unknown_scope(std::string_view name) {
    return ValidationError("unknown_scope", "Unknown scope: " + quoted(name));
}

ValidationError platform_admin_in_organization() {
    return ValidationError("invalid_actor",
                           "platform:admin is only for platform actors, which have no organization: "
                           "remove it from scopes");
}

PermissionDeniedError missing_scope(std::string_view actor_id, std::string_view scope) {
    return PermissionDeniedError("missing_scope", "Actor " + quoted(actor_id) + " lacks the scope " + quoted(scope));
}

PermissionDeniedError missing_scopes(std::string_view actor_id, std::string_view scope, std::string_view other) {
    return PermissionDeniedError(
        "missing_scope", "Actor " + quoted(actor_id) + " lacks the scope " + quoted(scope) + " or " + quoted(other));
}

PermissionDeniedError other_organization(std::string_view actor_id, std::string_view organization) {
    return PermissionDeniedError("other_organization",
                                 "Actor " + quoted(actor_id) + " may not access organization " + quoted(organization));
}

ValidationError invalid_snapshot(std::string_view reason) {
    return ValidationError("invalid_snapshot", "Cannot restore the pickled value: " + text(reason));
}

ValidationError snapshot_minor_units_not_integer() {
    return ValidationError("invalid_snapshot", "Money's minor units must be an integer");
}

ValidationError snapshot_instant_not_integer() {
    return ValidationError("invalid_snapshot", "An instant must be an integer of microseconds");
}

StorageError random_failed() {
    return StorageError("random_failed", "OpenSSL could not produce random bytes");
}

ValidationError invalid_key_length(std::string_view field, std::size_t expected, std::size_t given) {
    return ValidationError(
        "invalid_key", text(field) + " must be " + std::to_string(expected) + " bytes, not " + std::to_string(given));
}

StorageError crypto_failed(std::string_view action) {
    return StorageError("crypto_failed", "OpenSSL could not " + text(action));
}

ValidationError invalid_id(std::string_view field, std::string_view value) {
    return ValidationError("invalid_id", text(field) + " is not a UUID: " + quoted_amount(value));
}

// ---- text

ValidationError text_contains_nul(std::string_view field) {
    return ValidationError("invalid_text", text(field) + " cannot contain NUL characters");
}

ValidationError text_not_unicode(std::string_view field) {
    return ValidationError("invalid_text",
                           text(field) + " is not valid Unicode text (a lone surrogate or malformed UTF-8)");
}

ValidationError operation_text_not_utf8() {
    return ValidationError("invalid_text", "Text must be valid UTF-8: a value of this operation is not");
}

ValidationError text_too_long(std::string_view field, std::size_t max_length) {
    return ValidationError("text_too_long",
                           text(field) + " is longer than " + std::to_string(max_length) + " characters");
}

ValidationError text_has_control(std::string_view field) {
    return ValidationError("invalid_text", text(field) + " cannot contain control characters");
}

ValidationError name_required() {
    return ValidationError("name_required", "Name is required");
}

ValidationError name_required_for_locale(std::string_view locale) {
    return ValidationError("name_required", "Name for locale " + quoted(locale) + " is required");
}

ValidationError locale_required() {
    return ValidationError("invalid_locale", "Locale cannot be empty");
}

ValidationError empty_label(std::string_view field) {
    return ValidationError("empty_label", text(field) + " cannot contain empty values");
}

ValidationError user_id_required() {
    return ValidationError("user_id_required", "User id cannot be empty");
}

ValidationError invalid_email(std::string_view email) {
    return ValidationError("invalid_email", "Invalid e-mail address: " + quoted(email));
}

ValidationError unknown_event_state(std::string_view value) {
    return ValidationError("unknown_event_state", "Unknown event state: " + quoted(value));
}

ValidationError unknown_order_state(std::string_view value) {
    return ValidationError("unknown_order_state", "Unknown order state: " + quoted(value));
}

ValidationError unknown_ticket_kind(std::string_view value) {
    return ValidationError("unknown_ticket_kind", "Unknown ticket kind: " + quoted(value));
}

ValidationError unknown_ticket_state(std::string_view value) {
    return ValidationError("unknown_ticket_state", "Unknown ticket state: " + quoted(value));
}

ValidationError unknown_key_state(std::string_view value) {
    return ValidationError("unknown_key_state", "Unknown key state: " + quoted(value));
}

ValidationError unknown_visibility(std::string_view value) {
    return ValidationError("unknown_visibility", "Unknown visibility: " + quoted(value));
}

// ---- organizations and events

NotFoundError organization_not_found(std::string_view id) {
    return NotFoundError("organization_not_found", "Organization with id: " + text(id) + " not found.");
}

NotFoundError event_not_found(std::string_view id) {
    return NotFoundError("event_not_found", "Event with id: " + text(id) + " not found.");
}

ValidationError negative_fee() {
    return ValidationError("negative_fee", "Platform fee cannot be negative");
}

ValidationError invalid_date_range() {
    return ValidationError("invalid_date_range", "Event date must end after it starts");
}

ConflictError event_completed(std::string_view action) {
    return ConflictError("event_completed", "Cannot " + text(action) + " an event, which is completed");
}

ConflictError event_published(std::string_view action) {
    return ConflictError("event_published", "Cannot " + text(action) + " an event, which has already been published");
}

ConflictError event_not_published(std::string_view action) {
    return ConflictError("event_not_published", "Cannot " + text(action) + " an event, which is not published");
}

ConflictError event_without_dates() {
    return ConflictError("event_without_dates", "Cannot publish an event without dates");
}

NotFoundError key_not_found(std::string_view key_id) {
    return NotFoundError("key_not_found", "Signing key " + text(key_id) + " not found.");
}

ValidationError invalid_key_id() {
    return ValidationError("invalid_key_id", "key_id must be 16 lowercase hex digits");
}

ConflictError too_many_keys(std::size_t max_keys) {
    return ConflictError("too_many_keys", "An organization keeps at most " + std::to_string(max_keys) +
                                              " signing keys that are not retired: retire one first");
}

ConflictError active_key(std::string_view key_id) {
    return ConflictError("active_key",
                         "Signing key " + text(key_id) + " is the active key: rotate to a new key before retiring it");
}

ConflictError key_retired(std::string_view key_id) {
    return ConflictError("key_retired", "Signing key " + text(key_id) + " is already retired");
}

// ---- ticket specifications and capacity pools

NotFoundError specification_not_found(std::string_view id) {
    return NotFoundError("specification_not_found", "Ticket specification with id: " + text(id) + " not found.");
}

ValidationError specification_other_event(std::string_view id) {
    return ValidationError("specification_other_event",
                           "Ticket specification with id: " + text(id) + " belongs to another event");
}

ConflictError specification_active() {
    return ConflictError("specification_active", "Cannot edit activated ticket specification");
}

ConflictError specification_inactive(std::string_view id) {
    return ConflictError("specification_inactive", "Ticket specification with id: " + text(id) + " is not active");
}

ConflictError specification_sold(std::string_view id) {
    return ConflictError("specification_sold",
                         "Tickets for ticket specification with id: " + text(id) + " has already been sold.");
}

ValidationError price_below_minimum() {
    return ValidationError("price_below_minimum", "Price must be 0 or at least 1000");
}

ValidationError maximum_per_user_above_quota() {
    return ValidationError("too_many_tickets_per_user", "Too many tickets per user");
}

CapacityError too_many_tickets_per_user() {
    return CapacityError("too_many_tickets_per_user", "Too many tickets per user");
}

ValidationError invalid_sale_window() {
    return ValidationError("invalid_sale_window", "Sale end must be after sale start");
}

ValidationError reentry_not_allowed() {
    return ValidationError("reentry_not_allowed", "Re-entry limit requires allow_reentry");
}

ValidationError invalid_reentry_limit() {
    return ValidationError("invalid_reentry_limit", "Re-entry limit must be at least 1");
}

CapacityError quota_below_taken(std::int64_t taken) {
    return CapacityError("quota_below_taken", "Number of tickets for sale cannot be less than the " +
                                                  std::to_string(taken) + " tickets sold or reserved");
}

NotFoundError pool_not_found(std::string_view id) {
    return NotFoundError("pool_not_found", "Capacity pool with id: " + text(id) + " not found.");
}

ValidationError pool_other_event(std::string_view specification_id) {
    return ValidationError("pool_other_event", "Ticket specification with id: " + text(specification_id) +
                                                   " belongs to another event than the pool");
}

ValidationError duplicate_member(std::string_view specification_id) {
    return ValidationError("duplicate_member",
                           "Ticket specification with id: " + text(specification_id) + " is listed twice");
}

ConflictError already_member(std::string_view specification_id) {
    return ConflictError("already_member",
                         "Ticket specification with id: " + text(specification_id) + " already draws from this pool");
}

NotFoundError not_member(std::string_view specification_id) {
    return NotFoundError("not_member",
                         "Ticket specification with id: " + text(specification_id) + " does not draw from this pool");
}

CapacityError pool_below_taken(std::int64_t taken) {
    return CapacityError("pool_below_taken",
                         "Pool size cannot be less than the " + std::to_string(taken) + " tickets sold or reserved");
}

ConflictError pool_in_use() {
    return ConflictError("pool_in_use", "Cannot remove a capacity pool with tickets sold or reserved");
}

CapacityError sold_out(std::string_view specification_id) {
    return CapacityError("sold_out",
                         "Not enough tickets available for ticket specification with id: " + text(specification_id));
}

CapacityError pool_sold_out(std::string_view pool_id) {
    return CapacityError("pool_sold_out", "Not enough tickets available in capacity pool with id: " + text(pool_id));
}

// ---- seat maps: seats and volumes

NotFoundError seatmap_not_found(std::string_view id) {
    return NotFoundError("seatmap_not_found", "Seat map with id: " + text(id) + " not found.");
}

NotFoundError seat_not_found(std::string_view id) {
    return NotFoundError("seat_not_found", "Seat with id: " + text(id) + " not found in this seat map.");
}

NotFoundError volume_not_found(std::string_view id) {
    return NotFoundError("volume_not_found", "Volume with id: " + text(id) + " not found in this seat map.");
}

CapacityError seat_taken(std::string_view label) {
    return CapacityError("seat_taken", "Seat " + text(label) + " is already taken");
}

CapacityError volume_sold_out(std::string_view name) {
    return CapacityError("volume_sold_out", "Not enough tickets available in volume " + text(name));
}

ValidationError seat_not_for_ticket_type(std::string_view label, std::string_view specification_id) {
    return ValidationError(
        "seat_not_for_ticket_type",
        "Seat " + text(label) + " is not for ticket specification with id: " + text(specification_id));
}

ValidationError volume_not_for_ticket_type(std::string_view name, std::string_view specification_id) {
    return ValidationError(
        "volume_not_for_ticket_type",
        "Volume " + text(name) + " is not for ticket specification with id: " + text(specification_id));
}

ValidationError seatmap_other_event(std::string_view specification_id) {
    return ValidationError("seatmap_other_event", "Ticket specification with id: " + text(specification_id) +
                                                      " belongs to another event than the seat map");
}

ConflictError seat_exists(std::string_view section, std::string_view row, std::string_view number) {
    return ConflictError("seat_exists", "Seat " + text(section) + " / " + text(row) + " / " + text(number) +
                                            " already exists in this seat map");
}

ValidationError duplicate_seat(std::string_view section, std::string_view row, std::string_view number) {
    return ValidationError("duplicate_seat",
                           "Seat " + text(section) + " / " + text(row) + " / " + text(number) + " is listed twice");
}

ValidationError seats_required() {
    return ValidationError("seats_required", "At least one seat is required");
}

ValidationError seat_batch_too_large(std::int64_t max_batch) {
    return ValidationError("batch_too_large", "At most " + std::to_string(max_batch) + " seats per call");
}

ValidationError seat_field_required(std::string_view field) {
    return ValidationError("seat_field_required", text(field) + " is required");
}

ValidationError duplicate_ticket_type(std::string_view specification_id) {
    return ValidationError("duplicate_ticket_type", "Ticket specification with id: " + text(specification_id) +
                                                        " is listed twice in ticket_type_ids");
}

NotFoundError claim_not_found(std::string_view claim_id) {
    return NotFoundError("claim_not_found", "Inventory claim " + text(claim_id) + " not found");
}

ConflictError claim_not_reserved(std::string_view claim_id, std::string_view state) {
    return ConflictError("claim_not_reserved", "Inventory claim " + text(claim_id) + " is " + text(state));
}

// ---- products and their stock

NotFoundError product_not_found(std::string_view id) {
    return NotFoundError("product_not_found", "Product with id: " + text(id) + " not found.");
}

ConflictError product_inactive(std::string_view id) {
    return ConflictError("product_inactive", "Product with id: " + text(id) + " is not active");
}

ConflictError stock_below_taken(std::int64_t taken) {
    return ConflictError("stock_below_taken",
                         "Stock cannot be less than the " + std::to_string(taken) + " sold or reserved");
}

CapacityError product_sold_out(std::string_view name, std::string_view id, std::int64_t left) {
    return CapacityError("product_sold_out", "Not enough stock of product " + quoted(name) + " (id: " + text(id) +
                                                 "): " + std::to_string(left) + " left");
}

NotFoundError product_claim_not_found(std::string_view claim_id) {
    return NotFoundError("claim_not_found", "Product claim " + text(claim_id) + " not found");
}

ConflictError product_claim_not_reserved(std::string_view claim_id, std::string_view state) {
    return ConflictError("claim_not_reserved", "Product claim " + text(claim_id) + " is " + text(state));
}

// ---- orders, payments, promo codes, idempotency

ValidationError no_items() {
    return ValidationError("no_items", "An order needs at least one item");
}

ValidationError invalid_quantity() {
    return ValidationError("invalid_quantity", "Quantity must be greater than 0");
}

ValidationError order_too_large(std::int64_t max_tickets) {
    return ValidationError("order_too_large", "An order holds at most " + std::to_string(max_tickets) + " tickets");
}

ConflictError sale_not_started(std::string_view specification_id) {
    return ConflictError("sale_not_started",
                         "Sale of ticket specification with id: " + text(specification_id) + " has not started");
}

ConflictError sale_ended(std::string_view specification_id) {
    return ConflictError("sale_ended",
                         "Sale of ticket specification with id: " + text(specification_id) + " has ended");
}

PermissionDeniedError specification_locked(std::string_view specification_id) {
    return PermissionDeniedError(
        "specification_locked", "Ticket specification with id: " + text(specification_id) + " requires an access code");
}

NotFoundError order_not_found(std::string_view id) {
    return NotFoundError("order_not_found", "Order with id: " + text(id) + " not found.");
}

ConflictError order_not_pending(std::string_view state) {
    return ConflictError("order_not_pending", "Only a pending order can be cancelled; this one is " + text(state));
}

ConflictError order_already_paid(std::string_view order_id) {
    return ConflictError("order_already_paid",
                         "Order with id: " + text(order_id) + " has already been paid with another payment reference");
}

ValidationError amount_mismatch(const Money& paid, std::string_view what, const Money& expected) {
    return ValidationError("amount_mismatch", "Payment of " + shown(paid) + " does not match the " + text(what) +
                                                  " of " + shown(expected));
}

ValidationError payment_ref_required() {
    return ValidationError("payment_ref_required", "Payment reference is required");
}

ValidationError gateway_required() {
    return ValidationError("gateway_required", "Payment gateway is required");
}

ValidationError payment_method_required() {
    return ValidationError("payment_method_required", "Payment method is required");
}

ValidationError now_in_future() {
    return ValidationError("now_in_future", "expire_due cannot sweep at a time after the store's clock");
}

ValidationError promo_code_length(std::size_t max_length) {
    return ValidationError("invalid_promo_code", "A promo code has 1 to " + std::to_string(max_length) + " characters");
}

ValidationError promo_code_has_space() {
    return ValidationError("invalid_promo_code", "A promo code cannot contain spaces or control characters");
}

ValidationError conflicting_reductions() {
    return ValidationError("conflicting_reductions", "A promo code takes a percentage or an amount off, not both");
}

ValidationError promo_code_without_effect() {
    return ValidationError("promo_code_without_effect", "A promo code needs a reduction or specifications to unlock");
}

ValidationError invalid_validity_window() {
    return ValidationError("invalid_validity_window", "valid_until must be after valid_from");
}

ConflictError promo_code_exists(std::string_view code) {
    return ConflictError("promo_code_exists", "Promo code " + quoted(code) + " already exists for this event");
}

NotFoundError promo_code_not_found(std::string_view id) {
    return NotFoundError("promo_code_not_found", "Promo code with id: " + text(id) + " not found.");
}

NotFoundError promo_code_not_found_by_code(std::string_view code) {
    return NotFoundError("promo_code_not_found", "Promo code " + quoted(code) + " not found.");
}

ConflictError promo_code_not_valid_yet(std::string_view code) {
    return ConflictError("promo_code_not_valid_yet", "Promo code " + quoted(code) + " is not valid yet");
}

ConflictError promo_code_expired(std::string_view code) {
    return ConflictError("promo_code_expired", "Promo code " + quoted(code) + " has expired");
}

CapacityError promo_code_used_up(std::string_view code) {
    return CapacityError("promo_code_used_up", "Promo code " + quoted(code) + " has been used up");
}

ValidationError idempotency_key_blank() {
    return ValidationError("invalid_idempotency_key", "idempotency_key cannot be empty or blank");
}

ValidationError idempotency_key_too_long(std::size_t max_length) {
    return ValidationError("invalid_idempotency_key",
                           "idempotency_key is longer than " + std::to_string(max_length) + " characters");
}

ValidationError idempotency_key_has_control() {
    return ValidationError("invalid_idempotency_key", "idempotency_key cannot contain control characters");
}

ConflictError idempotency_key_reused(std::string_view key) {
    return ConflictError("idempotency_key_reused",
                         "Idempotency key " + quoted(key) + " was already used with different parameters");
}

// ---- tickets

NotFoundError ticket_not_found(std::string_view id) {
    return NotFoundError("ticket_not_found", "Ticket with id: " + text(id) + " not found.");
}

ValidationError no_holders() {
    return ValidationError("no_holders", "A comp needs at least one holder");
}

ValidationError batch_too_large(std::int64_t max_batch) {
    return ValidationError("batch_too_large", "At most " + std::to_string(max_batch) + " tickets per call");
}

ConflictError ticket_already_activated(std::string_view id) {
    return ConflictError("ticket_already_activated", "Ticket with id: " + text(id) + " is already activated");
}

ConflictError ticket_not_activated(std::string_view id) {
    return ConflictError("ticket_not_activated", "Ticket with id: " + text(id) + " has not been activated");
}

ConflictError ticket_cancelled(std::string_view id) {
    return ConflictError("ticket_cancelled", "Ticket with id: " + text(id) + " has been cancelled");
}

ConflictError ticket_refunded(std::string_view id) {
    return ConflictError("ticket_refunded", "Ticket with id: " + text(id) + " has been refunded");
}

ValidationError buyer_lookup_required() {
    return ValidationError("invalid_buyer_lookup", "Pass user_id or email, exactly one");
}

// ---- refunds

ValidationError unknown_refund_state(std::string_view value) {
    return ValidationError("unknown_refund_state", "Unknown refund state: " + quoted(value));
}

ValidationError refund_target_required() {
    return ValidationError("invalid_refund_target", "Pass ticket_id or order_id, exactly one");
}

NotFoundError refund_not_found(std::string_view id) {
    return NotFoundError("refund_not_found", "Refund with id: " + text(id) + " not found.");
}

ConflictError refund_in_progress(std::string_view ticket_id) {
    return ConflictError("refund_in_progress", "Ticket with id: " + text(ticket_id) + " has a refund in progress");
}

ConflictError order_refund_in_progress(std::string_view order_id) {
    return ConflictError("refund_in_progress", "Order with id: " + text(order_id) + " has a refund in progress");
}

ConflictError ticket_redeemed(std::string_view ticket_id) {
    return ConflictError("ticket_redeemed",
                         "Ticket with id: " + text(ticket_id) + " has been redeemed; pass allow_redeemed to refund it");
}

ConflictError nothing_to_refund_ticket(std::string_view ticket_id) {
    return ConflictError("nothing_to_refund",
                         "Ticket with id: " + text(ticket_id) + " was not paid for: there is nothing to refund");
}

ConflictError nothing_to_refund_order(std::string_view order_id) {
    return ConflictError("nothing_to_refund", "Order with id: " + text(order_id) + " has nothing to refund");
}

ConflictError order_not_paid(std::string_view order_id, std::string_view state) {
    return ConflictError("order_not_paid", "Order with id: " + text(order_id) + " is " + text(state) +
                                               ": only a paid order can be refunded");
}

ConflictError order_refunded(std::string_view order_id) {
    return ConflictError("order_refunded", "Order with id: " + text(order_id) + " has been refunded");
}

ValidationError refund_exceeds_paid(const Money& amount, const Money& refundable) {
    return ValidationError("refund_exceeds_paid",
                           "A refund of " + shown(amount) + " exceeds the " + shown(refundable) + " refundable");
}

ConflictError refund_not_in_progress(std::string_view refund_id, std::string_view state) {
    return ConflictError("refund_not_in_progress",
                         "Refund with id: " + text(refund_id) + " is " + text(state) + ", not in progress");
}

ValidationError refund_reason_required() {
    return ValidationError("refund_reason_required", "A failed refund needs a reason");
}

ValidationError gateway_reference_blank() {
    return ValidationError("invalid_gateway_reference", "gateway_reference cannot be empty or blank");
}

// ---- the door

ValidationError invalid_direction(std::string_view text) {
    return ValidationError("invalid_direction", "direction must be 'in' or 'out', got " + quoted_amount(text));
}

ValidationError invalid_scan_source(std::string_view text) {
    return ValidationError("invalid_scan_source",
                           "scan source must be 'online' or 'offline', got " + quoted_amount(text));
}

ValidationError inspector_id_required() {
    return ValidationError("inspector_id_required", "Inspector id is required");
}

ValidationError invalid_scanner_export(std::string_view why) {
    return ValidationError("invalid_scanner_export", "Not a scanner export: " + text(why));
}

ValidationError invalid_offline_scans(std::string_view why) {
    return ValidationError("invalid_offline_scans", "Not a list of offline scans: " + text(why));
}

ValidationError unknown_inspector_kind(std::string_view value) {
    return ValidationError("unknown_inspector_kind", "Unknown ticket inspector kind: " + quoted_amount(value));
}

ValidationError unknown_door_refusal(std::string_view value) {
    return ValidationError("unknown_door_refusal", "Unknown door refusal: " + quoted_amount(value));
}

ValidationError scan_point_blank() {
    return ValidationError("invalid_scan_point", "scan_point cannot be blank");
}

ValidationError nonce_blank() {
    return ValidationError("invalid_nonce", "nonce cannot be blank");
}

ValidationError nonce_has_control() {
    return ValidationError("invalid_nonce", "nonce cannot contain control characters");
}

ValidationError door_batch_too_large(std::int64_t max_batch) {
    return ValidationError("batch_too_large", "At most " + std::to_string(max_batch) + " scans per call");
}

ValidationError phone_number_required() {
    return ValidationError("phone_number_required", "Phone number is required");
}

NotFoundError ticket_inspector_not_found(std::string_view id) {
    return NotFoundError("ticket_inspector_not_found", "Ticket inspector with id: " + text(id) + " not found.");
}

NotFoundError board_member_not_found(std::string_view id) {
    return NotFoundError("board_member_not_found", "Board member with id: " + text(id) + " not found.");
}

ConflictError inspector_has_check_ins() {
    return ConflictError("inspector_has_check_ins",
                         "Cannot remove ticket inspector, who has already checked-in tickets");
}

ConflictError inspector_other_event(std::string_view inspector_id, std::string_view ticket_id) {
    return ConflictError("inspector_other_event", "Ticket inspector " + text(inspector_id) +
                                                      " does not inspect the event of ticket " + text(ticket_id));
}

ConflictError board_member_already_inspector(std::string_view board_member_id, std::string_view event_id) {
    return ConflictError(
        "board_member_already_inspector",
        "Board member " + text(board_member_id) + " is already a ticket inspector of event " + text(event_id));
}

ConflictError ticket_transferred(std::string_view id, std::string_view new_id) {
    return ConflictError("ticket_transferred",
                         "Ticket with id: " + text(id) + " has been transferred to ticket " + text(new_id));
}

ConflictError ticket_used_at_door(std::string_view id) {
    return ConflictError("ticket_redeemed", "Ticket with id: " + text(id) + " has already been used at the door");
}

ConflictError ticket_not_transferable(std::string_view specification_id) {
    return ConflictError("ticket_not_transferable", "Tickets of ticket specification with id: " +
                                                        text(specification_id) + " cannot be transferred");
}

ConflictError order_not_paid(std::string_view state) {
    return ConflictError("order_not_paid", "Only a paid order's tickets can be cancelled; this one is " + text(state));
}

ConflictError order_tickets_cancelled(std::string_view order_id) {
    return ConflictError("order_tickets_cancelled",
                         "Order with id: " + text(order_id) + " has no ticket left to cancel");
}

// ---- staff users and POS readers

ValidationError label_required() {
    return ValidationError("label_required", "Label is required");
}

ValidationError unknown_pos_reader_status(std::string_view value) {
    return ValidationError("unknown_pos_reader_status", "Unknown POS reader status: " + quoted_amount(value));
}

NotFoundError user_not_found(std::string_view id) {
    return NotFoundError("user_not_found", "User with id: " + text(id) + " not found.");
}

ConflictError user_exists(std::string_view id) {
    return ConflictError("user_exists", "User " + text(id) + " is already a staff user of the organization");
}

NotFoundError pos_reader_not_found(std::string_view id) {
    return NotFoundError("pos_reader_not_found", "POS reader with id: " + text(id) + " not found.");
}

ConflictError pos_reader_label_taken(std::string_view label) {
    return ConflictError("pos_reader_label_taken", "A POS reader labelled " + quoted(label) + " already exists");
}

ConflictError pos_reader_not_active(std::string_view label, std::string_view status) {
    return ConflictError("pos_reader_not_active", "POS reader " + quoted(label) + " is " + text(status) +
                                                      ": only an ACTIVE reader can take a payment");
}

// ---- reads and paging

ValidationError invalid_limit(std::int64_t max_limit) {
    return ValidationError("invalid_limit", "limit must be between 1 and " + std::to_string(max_limit));
}

ValidationError invalid_sequence() {
    return ValidationError("invalid_sequence", "sequence must be at least 1");
}

ValidationError invalid_page_size(std::int64_t max_page) {
    return ValidationError("invalid_page_size", "first must be between 1 and " + std::to_string(max_page));
}

ValidationError invalid_cursor(std::string_view cursor, std::string_view item_of_list) {
    return ValidationError("invalid_cursor", "Cursor " + quoted(cursor) + " is not " + std::string(item_of_list));
}

ConflictError specification_limit_reached(std::int64_t max_specifications) {
    return ConflictError("specification_limit_reached",
                         "An event has at most " + std::to_string(max_specifications) + " ticket specifications");
}

ConflictError pool_limit_reached(std::int64_t max_pools) {
    return ConflictError("pool_limit_reached", "An event has at most " + std::to_string(max_pools) + " capacity pools");
}

// ---- opening a store and the engines

ValidationError path_required() {
    return ValidationError("path_required", "Store path is required");
}

ValidationError invalid_order_hold() {
    return ValidationError("invalid_order_hold", "The order hold must be longer than zero and at most 366 days");
}

ValidationError invalid_busy_timeout(std::int64_t max_ms) {
    return ValidationError("invalid_busy_timeout", "busy_timeout_ms must be between 0 and " + std::to_string(max_ms));
}

ValidationError invalid_pool_size(std::int64_t max_size) {
    return ValidationError("invalid_pool_size", "pool_size must be between 1 and " + std::to_string(max_size));
}

ValidationError option_not_for_engine(std::string_view option, std::string_view engine, std::string_view opened) {
    return ValidationError("option_not_for_engine", std::string(option) + " is an option of " + std::string(engine) +
                                                        " stores; this is a " + std::string(opened) + " store");
}

ValidationError invalid_max_attempts(std::int64_t max_attempts) {
    return ValidationError("invalid_max_attempts",
                           "The attempts of a write must be between 1 and " + std::to_string(max_attempts));
}

ValidationError url_not_postgresql() {
    return ValidationError("invalid_url", "A PostgreSQL store URL starts with postgresql:// or postgres://");
}

ValidationError url_malformed(std::string_view url, std::string_view reason) {
    return ValidationError("invalid_url", "The PostgreSQL URL " + quoted(url) + " is malformed: " + text(reason));
}

ValidationError invalid_schema_version(int target) {
    return ValidationError("invalid_schema_version", "No schema version " + std::to_string(target));
}

StorageError schema_too_new(std::string_view location, int current, int latest, std::string backend) {
    return StorageError("schema_too_new",
                        "Store " + quoted(location) + " has schema version " + std::to_string(current) +
                            ", newer than this ticketcore supports (" + std::to_string(latest) +
                            "); upgrade ticketcore",
                        std::move(backend));
}

StorageError database_busy(int attempts, std::string_view detail, std::string backend, std::string backend_code) {
    return StorageError("database_busy",
                        "The database stayed busy after " + std::to_string(attempts) +
                            (attempts == 1 ? " attempt (" : " attempts (") + text(detail) + ")",
                        std::move(backend), std::move(backend_code));
}

StorageError commit_outcome_unknown(std::string_view detail, std::string_view why, std::string backend,
                                    std::string backend_code) {
    return StorageError("commit_outcome_unknown",
                        "The commit failed (" + text(detail) + "): its outcome is unknown" + text(why) +
                            "; retry with the same idempotency key",
                        std::move(backend), std::move(backend_code));
}

StorageError sqlite_error(std::string_view message, std::string backend_code) {
    return StorageError("sqlite_error", message, "sqlite", std::move(backend_code));
}

StorageError forked_in_memory() {
    return StorageError("forked", "An in-memory store cannot be used after fork()", "sqlite");
}

StorageError postgres_error(std::string_view message, std::string sqlstate) {
    return StorageError("postgres_error", message, "postgresql", std::move(sqlstate));
}

StorageError cannot_connect(std::string_view location, std::string_view reason) {
    return StorageError("connection_failed",
                        "Cannot connect to the PostgreSQL server of " + quoted(location) + ": " + text(reason),
                        "postgresql", "08001");
}

StorageError connection_lost(std::string_view location, std::string_view reason, std::string sqlstate) {
    return StorageError("connection_failed",
                        "The connection to the PostgreSQL server of " + quoted(location) + " was lost: " + text(reason),
                        "postgresql", std::move(sqlstate));
}

StorageError not_sql() {
    return StorageError("not_sql", "This test hook needs a SQL engine");
}

ValidationError amount_not_finite() {
    return ValidationError("invalid_amount", "Money amount must be finite");
}

ValidationError number_beyond_64_bits(std::string_view field) {
    return ValidationError("number_out_of_range", text(field) + " is out of range (it must fit in 64 bits)");
}

ValidationError date_part_out_of_range(std::string_view field, std::int64_t low, std::int64_t high) {
    return ValidationError("invalid_date",
                           text(field) + " must be between " + std::to_string(low) + " and " + std::to_string(high));
}

ValidationError day_out_of_month() {
    return ValidationError("invalid_date", "day is out of range for month");
}

ValidationError invalid_qr_payload() {
    return ValidationError("invalid_qr_payload",
                           "payload must be a ticket QR payload: 'TC:' and at most 256 characters of the QR code's "
                           "alphanumeric set");
}

ValidationError qr_size_out_of_range(std::string_view field, std::int64_t low, std::int64_t high) {
    return ValidationError("invalid_qr_size",
                           text(field) + " must be between " + std::to_string(low) + " and " + std::to_string(high));
}

ValidationError unknown_snapshot_type(std::string_view type_name) {
    return ValidationError("invalid_snapshot", "Cannot restore a " + quoted(type_name));
}

ValidationError quota_given_twice() {
    return ValidationError("conflicting_arguments", "Pass number_of_tickets_for_sale or capacity, not both");
}

ValidationError invalid_durability() {
    return ValidationError("invalid_durability", "durability must be 'full', 'normal' or 'off'");
}

ValidationError naive_datetime(std::string_view field, std::string_view shown) {
    return ValidationError("naive_datetime",
                           text(field) + " must be a timezone-aware datetime, got naive " + text(shown));
}

ValidationError too_many_items(std::string_view field, std::size_t max_items) {
    return ValidationError("too_many_items", text(field) + " has more than " + std::to_string(max_items) + " items");
}

// ---- box-office sales (seed 001)

ValidationError invalid_sale_hold() {
    return ValidationError("invalid_sale_hold", "The sale hold must be longer than zero and at most 366 days");
}

ValidationError product_given_twice(std::string_view id) {
    return ValidationError("duplicate_product", "Product " + quoted_amount(id) + " is given twice");
}

ValidationError ticket_type_given_twice(std::string_view id) {
    return ValidationError("duplicate_ticket_type", "Ticket type " + quoted_amount(id) + " is given twice");
}

ValidationError unknown_sale_state(std::string_view value) {
    return ValidationError("unknown_sale_state", "Unknown sale state: " + quoted_amount(value));
}

ValidationError unknown_payment_type(std::string_view value) {
    return ValidationError("unknown_payment_type", "Unknown payment type: " + quoted_amount(value));
}

ValidationError unknown_sale_item_kind(std::string_view value) {
    return ValidationError("unknown_sale_item_kind", "Unknown sale item kind: " + quoted_amount(value));
}

NotFoundError sale_not_found(std::string_view id) {
    return NotFoundError("sale_not_found", "Sale with id: " + text(id) + " not found.");
}

ConflictError sale_payment_in_progress(std::string_view number) {
    return ConflictError("sale_payment_in_progress",
                         "Sale " + text(number) + " has a payment in progress; its items are frozen");
}

ConflictError sale_frozen(std::string_view number) {
    return ConflictError("sale_frozen", "Sale " + text(number) + " is committed and cannot be changed");
}

ConflictError sale_closed(std::string_view number, std::string_view state) {
    return ConflictError("sale_closed", "Sale " + text(number) + " is " + text(state));
}

ValidationError sale_quantity_out_of_range(std::int64_t max) {
    return ValidationError("invalid_quantity", "Quantity must be between 0 and " + std::to_string(max));
}

CapacityError sale_too_large(std::int64_t max) {
    return CapacityError("sale_too_large", "A sale holds at most " + std::to_string(max) + " tickets and products");
}

CapacityError sale_too_many_items(std::int64_t max) {
    return CapacityError("sale_too_large", "A sale holds at most " + std::to_string(max) + " items");
}

ValidationError invalid_customer_data(std::string_view key, std::string_view why) {
    return ValidationError("invalid_customer_data", "Customer data " + quoted_amount(key) + ": " + text(why));
}

ValidationError invalid_customer_form(std::string_view key, std::string_view why) {
    return ValidationError("invalid_customer_form", "Customer form field " + quoted_amount(key) + ": " + text(why));
}

ValidationError unknown_customer_field_type(std::string_view value) {
    return ValidationError("unknown_customer_field_type", "Unknown customer field type: " + quoted_amount(value));
}

ConflictError payment_type_unavailable(std::string_view type, std::string_view reason) {
    return ConflictError("payment_type_unavailable",
                         "Payment type " + text(type) + " is not available: " + text(reason));
}

ConflictError payment_type_needs_flow(std::string_view type, std::string_view operation) {
    return ConflictError("payment_type_needs_flow",
                         text(type) + " is paid through " + text(operation) + ", not complete");
}

NotFoundError sale_item_not_found(std::string_view id) {
    return NotFoundError("sale_item_not_found", "Sale item with id: " + quoted_amount(id) + " not found.");
}

ConflictError sale_item_not_removable() {
    return ConflictError("sale_item_not_removable", "Generated fees cannot be removed");
}

ConflictError sale_discount_exists(std::string_view number) {
    return ConflictError("sale_discount_exists", "Sale " + text(number) + " has a discount already; remove it first");
}

ValidationError discount_kind_required() {
    return ValidationError("invalid_discount", "Give exactly one of promo_code, percent_off and amount_off");
}

ValidationError discount_reason_required() {
    return ValidationError("discount_reason_required", "A staff discount needs a reason");
}

ValidationError unknown_pos_payment_status(std::string_view value) {
    return ValidationError("unknown_pos_payment_status", "Unknown POS payment status: " + quoted_amount(value));
}

NotFoundError pos_payment_not_found(std::string_view id) {
    return NotFoundError("pos_payment_not_found", "POS payment with id: " + quoted_amount(id) + " not found.");
}

ConflictError pos_payment_closed(std::string_view id, std::string_view status) {
    return ConflictError("pos_payment_closed", "POS payment " + text(id) + " is " + text(status));
}

ConflictError sale_not_committed(std::string_view number, std::string_view state) {
    return ConflictError("sale_not_committed",
                         "Sale " + text(number) + " is " + text(state) + ": it has no receipt yet");
}

ValidationError invoice_buyer_required(std::string_view missing) {
    return ValidationError("invoice_buyer_required",
                           "An invoice needs the buyer's " + text(missing) + " in the sale's customer data");
}

ConflictError no_payment_in_progress(std::string_view number, std::string_view what) {
    return ConflictError("no_payment_in_progress", "Sale " + text(number) + " has no " + text(what) + " in progress");
}

ValidationError report_not_exportable(std::string_view report, std::string_view reason) {
    return ValidationError("report_not_exportable",
                           "Report " + quoted(report) + " cannot be exported to Arrow: " + text(reason));
}

// --- reports: attendance, sales over time and the box office (issue 10) ---
ValidationError invalid_report_bucket(std::string_view text) {
    return ValidationError("invalid_report_bucket", "bucket must be 'hour' or 'day', not " + quoted_amount(text));
}
}  // namespace ticketcore::fail
