#pragma once
/// @file sales.hpp
/// @brief The `Sales` area of a Store: the box office of seed 001 (see store.hpp for how every
/// operation runs, and docs/box-office.md).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/sale.hpp"
#include "ticketcore/services/store.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Box-office sales (seed 001, Eventjet's `Sale`): staff build a sale, take payment and
/// print. Every operation needs the scope `sales` (reads also take `events:read`) and works on
/// the actor's organization (the seed's `companyId`); the actor is the staff member who acts.
/// An open sale holds its tickets through the same capacity claims as a pending order, priced
/// by the same rules; committing it issues its tickets as paid orders, one per event.
class Sales {
public:
    explicit Sales(Store store) : store_(std::move(store)) {}
    /// @brief A new empty sale (OPEN), holding what it gets until now + the store's sale hold.
    /// With an idempotency key a repeat returns the same sale.
    Sale create(const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief General admission: sets the absolute quantity of each ticket type (0 removes it).
    /// All or nothing: capacity, quotas and pools are taken and given back as for orders.
    Sale set_item_quantity(const std::string& sale_id, const std::vector<ItemQuantity>& items) const;
    /// @brief A seated ticket: seat `seat_id` of seat map `seatmap_id` as ticket type
    /// `ticket_type_id`, held like any ticket (CapacityError `seat_taken` when an open sale or a
    /// pending order holds it, or it is sold).
    Sale add_seat(const std::string& sale_id, const std::string& seatmap_id, const std::string& seat_id,
                  const std::string& ticket_type_id) const;
    /// @brief General admission within a seat map: absolute quantities per ticket type in volume
    /// `volume_id` (0 removes), never more than the volume holds (`volume_sold_out`).
    Sale set_volume_quantities(const std::string& sale_id, const std::string& seatmap_id, const std::string& volume_id,
                               const std::vector<ItemQuantity>& quantities) const;
    /// @brief Products (a programme, a cloakroom token): absolute quantities per product id (0
    /// removes), taken from its stock (`product_sold_out`).
    Sale set_product_quantity(const std::string& sale_id, const std::vector<ItemQuantity>& products) const;
    /// @brief Applies a discount item: a promo code of one of the sale's events (its tickets), or
    /// a staff discount with a reason (every ticket). A sale holds one discount at a time.
    Sale apply_discount(const std::string& sale_id, const SaleDiscount& discount) const;
    /// @brief Removes an item staff added (`can_be_removed`); generated fees refuse.
    Sale remove_item(const std::string& sale_id, const std::string& item_id) const;
    /// @brief Applies key/value pairs to the sale's customer data against the organization's
    /// customer-data form (`organizations.set_customer_form`; default_customer_form until set), all or
    /// nothing.
    Sale apply_customer_data(const std::string& sale_id,
                             const std::vector<std::pair<std::string, std::string>>& data) const;
    /// @brief Completes the sale paid by CASH, CARD, INVOICE or FREE (POS_TERMINAL and
    /// PAYMENT_LINK have flows of their own): COMMITTED with its number, committer and time; the
    /// tickets are issued. With an idempotency key a repeat returns the committed sale.
    Sale complete(const std::string& sale_id, SalePaymentType payment_type,
                  const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief PAYMENT_LINK: the sale waits for the customer to pay online (PAYMENT_PENDING, items
    /// frozen) under a link reference; an outbox event `sale.payment_link` carries what to send.
    Sale set_payment_type(const std::string& sale_id, SalePaymentType payment_type) const;
    /// @brief The customer paid the link: COMMITTED. A repeat with the same reference returns the
    /// committed sale; with an idempotency key a repeat returns the first result.
    Sale confirm_payment_link(const std::string& sale_id, const std::string& payment_ref, const Amount& amount,
                              const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Cancels the payment link: the sale is OPEN again, or EXPIRED if its time ran out.
    Sale cancel_payment_link(const std::string& sale_id) const;
    /// @brief Starts a card payment of the sale's total on an ACTIVE reader of the organization:
    /// a payment REQUIRES_TERMINAL_ACTION, the sale PAYMENT_PENDING (items frozen, hold kept).
    PosPayment initiate_pos_payment(const std::string& sale_id, const std::string& reader_id) const;
    /// @brief The terminal confirmed: the payment SUCCEEDED and the sale COMMITTED. Capturing a
    /// captured payment again returns it.
    PosPaymentResult capture_pos_payment(const std::string& sale_id, const std::string& payment_id) const;
    /// @brief The payment should not proceed: CANCELED, and the sale open again (or expired if its
    /// time ran out). Cancelling a cancelled payment again returns it.
    PosPaymentResult cancel_pos_payment(const std::string& sale_id, const std::string& payment_id) const;
    /// @brief Cancels the sale: before it is committed it is WITHDRAWN and gives back what it
    /// held; a committed one is CANCELED, its tickets refunded through the refund flow (their QR
    /// codes void). Both are terminal.
    Sale cancel(const std::string& sale_id, const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Expires every open sale of the organization whose hold ran out at `now` (the store's
    /// clock when nullopt), giving back what they held; returns their ids.
    std::vector<std::string> expire_due(std::optional<Instant> now = std::nullopt) const;
    /// @brief The seed's `Company.sale(id)`.
    [[nodiscard]] Sale get(const std::string& sale_id) const;
    /// @brief The seed's `Company.sales(first, after, filter)`: the organization's sales in
    /// creation order, with the total count of those matching.
    [[nodiscard]] SaleConnection list(const SaleFilter& filter = {}, const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
