#pragma once
// Private to the core (layer 1, values): the one catalogue of the errors ticketcore raises.
//
// Every error the core throws is built here, by a factory named after the check that failed,
// so that a check gives the same code, type and message wherever it runs. A throw site reads
// `throw fail::event_completed("publish");`. No other file of core/src spells an error code;
// tests/python/test_error_catalogue.py keeps it so and checks that docs/errors.md lists exactly
// the codes defined in error_catalogue.cpp. Messages of checks the seeds state are the seeds'.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ticketcore/values/error.hpp"
#include "ticketcore/values/money.hpp"

namespace ticketcore::fail {

// ---- values: money, currencies, rounding, time, actors, snapshots, randomness

/// @brief `money_overflow`: "Money amount is out of range".
[[nodiscard]] ValidationError money_overflow();
/// @brief `invalid_amount`: "Invalid money amount: '<value>'" (long value cut at 40 characters).
[[nodiscard]] ValidationError invalid_money_amount(std::string_view value);
/// @brief `invalid_amount`: "<field> must be greater than zero".
[[nodiscard]] ValidationError amount_not_positive(std::string_view field);
/// @brief `too_many_decimals`: "Amount '<value>' has more decimal places than <currency> allows (<exponent>)".
[[nodiscard]] ValidationError too_many_decimals(std::string_view value, std::string_view currency, int exponent);
/// @brief `currency_mismatch`: "Cannot combine <a> and <b>".
[[nodiscard]] ValidationError currencies_combined(std::string_view first, std::string_view second);
/// @brief `currency_mismatch`: "Amount in <given> where <expected> is expected".
[[nodiscard]] ValidationError currency_not_expected(std::string_view given, std::string_view expected);
/// @brief `currency_mismatch`: "Promo code currency differs from the order's".
[[nodiscard]] ValidationError promo_code_currency_differs();
/// @brief `invalid_rate`: "<field> must be between <minimum> and 10000 basis points".
[[nodiscard]] ValidationError rate_out_of_range(std::string_view field, std::int64_t minimum);
/// @brief `invalid_rate`: "A VAT rate cannot be negative" (Money::included_vat).
[[nodiscard]] ValidationError negative_vat_rate();
/// @brief `invalid_allocation`: "Allocation needs at least one weight".
[[nodiscard]] ValidationError allocation_without_weights();
/// @brief `invalid_allocation`: "Allocation into more than <max> parts".
[[nodiscard]] ValidationError allocation_too_many_parts(std::size_t max_parts);
/// @brief `invalid_allocation`: "Allocation weights cannot be negative".
[[nodiscard]] ValidationError allocation_negative_weight();
/// @brief `invalid_allocation`: "Allocation weights cannot all be zero".
[[nodiscard]] ValidationError allocation_zero_weights();
/// @brief `invalid_allocation`: "Split needs at least one part".
[[nodiscard]] ValidationError split_without_parts();
/// @brief `invalid_allocation`: "Split into more than <max> parts".
[[nodiscard]] ValidationError split_too_many_parts(std::size_t max_parts);
/// @brief `unknown_currency`: "Unknown currency: '<code>'".
[[nodiscard]] ValidationError unknown_currency(std::string_view code);
/// @brief `unknown_rounding_mode`: "Unknown rounding mode: '<name>'".
[[nodiscard]] ValidationError unknown_rounding_mode(std::string_view name);
/// @brief `division_by_zero`: "Division by zero".
[[nodiscard]] ValidationError division_by_zero();
/// @brief `unknown_time_zone`: "Unknown time zone: '<zone>'".
[[nodiscard]] ValidationError unknown_time_zone(std::string_view zone);
/// @brief `instant_out_of_range`: "<field> is out of range: instants lie between 0001-01-01T00:00:00Z and
/// 9999-12-31T23:59:59.999999Z".
[[nodiscard]] ValidationError instant_out_of_range(std::string_view field);
/// @brief `number_out_of_range`: "<field> is out of range".
[[nodiscard]] ValidationError number_out_of_range(std::string_view field);
/// @brief `negative_number`: "<field> cannot be negative".
[[nodiscard]] ValidationError negative_number(std::string_view field);
/// @brief `actor_id_required`: "Actor id is required".
[[nodiscard]] ValidationError actor_id_required();
/// @brief `organization_required` (ValidationError): "Actor organization cannot be empty".
[[nodiscard]] ValidationError actor_organization_empty();
/// @brief `organization_required` (PermissionDeniedError): "Actor '<id>' does not belong to an organization".
[[nodiscard]] PermissionDeniedError organization_required(std::string_view actor_id);
/// @brief `unknown_scope`: "Unknown scope: '<name>'".
[[nodiscard]] ValidationError unknown_scope(std::string_view name);
/// @brief `invalid_actor`: platform:admin given to an organization's actor.
[[nodiscard]] ValidationError platform_admin_in_organization();
/// @brief `missing_scope`: "Actor '<id>' lacks the scope '<scope>'".
[[nodiscard]] PermissionDeniedError missing_scope(std::string_view actor_id, std::string_view scope);
/// @brief `missing_scope`: "Actor '<id>' lacks the scope '<scope>' or '<other>'" (either one would do).
[[nodiscard]] PermissionDeniedError missing_scopes(std::string_view actor_id, std::string_view scope,
                                                   std::string_view other);
/// @brief `other_organization`: "Actor '<id>' may not access organization '<organization>'".
[[nodiscard]] PermissionDeniedError other_organization(std::string_view actor_id, std::string_view organization);
/// @brief `invalid_snapshot`: "Cannot restore the pickled value: <reason>".
[[nodiscard]] ValidationError invalid_snapshot(std::string_view reason);
/// @brief `invalid_snapshot`: "Money's minor units must be an integer".
[[nodiscard]] ValidationError snapshot_minor_units_not_integer();
/// @brief `invalid_snapshot`: "An instant must be an integer of microseconds".
[[nodiscard]] ValidationError snapshot_instant_not_integer();
/// @brief `random_failed`: "OpenSSL could not produce random bytes".
[[nodiscard]] StorageError random_failed();
/// @brief `invalid_key`: "<field> must be <expected> bytes, not <given>" (an imported Ed25519 key).
[[nodiscard]] ValidationError invalid_key_length(std::string_view field, std::size_t expected, std::size_t given);
/// @brief `crypto_failed`: "OpenSSL could not <action>" (signing keys: OpenSSL itself failed, e.g. no memory).
[[nodiscard]] StorageError crypto_failed(std::string_view action);
/// @brief `invalid_id`: "<field> is not a UUID: '<value>'" (long value cut at 40 characters).
[[nodiscard]] ValidationError invalid_id(std::string_view field, std::string_view value);

// ---- text

/// @brief `invalid_text`: "<field> cannot contain NUL characters".
[[nodiscard]] ValidationError text_contains_nul(std::string_view field);
/// @brief `invalid_text`: "<field> is not valid Unicode text (a lone surrogate or malformed UTF-8)".
[[nodiscard]] ValidationError text_not_unicode(std::string_view field);
/// @brief `invalid_text`: "Text must be valid UTF-8: a value of this operation is not" (what a unit
/// of work writes to its audit row or outbox).
[[nodiscard]] ValidationError operation_text_not_utf8();
/// @brief `text_too_long`: "<field> is longer than <max> characters".
[[nodiscard]] ValidationError text_too_long(std::string_view field, std::size_t max_length);
/// @brief `invalid_text`: "<field> cannot contain control characters".
[[nodiscard]] ValidationError text_has_control(std::string_view field);
/// @brief `name_required`: "Name is required".
[[nodiscard]] ValidationError name_required();
/// @brief `name_required`: "Name for locale '<locale>' is required".
[[nodiscard]] ValidationError name_required_for_locale(std::string_view locale);
/// @brief `invalid_locale`: "Locale cannot be empty".
[[nodiscard]] ValidationError locale_required();
/// @brief `empty_label`: "<field> cannot contain empty values".
[[nodiscard]] ValidationError empty_label(std::string_view field);
/// @brief `user_id_required`: "User id cannot be empty".
[[nodiscard]] ValidationError user_id_required();
/// @brief `invalid_email`: "Invalid e-mail address: '<email>'".
[[nodiscard]] ValidationError invalid_email(std::string_view email);
/// @brief `unknown_event_state`: "Unknown event state: '<value>'".
[[nodiscard]] ValidationError unknown_event_state(std::string_view value);
/// @brief `unknown_order_state`: "Unknown order state: '<value>'".
[[nodiscard]] ValidationError unknown_order_state(std::string_view value);
/// @brief `unknown_ticket_kind`: "Unknown ticket kind: '<value>'".
[[nodiscard]] ValidationError unknown_ticket_kind(std::string_view value);
/// @brief `unknown_ticket_state`: "Unknown ticket state: '<value>'".
[[nodiscard]] ValidationError unknown_ticket_state(std::string_view value);
/// @brief `unknown_key_state`: "Unknown key state: '<value>'".
[[nodiscard]] ValidationError unknown_key_state(std::string_view value);
/// @brief `unknown_visibility`: "Unknown visibility: '<value>'".
[[nodiscard]] ValidationError unknown_visibility(std::string_view value);

// ---- organizations and events

/// @brief `organization_not_found`: "Organization with id: <id> not found.".
[[nodiscard]] NotFoundError organization_not_found(std::string_view id);
/// @brief `event_not_found`: "Event with id: <id> not found.".
[[nodiscard]] NotFoundError event_not_found(std::string_view id);
/// @brief `negative_fee`: "Platform fee cannot be negative".
[[nodiscard]] ValidationError negative_fee();
/// @brief `invalid_date_range`: "Event date must end after it starts".
[[nodiscard]] ValidationError invalid_date_range();
/// @brief `event_completed`: "Cannot <action> an event, which is completed", e.g. action
/// "add ticket specification to" (seed 003's wording).
[[nodiscard]] ConflictError event_completed(std::string_view action);
/// @brief `event_published`: "Cannot <action> an event, which has already been published" (seed 003).
[[nodiscard]] ConflictError event_published(std::string_view action);
/// @brief `event_not_published`: "Cannot <action> an event, which is not published".
[[nodiscard]] ConflictError event_not_published(std::string_view action);
/// @brief `event_without_dates`: "Cannot publish an event without dates".
[[nodiscard]] ConflictError event_without_dates();

/// @brief `key_not_found`: "Signing key <key id> not found." (none of the organization's keys).
[[nodiscard]] NotFoundError key_not_found(std::string_view key_id);
/// @brief `invalid_key_id`: "key_id must be 16 lowercase hex digits".
[[nodiscard]] ValidationError invalid_key_id();
/// @brief `too_many_keys`: "An organization keeps at most <max> signing keys that are not retired: retire one first".
[[nodiscard]] ConflictError too_many_keys(std::size_t max_keys);
/// @brief `active_key`: "Signing key <key id> is the active key: rotate to a new key before retiring it".
[[nodiscard]] ConflictError active_key(std::string_view key_id);
/// @brief `key_retired`: "Signing key <key id> is already retired".
[[nodiscard]] ConflictError key_retired(std::string_view key_id);

// ---- ticket specifications and capacity pools

/// @brief `specification_not_found`: "Ticket specification with id: <id> not found." (seed 003).
[[nodiscard]] NotFoundError specification_not_found(std::string_view id);
/// @brief `specification_other_event`: "Ticket specification with id: <id> belongs to another event".
[[nodiscard]] ValidationError specification_other_event(std::string_view id);
/// @brief `specification_active`: "Cannot edit activated ticket specification" (seed 003).
[[nodiscard]] ConflictError specification_active();
/// @brief `specification_inactive`: "Ticket specification with id: <id> is not active".
[[nodiscard]] ConflictError specification_inactive(std::string_view id);
/// @brief `specification_sold`: "Tickets for ticket specification with id: <id> has already been sold." (seed 003).
[[nodiscard]] ConflictError specification_sold(std::string_view id);
/// @brief `price_below_minimum`: "Price must be 0 or at least 1000" (seed 003).
[[nodiscard]] ValidationError price_below_minimum();
/// @brief `too_many_tickets_per_user` (ValidationError): "Too many tickets per user" (seed 003): the
/// per-user maximum is above the number for sale.
[[nodiscard]] ValidationError maximum_per_user_above_quota();
/// @brief `too_many_tickets_per_user` (CapacityError): "Too many tickets per user": a buyer would
/// hold more than the per-user maximum.
[[nodiscard]] CapacityError too_many_tickets_per_user();
/// @brief `invalid_sale_window`: "Sale end must be after sale start".
[[nodiscard]] ValidationError invalid_sale_window();
/// @brief `reentry_not_allowed`: "Re-entry limit requires allow_reentry".
[[nodiscard]] ValidationError reentry_not_allowed();
/// @brief `invalid_reentry_limit`: "Re-entry limit must be at least 1".
[[nodiscard]] ValidationError invalid_reentry_limit();
/// @brief `quota_below_taken`: "Number of tickets for sale cannot be less than the <n> tickets sold or reserved".
[[nodiscard]] CapacityError quota_below_taken(std::int64_t taken);
/// @brief `pool_not_found`: "Capacity pool with id: <id> not found.".
[[nodiscard]] NotFoundError pool_not_found(std::string_view id);
/// @brief `pool_other_event`: "Ticket specification with id: <id> belongs to another event than the pool".
[[nodiscard]] ValidationError pool_other_event(std::string_view specification_id);
/// @brief `duplicate_member`: "Ticket specification with id: <id> is listed twice".
[[nodiscard]] ValidationError duplicate_member(std::string_view specification_id);
/// @brief `already_member`: "Ticket specification with id: <id> already draws from this pool".
[[nodiscard]] ConflictError already_member(std::string_view specification_id);
/// @brief `not_member`: "Ticket specification with id: <id> does not draw from this pool".
[[nodiscard]] NotFoundError not_member(std::string_view specification_id);
/// @brief `pool_below_taken`: "Pool size cannot be less than the <n> tickets sold or reserved".
[[nodiscard]] CapacityError pool_below_taken(std::int64_t taken);
/// @brief `pool_in_use`: "Cannot remove a capacity pool with tickets sold or reserved".
[[nodiscard]] ConflictError pool_in_use();
/// @brief `sold_out`: "Not enough tickets available for ticket specification with id: <id>".
[[nodiscard]] CapacityError sold_out(std::string_view specification_id);
/// @brief `pool_sold_out`: "Not enough tickets available in capacity pool with id: <id>".
[[nodiscard]] CapacityError pool_sold_out(std::string_view pool_id);
/// @brief `claim_not_found`: "Inventory claim <id> not found".
[[nodiscard]] NotFoundError claim_not_found(std::string_view claim_id);
/// @brief `claim_not_reserved`: "Inventory claim <id> is <state>".
[[nodiscard]] ConflictError claim_not_reserved(std::string_view claim_id, std::string_view state);

// ---- products (the box office's non-ticket items) and their stock

/// @brief `product_not_found`: "Product with id: <id> not found.".
[[nodiscard]] NotFoundError product_not_found(std::string_view id);
/// @brief `product_inactive`: "Product with id: <id> is not active".
[[nodiscard]] ConflictError product_inactive(std::string_view id);
/// @brief `stock_below_taken`: "Stock cannot be less than the <n> sold or reserved".
[[nodiscard]] ConflictError stock_below_taken(std::int64_t taken);
/// @brief `product_sold_out`: "Not enough stock of product '<name>' (id: <id>): <n> left".
[[nodiscard]] CapacityError product_sold_out(std::string_view name, std::string_view id, std::int64_t left);
/// @brief `claim_not_found`: "Product claim <id> not found".
[[nodiscard]] NotFoundError product_claim_not_found(std::string_view claim_id);
/// @brief `claim_not_reserved`: "Product claim <id> is <state>".
[[nodiscard]] ConflictError product_claim_not_reserved(std::string_view claim_id, std::string_view state);
// ---- seat maps: seats and volumes

/// @brief `seatmap_not_found`: "Seat map with id: <id> not found.".
[[nodiscard]] NotFoundError seatmap_not_found(std::string_view id);
/// @brief `seat_not_found`: "Seat with id: <id> not found in this seat map.".
[[nodiscard]] NotFoundError seat_not_found(std::string_view id);
/// @brief `volume_not_found`: "Volume with id: <id> not found in this seat map.".
[[nodiscard]] NotFoundError volume_not_found(std::string_view id);
/// @brief `seat_taken`: "Seat <label> is already taken".
[[nodiscard]] CapacityError seat_taken(std::string_view label);
/// @brief `volume_sold_out`: "Not enough tickets available in volume <name>".
[[nodiscard]] CapacityError volume_sold_out(std::string_view name);
/// @brief `seat_not_for_ticket_type`: "Seat <label> is not for ticket specification with id: <id>".
[[nodiscard]] ValidationError seat_not_for_ticket_type(std::string_view label, std::string_view specification_id);
/// @brief `volume_not_for_ticket_type`: "Volume <name> is not for ticket specification with id: <id>".
[[nodiscard]] ValidationError volume_not_for_ticket_type(std::string_view name, std::string_view specification_id);
/// @brief `seatmap_other_event`: "Ticket specification with id: <id> belongs to another event than the seat map".
[[nodiscard]] ValidationError seatmap_other_event(std::string_view specification_id);
/// @brief `seat_exists`: "Seat <section> / <row> / <number> already exists in this seat map".
[[nodiscard]] ConflictError seat_exists(std::string_view section, std::string_view row, std::string_view number);
/// @brief `duplicate_seat`: "Seat <section> / <row> / <number> is listed twice".
[[nodiscard]] ValidationError duplicate_seat(std::string_view section, std::string_view row, std::string_view number);
/// @brief `seats_required`: "At least one seat is required".
[[nodiscard]] ValidationError seats_required();
/// @brief `batch_too_large`: "At most <max> seats per call".
[[nodiscard]] ValidationError seat_batch_too_large(std::int64_t max_batch);
/// @brief `seat_field_required`: "<field> is required" (a seat's section, row, number or label).
[[nodiscard]] ValidationError seat_field_required(std::string_view field);
/// @brief `duplicate_ticket_type`: "Ticket specification with id: <id> is listed twice in ticket_type_ids".
[[nodiscard]] ValidationError duplicate_ticket_type(std::string_view specification_id);

// ---- orders, payments, promo codes, idempotency

/// @brief `no_items`: "An order needs at least one item".
[[nodiscard]] ValidationError no_items();
/// @brief `invalid_quantity`: "Quantity must be greater than 0".
[[nodiscard]] ValidationError invalid_quantity();
/// @brief `order_too_large`: "An order holds at most <max> tickets".
[[nodiscard]] ValidationError order_too_large(std::int64_t max_tickets);
/// @brief `sale_not_started`: "Sale of ticket specification with id: <id> has not started".
[[nodiscard]] ConflictError sale_not_started(std::string_view specification_id);
/// @brief `sale_ended`: "Sale of ticket specification with id: <id> has ended".
[[nodiscard]] ConflictError sale_ended(std::string_view specification_id);
/// @brief `specification_locked`: "Ticket specification with id: <id> requires an access code".
[[nodiscard]] PermissionDeniedError specification_locked(std::string_view specification_id);
/// @brief `order_not_found`: "Order with id: <id> not found.".
[[nodiscard]] NotFoundError order_not_found(std::string_view id);
/// @brief `order_not_pending`: "Only a pending order can be cancelled; this one is <state>".
[[nodiscard]] ConflictError order_not_pending(std::string_view state);
/// @brief `order_already_paid`: "Order with id: <id> has already been paid with another payment reference".
[[nodiscard]] ConflictError order_already_paid(std::string_view order_id);
/// @brief `amount_mismatch`: "Payment of <paid> does not match the <what> of <expected>" (amounts
/// as "250.00 DKK").
[[nodiscard]] ValidationError amount_mismatch(const Money& paid, std::string_view what, const Money& expected);
/// @brief `payment_ref_required`: "Payment reference is required".
[[nodiscard]] ValidationError payment_ref_required();
/// @brief `gateway_required`: "Payment gateway is required".
[[nodiscard]] ValidationError gateway_required();
/// @brief `payment_method_required`: "Payment method is required".
[[nodiscard]] ValidationError payment_method_required();
/// @brief `now_in_future`: "expire_due cannot sweep at a time after the store's clock".
[[nodiscard]] ValidationError now_in_future();
/// @brief `invalid_promo_code`: "A promo code has 1 to <max> characters".
[[nodiscard]] ValidationError promo_code_length(std::size_t max_length);
/// @brief `invalid_promo_code`: "A promo code cannot contain spaces or control characters".
[[nodiscard]] ValidationError promo_code_has_space();
/// @brief `conflicting_reductions`: "A promo code takes a percentage or an amount off, not both".
[[nodiscard]] ValidationError conflicting_reductions();
/// @brief `promo_code_without_effect`: "A promo code needs a reduction or specifications to unlock".
[[nodiscard]] ValidationError promo_code_without_effect();
/// @brief `invalid_validity_window`: "valid_until must be after valid_from".
[[nodiscard]] ValidationError invalid_validity_window();
/// @brief `promo_code_exists`: "Promo code '<code>' already exists for this event".
[[nodiscard]] ConflictError promo_code_exists(std::string_view code);
/// @brief `promo_code_not_found`: "Promo code with id: <id> not found.".
[[nodiscard]] NotFoundError promo_code_not_found(std::string_view id);
/// @brief `promo_code_not_found`: "Promo code '<code>' not found." (looked up by its code).
[[nodiscard]] NotFoundError promo_code_not_found_by_code(std::string_view code);
/// @brief `promo_code_not_valid_yet`: "Promo code '<code>' is not valid yet".
[[nodiscard]] ConflictError promo_code_not_valid_yet(std::string_view code);
/// @brief `promo_code_expired`: "Promo code '<code>' has expired".
[[nodiscard]] ConflictError promo_code_expired(std::string_view code);
/// @brief `promo_code_used_up`: "Promo code '<code>' has been used up".
[[nodiscard]] CapacityError promo_code_used_up(std::string_view code);
/// @brief `invalid_idempotency_key`: "idempotency_key cannot be empty or blank".
[[nodiscard]] ValidationError idempotency_key_blank();
/// @brief `invalid_idempotency_key`: "idempotency_key is longer than <max> characters".
[[nodiscard]] ValidationError idempotency_key_too_long(std::size_t max_length);
/// @brief `invalid_idempotency_key`: "idempotency_key cannot contain control characters".
[[nodiscard]] ValidationError idempotency_key_has_control();
/// @brief `idempotency_key_reused`: "Idempotency key '<key>' was already used with different parameters".
[[nodiscard]] ConflictError idempotency_key_reused(std::string_view key);

// ---- tickets

/// @brief `ticket_not_found`: "Ticket with id: <id> not found.".
[[nodiscard]] NotFoundError ticket_not_found(std::string_view id);
/// @brief `no_holders`: "A comp needs at least one holder".
[[nodiscard]] ValidationError no_holders();
/// @brief `batch_too_large`: "At most <max> tickets per call".
[[nodiscard]] ValidationError batch_too_large(std::int64_t max_batch);
/// @brief `ticket_already_activated`: "Ticket with id: <id> is already activated".
[[nodiscard]] ConflictError ticket_already_activated(std::string_view id);
/// @brief `ticket_not_activated`: "Ticket with id: <id> has not been activated".
[[nodiscard]] ConflictError ticket_not_activated(std::string_view id);
/// @brief `ticket_cancelled`: "Ticket with id: <id> has been cancelled".
[[nodiscard]] ConflictError ticket_cancelled(std::string_view id);
/// @brief `ticket_refunded`: "Ticket with id: <id> has been refunded".
[[nodiscard]] ConflictError ticket_refunded(std::string_view id);
/// @brief `ticket_transferred`: "Ticket with id: <id> has been transferred to ticket <new id>".
[[nodiscard]] ConflictError ticket_transferred(std::string_view id, std::string_view new_id);
/// @brief `ticket_redeemed`: "Ticket with id: <id> has already been used at the door" (a transfer or a
/// cancel; named apart from the refunds area's `ticket_redeemed`, which names its flag).
[[nodiscard]] ConflictError ticket_used_at_door(std::string_view id);
/// @brief `ticket_not_transferable`: "Tickets of ticket specification with id: <id> cannot be transferred".
[[nodiscard]] ConflictError ticket_not_transferable(std::string_view specification_id);
/// @brief `order_not_paid`: "Only a paid order's tickets can be cancelled; this one is <state>".
[[nodiscard]] ConflictError order_not_paid(std::string_view state);
/// @brief `order_tickets_cancelled`: "Order with id: <id> has no ticket left to cancel".
[[nodiscard]] ConflictError order_tickets_cancelled(std::string_view order_id);

/// @brief `invalid_buyer_lookup`: "Pass user_id or email, exactly one" (tickets.mine).
[[nodiscard]] ValidationError buyer_lookup_required();

// ---- refunds

/// @brief `unknown_refund_state`: "Unknown refund state: '<value>'".
[[nodiscard]] ValidationError unknown_refund_state(std::string_view value);
/// @brief `invalid_refund_target`: "Pass ticket_id or order_id, exactly one".
[[nodiscard]] ValidationError refund_target_required();
/// @brief `refund_not_found`: "Refund with id: <id> not found.".
[[nodiscard]] NotFoundError refund_not_found(std::string_view id);
/// @brief `refund_in_progress`: "Ticket with id: <id> has a refund in progress".
[[nodiscard]] ConflictError refund_in_progress(std::string_view ticket_id);
/// @brief `refund_in_progress`: "Order with id: <id> has a refund in progress".
[[nodiscard]] ConflictError order_refund_in_progress(std::string_view order_id);
/// @brief `ticket_redeemed`: "Ticket with id: <id> has been redeemed; pass allow_redeemed to refund it".
[[nodiscard]] ConflictError ticket_redeemed(std::string_view ticket_id);
/// @brief `nothing_to_refund`: "Ticket with id: <id> was not paid for: there is nothing to refund".
[[nodiscard]] ConflictError nothing_to_refund_ticket(std::string_view ticket_id);
/// @brief `nothing_to_refund`: "Order with id: <id> has nothing to refund".
[[nodiscard]] ConflictError nothing_to_refund_order(std::string_view order_id);
/// @brief `order_not_paid`: "Order with id: <id> is <state>: only a paid order can be refunded".
[[nodiscard]] ConflictError order_not_paid(std::string_view order_id, std::string_view state);
/// @brief `order_refunded`: "Order with id: <id> has been refunded".
[[nodiscard]] ConflictError order_refunded(std::string_view order_id);
/// @brief `refund_exceeds_paid`: "A refund of <amount> exceeds the <refundable> refundable" (amounts
/// as "250.00 DKK").
[[nodiscard]] ValidationError refund_exceeds_paid(const Money& amount, const Money& refundable);
/// @brief `refund_not_in_progress`: "Refund with id: <id> is <state>, not in progress".
[[nodiscard]] ConflictError refund_not_in_progress(std::string_view refund_id, std::string_view state);
/// @brief `refund_reason_required`: "A failed refund needs a reason".
[[nodiscard]] ValidationError refund_reason_required();
/// @brief `invalid_gateway_reference`: "gateway_reference cannot be empty or blank".
[[nodiscard]] ValidationError gateway_reference_blank();
// ---- the door: inspectors, board members, scans

/// @brief `invalid_scan_source`: "scan source must be 'online' or 'offline', got '<text>'".
[[nodiscard]] ValidationError invalid_scan_source(std::string_view text);
/// @brief `inspector_id_required`: "Inspector id is required" (an offline scan).
[[nodiscard]] ValidationError inspector_id_required();
/// @brief `invalid_scanner_export`: "Not a scanner export: <why>" (rules::OfflineScanner).
[[nodiscard]] ValidationError invalid_scanner_export(std::string_view why);
/// @brief `invalid_offline_scans`: "Not a list of offline scans: <why>" (door.import_scans).
[[nodiscard]] ValidationError invalid_offline_scans(std::string_view why);
/// @brief `invalid_direction`: "direction must be 'in' or 'out', got '<text>'".
[[nodiscard]] ValidationError invalid_direction(std::string_view text);
/// @brief `unknown_inspector_kind`: "Unknown ticket inspector kind: '<value>'".
[[nodiscard]] ValidationError unknown_inspector_kind(std::string_view value);
/// @brief `unknown_door_refusal`: "Unknown door refusal: '<value>'".
[[nodiscard]] ValidationError unknown_door_refusal(std::string_view value);
/// @brief `invalid_scan_point`: "scan_point cannot be blank".
[[nodiscard]] ValidationError scan_point_blank();
/// @brief `invalid_nonce`: "nonce cannot be blank".
[[nodiscard]] ValidationError nonce_blank();
/// @brief `invalid_nonce`: "nonce cannot contain control characters".
[[nodiscard]] ValidationError nonce_has_control();
/// @brief `batch_too_large`: "At most <max> scans per call".
[[nodiscard]] ValidationError door_batch_too_large(std::int64_t max_batch);
/// @brief `phone_number_required`: "Phone number is required".
[[nodiscard]] ValidationError phone_number_required();
/// @brief `ticket_inspector_not_found`: "Ticket inspector with id: <id> not found.".
[[nodiscard]] NotFoundError ticket_inspector_not_found(std::string_view id);
/// @brief `board_member_not_found`: "Board member with id: <id> not found.".
[[nodiscard]] NotFoundError board_member_not_found(std::string_view id);
/// @brief `inspector_has_check_ins`: "Cannot remove ticket inspector, who has already checked-in tickets" (seed 002).
[[nodiscard]] ConflictError inspector_has_check_ins();
/// @brief `inspector_other_event`: "Ticket inspector <id> does not inspect the event of ticket <ticket>".
[[nodiscard]] ConflictError inspector_other_event(std::string_view inspector_id, std::string_view ticket_id);
/// @brief `board_member_already_inspector`: "Board member <id> is already a ticket inspector of event <event>".
[[nodiscard]] ConflictError board_member_already_inspector(std::string_view board_member_id, std::string_view event_id);

// ---- staff users and POS readers

/// @brief `label_required`: "Label is required".
[[nodiscard]] ValidationError label_required();
/// @brief `unknown_pos_reader_status`: "Unknown POS reader status: '<value>'".
[[nodiscard]] ValidationError unknown_pos_reader_status(std::string_view value);
/// @brief `user_not_found`: "User with id: <id> not found.".
[[nodiscard]] NotFoundError user_not_found(std::string_view id);
/// @brief `user_exists`: "User <id> is already a staff user of the organization".
[[nodiscard]] ConflictError user_exists(std::string_view id);
/// @brief `pos_reader_not_found`: "POS reader with id: <id> not found.".
[[nodiscard]] NotFoundError pos_reader_not_found(std::string_view id);
/// @brief `pos_reader_label_taken`: "A POS reader labelled '<label>' already exists".
[[nodiscard]] ConflictError pos_reader_label_taken(std::string_view label);
/// @brief `pos_reader_not_active`: "POS reader '<label>' is <STATUS>: only an ACTIVE reader can take a payment".
[[nodiscard]] ConflictError pos_reader_not_active(std::string_view label, std::string_view status);

// ---- reads and paging

/// @brief `invalid_limit`: "limit must be between 1 and <max>".
[[nodiscard]] ValidationError invalid_limit(std::int64_t max_limit);
/// @brief `invalid_sequence`: "sequence must be at least 1".
[[nodiscard]] ValidationError invalid_sequence();
/// @brief `invalid_page_size`: "first must be between 1 and <max>".
[[nodiscard]] ValidationError invalid_page_size(std::int64_t max_page);
/// @brief `invalid_cursor`: "Cursor '<cursor>' is not <item of list>", e.g. "a holder of this event".
[[nodiscard]] ValidationError invalid_cursor(std::string_view cursor, std::string_view item_of_list);
/// @brief `specification_limit_reached`: "An event has at most <max> ticket specifications".
[[nodiscard]] ConflictError specification_limit_reached(std::int64_t max_specifications);
/// @brief `pool_limit_reached`: "An event has at most <max> capacity pools".
[[nodiscard]] ConflictError pool_limit_reached(std::int64_t max_pools);

// ---- opening a store and the engines

/// @brief `path_required`: "Store path is required".
[[nodiscard]] ValidationError path_required();
/// @brief `invalid_order_hold`: "The order hold must be longer than zero and at most 366 days".
[[nodiscard]] ValidationError invalid_order_hold();
/// @brief `invalid_busy_timeout`: "busy_timeout_ms must be between 0 and <max>".
[[nodiscard]] ValidationError invalid_busy_timeout(std::int64_t max_ms);
/// @brief `invalid_pool_size`: "pool_size must be between 1 and <max>".
[[nodiscard]] ValidationError invalid_pool_size(std::int64_t max_size);
/// @brief `option_not_for_engine`: "<option> is an option of <engine> stores; this is a <opened>
/// store" (an option the opened engine would ignore).
[[nodiscard]] ValidationError option_not_for_engine(std::string_view option, std::string_view engine,
                                                    std::string_view opened);
/// @brief `invalid_max_attempts`: "The attempts of a write must be between 1 and <max>".
[[nodiscard]] ValidationError invalid_max_attempts(std::int64_t max_attempts);
/// @brief `invalid_url`: "A PostgreSQL store URL starts with postgresql:// or postgres://".
[[nodiscard]] ValidationError url_not_postgresql();
/// @brief `invalid_url`: "The PostgreSQL URL '<url>' is malformed: <reason>" (the URL without its password).
[[nodiscard]] ValidationError url_malformed(std::string_view url, std::string_view reason);
/// @brief `invalid_schema_version`: "No schema version <n>".
[[nodiscard]] ValidationError invalid_schema_version(int target);
/// @brief `schema_too_new`: "Store '<location>' has schema version <n>, newer than this ticketcore supports
/// (<latest>); upgrade ticketcore".
[[nodiscard]] StorageError schema_too_new(std::string_view location, int current, int latest, std::string backend);
/// @brief `database_busy`: "The database stayed busy after <n> attempt(s) (<detail>)".
[[nodiscard]] StorageError database_busy(int attempts, std::string_view detail, std::string backend,
                                         std::string backend_code);
/// @brief `commit_outcome_unknown`: "The commit failed (<detail>): its outcome is unknown<why>; retry with
/// the same idempotency key"; `why` is the engine's, e.g. " until the store is reopened".
[[nodiscard]] StorageError commit_outcome_unknown(std::string_view detail, std::string_view why, std::string backend,
                                                  std::string backend_code);
/// @brief `sqlite_error`: SQLite's own message.
[[nodiscard]] StorageError sqlite_error(std::string_view message, std::string backend_code);
/// @brief `forked`: "An in-memory store cannot be used after fork()".
[[nodiscard]] StorageError forked_in_memory();
/// @brief `postgres_error`: the server's or the engine's message.
[[nodiscard]] StorageError postgres_error(std::string_view message, std::string sqlstate);
/// @brief `connection_failed`: "Cannot connect to the PostgreSQL server of '<location>': <reason>" (SQLSTATE 08001).
[[nodiscard]] StorageError cannot_connect(std::string_view location, std::string_view reason);
/// @brief `connection_failed`: "The connection to the PostgreSQL server of '<location>' was lost: <reason>".
[[nodiscard]] StorageError connection_lost(std::string_view location, std::string_view reason, std::string sqlstate);
/// @brief `not_sql` (test hooks only): "This test hook needs a SQL engine".
[[nodiscard]] StorageError not_sql();

// ---- converting Python arguments (the bindings)
/// @brief `invalid_amount`: "Money amount must be finite" (a Decimal NaN or infinity).
[[nodiscard]] ValidationError amount_not_finite();
/// @brief `number_out_of_range`: "<field> is out of range (it must fit in 64 bits)" (a Python int).
[[nodiscard]] ValidationError number_beyond_64_bits(std::string_view field);
/// @brief `invalid_date`: "<field> must be between <low> and <high>" (a part of `ticketcore.utc`).
[[nodiscard]] ValidationError date_part_out_of_range(std::string_view field, std::int64_t low, std::int64_t high);
/// @brief `invalid_date`: "day is out of range for month" (`ticketcore.utc` of a day past the
/// month's end, in Python's words).
[[nodiscard]] ValidationError day_out_of_month();
/// @brief `invalid_qr_payload`: "payload must be a ticket QR payload: 'TC:' and at most 256 characters of
/// the QR code's alphanumeric set" (`ticketcore.qr_png` / `qr_svg`).
[[nodiscard]] ValidationError invalid_qr_payload();
/// @brief `invalid_qr_size`: "<field> must be between <low> and <high>" (the scale or border of
/// `ticketcore.qr_png` / `qr_svg`).
[[nodiscard]] ValidationError qr_size_out_of_range(std::string_view field, std::int64_t low, std::int64_t high);
/// @brief `invalid_snapshot`: "Cannot restore a '<type>'" (a pickle naming no snapshot type).
[[nodiscard]] ValidationError unknown_snapshot_type(std::string_view type_name);
/// @brief `conflicting_arguments`: "Pass number_of_tickets_for_sale or capacity, not both".
[[nodiscard]] ValidationError quota_given_twice();
/// @brief `invalid_durability`: "durability must be 'full', 'normal' or 'off'".
[[nodiscard]] ValidationError invalid_durability();
/// @brief `naive_datetime`: "<field> must be a timezone-aware datetime, got naive <shown>".
[[nodiscard]] ValidationError naive_datetime(std::string_view field, std::string_view shown);
/// @brief `too_many_items`: "<field> has more than <max> items".
[[nodiscard]] ValidationError too_many_items(std::string_view field, std::size_t max_items);

// ---- box-office sales (seed 001)

/// @brief `invalid_sale_hold`: "The sale hold must be longer than zero and at most 366 days".
[[nodiscard]] ValidationError invalid_sale_hold();
/// @brief `duplicate_ticket_type`: "Ticket type <id> is given twice".
[[nodiscard]] ValidationError ticket_type_given_twice(std::string_view id);
/// @brief `duplicate_product`: "Product <id> is given twice".
[[nodiscard]] ValidationError product_given_twice(std::string_view id);
/// @brief `unknown_sale_state`: "Unknown sale state: '<text>'".
[[nodiscard]] ValidationError unknown_sale_state(std::string_view value);
/// @brief `unknown_payment_type`: "Unknown payment type: '<text>'".
[[nodiscard]] ValidationError unknown_payment_type(std::string_view value);
/// @brief `unknown_sale_item_kind`: "Unknown sale item kind: '<text>'".
[[nodiscard]] ValidationError unknown_sale_item_kind(std::string_view value);
/// @brief `sale_not_found`: "Sale with id: <id> not found."
[[nodiscard]] NotFoundError sale_not_found(std::string_view id);
/// @brief `sale_payment_in_progress`: "Sale <number> has a payment in progress; its items are frozen".
[[nodiscard]] ConflictError sale_payment_in_progress(std::string_view number);
/// @brief `sale_frozen`: "Sale <number> is committed and cannot be changed".
[[nodiscard]] ConflictError sale_frozen(std::string_view number);
/// @brief `sale_closed`: "Sale <number> is <STATE>".
[[nodiscard]] ConflictError sale_closed(std::string_view number, std::string_view state);
/// @brief `invalid_quantity`: "Quantity must be between 0 and <max>".
[[nodiscard]] ValidationError sale_quantity_out_of_range(std::int64_t max);
/// @brief `sale_too_large`: "A sale holds at most <max> tickets and products".
[[nodiscard]] CapacityError sale_too_large(std::int64_t max);
/// @brief `sale_too_large`: "A sale holds at most <max> items".
[[nodiscard]] CapacityError sale_too_many_items(std::int64_t max);
/// @brief `invalid_customer_data`: "Customer data '<key>': <why>".
[[nodiscard]] ValidationError invalid_customer_data(std::string_view key, std::string_view why);
/// @brief `invalid_customer_form`: "Customer form field '<key>': <why>".
[[nodiscard]] ValidationError invalid_customer_form(std::string_view key, std::string_view why);
/// @brief `unknown_customer_field_type`: "Unknown customer field type: '<text>'".
[[nodiscard]] ValidationError unknown_customer_field_type(std::string_view value);
/// @brief `payment_type_unavailable`: "Payment type <TYPE> is not available: <reason>".
[[nodiscard]] ConflictError payment_type_unavailable(std::string_view type, std::string_view reason);
/// @brief `payment_type_needs_flow`: "<TYPE> is paid through <operation>, not complete".
[[nodiscard]] ConflictError payment_type_needs_flow(std::string_view type, std::string_view operation);
/// @brief `sale_item_not_found`: "Sale item with id: <id> not found."
[[nodiscard]] NotFoundError sale_item_not_found(std::string_view id);
/// @brief `sale_item_not_removable`: "Generated fees cannot be removed".
[[nodiscard]] ConflictError sale_item_not_removable();
/// @brief `sale_discount_exists`: "Sale <number> has a discount already; remove it first".
[[nodiscard]] ConflictError sale_discount_exists(std::string_view number);
/// @brief `invalid_discount`: "Give exactly one of promo_code, percent_off and amount_off".
[[nodiscard]] ValidationError discount_kind_required();
/// @brief `discount_reason_required`: "A staff discount needs a reason".
[[nodiscard]] ValidationError discount_reason_required();
/// @brief `unknown_pos_payment_status`: "Unknown POS payment status: '<text>'".
[[nodiscard]] ValidationError unknown_pos_payment_status(std::string_view value);
/// @brief `pos_payment_not_found`: "POS payment with id: '<id>' not found."
[[nodiscard]] NotFoundError pos_payment_not_found(std::string_view id);
/// @brief `pos_payment_closed`: "POS payment <id> is <STATUS>".
[[nodiscard]] ConflictError pos_payment_closed(std::string_view id, std::string_view status);
/// @brief `sale_not_committed`: "Sale <number> is <STATE>: it has no receipt yet".
[[nodiscard]] ConflictError sale_not_committed(std::string_view number, std::string_view state);
/// @brief `invoice_buyer_required`: "An invoice needs the buyer's <missing> in the sale's customer data".
[[nodiscard]] ValidationError invoice_buyer_required(std::string_view missing);
/// @brief `no_payment_in_progress`: "Sale <number> has no <what> in progress".
[[nodiscard]] ConflictError no_payment_in_progress(std::string_view number, std::string_view what);

// ---- reports: the Arrow export (model/arrow_c.hpp)

/// @brief `report_not_exportable`: "Report '<name>' cannot be exported to Arrow: <reason>" (a report whose
/// columns break the shape ReportTable promises: lengths differ, a money amount beyond 18 digits, ...).
[[nodiscard]] ValidationError report_not_exportable(std::string_view report, std::string_view reason);

// --- reports: attendance, sales over time and the box office (issue 10) ---
/// @brief `invalid_report_bucket`: "bucket must be 'hour' or 'day', not '<text>'" (cut after 40 characters).
[[nodiscard]] ValidationError invalid_report_bucket(std::string_view text);
}  // namespace ticketcore::fail
