#pragma once
// Private to the core (layer 4, store): the sales repository: box-office sales (seed 001), their
// items with the prices they were last priced at, and the global sale-number sequence.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/sale.hpp"
#include "ticketcore/rules/hold_rules.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

/// @brief One item of a sale as stored: what staff added, its claims, and its prices as of the
/// sale's last pricing (minor units of the sale's currency).
struct SaleItemRow {
    std::string id;
    SaleItemKind kind = SaleItemKind::Ticket;
    std::optional<std::string> event_id;
    std::optional<std::string> specification_id;
    std::optional<std::string> product_id;
    std::optional<std::string> seatmap_id;
    std::optional<std::string> seat_id;
    std::optional<std::string> volume_id;
    std::optional<std::string> promo_code_id;
    std::optional<std::int64_t> percent_off;
    std::optional<std::int64_t> amount_off;
    std::string reason;
    std::int64_t quantity = 0;
    /// @brief The inventory claim of a ticket item, the stock claim of a product item.
    std::optional<std::string> claim_id;
    std::string name;
    std::map<std::string, std::string> names;
    std::int64_t unit_price = 0;
    std::int64_t subtotal = 0;
    std::int64_t discount = 0;
    std::int64_t platform_fee = 0;
    std::int64_t percentage_fee = 0;
    std::int64_t vat_rate = 0;
    std::int64_t vat = 0;
};

/// @brief A sale as stored.
struct SaleRow {
    std::string id;
    std::string organization_id;
    std::string number;
    SaleState state = SaleState::Open;
    std::string currency;
    std::string creator_id;
    std::optional<std::string> committer_id;
    std::optional<SalePaymentType> payment_type;
    std::optional<std::string> payment_reference;
    /// @brief The customer data's values by key; nullopt until some were applied.
    std::optional<std::map<std::string, std::string>> customer_values;
    std::int64_t box_office_fee = 0;
    std::int64_t box_office_fee_vat_rate = 0;
    std::int64_t box_office_fee_vat = 0;
    std::int64_t grand_total = 0;
    Instant created;
    Instant updated;
    Instant expires;
    std::optional<Instant> committed;
    std::optional<Instant> canceled;
    /// @brief In the order they were added.
    std::vector<SaleItemRow> items;
};

/// @brief What `page_sales` and `count_sales` match (SaleFilter as the store reads it; `search`
/// lower case, without wildcards of its own).
struct SaleQuery {
    /// @brief Matched as users see them: an open sale whose hold ran out at `cutoff` is expired.
    std::vector<SaleState> states;
    rules::HoldCutoff cutoff{Instant{0}};
    std::optional<std::string> search;
    std::optional<Instant> created_from;
    std::optional<Instant> created_to;
    std::optional<std::string> creator_id;
    std::optional<SalePaymentType> payment_type;
    std::optional<std::string> event_id;
};

class SaleRepository {
public:
    SaleRepository() = default;
    SaleRepository(const SaleRepository&) = delete;
    SaleRepository& operator=(const SaleRepository&) = delete;
    virtual ~SaleRepository() = default;

    /// @brief The next number of the global sale-number sequence. On SQLite the counter moves
    /// with the transaction, so the services draw it in a unit of its own that commits before the
    /// sale is made: a number once drawn is never drawn again, whatever happens to the sale.
    virtual std::int64_t next_sale_number() = 0;
    virtual void insert_sale(const SaleRow& sale) = 0;
    /// @brief The sale with its items.
    virtual std::optional<SaleRow> find_sale(const std::string& id) = 0;
    /// @brief The sale with its items, its row locked until the transaction ends.
    virtual std::optional<SaleRow> lock_sale(const std::string& id) = 0;
    virtual void insert_item(const std::string& organization_id, const std::string& sale_id,
                             const SaleItemRow& item) = 0;
    virtual void delete_item(const std::string& item_id) = 0;
    /// @brief The item's quantity and claim.
    virtual void update_item_claim(const std::string& item_id, std::int64_t quantity,
                                   const std::optional<std::string>& claim_id) = 0;
    /// @brief The item's name and prices (SaleItemRow's priced fields).
    virtual void update_item_prices(const SaleItemRow& item) = 0;
    /// @brief The sale's fee, grand total and update time after a pricing.
    virtual void update_sale_prices(const SaleRow& sale) = 0;
    /// @brief The customer data and the text `search` matches (lower case).
    virtual void set_customer_data(const std::string& sale_id, const std::map<std::string, std::string>& values,
                                   const std::string& search_text, Instant updated) = 0;
    /// @brief The state and what goes with it (payment, committer, times).
    virtual void update_state(const SaleRow& sale) = 0;
    /// @brief Open sales of the organization whose hold ran out at `cutoff`.
    virtual std::vector<std::string> due_sales(rules::HoldCutoff cutoff, const std::string& organization_id) = 0;
    /// @brief The sale's place in the organization's creation order, when it is one of its sales.
    virtual std::optional<std::int64_t> sale_position(const std::string& sale_id) = 0;
    /// @brief Up to `limit` ids of the organization's sales matching `query`, after `after` in
    /// creation order.
    virtual std::vector<std::string> page_sales(const SaleQuery& query, std::int64_t after, std::int64_t limit) = 0;
    virtual std::int64_t count_sales(const SaleQuery& query) = 0;
    /// @brief The paid orders a committed sale was issued as, in the order they were made.
    virtual std::vector<std::string> orders_of_sale(const std::string& sale_id) = 0;
    virtual void insert_pos_payment(const std::string& organization_id, const PosPayment& payment) = 0;
    /// @brief The sale's POS payment `payment_id` (none when it is no payment of that sale).
    virtual std::optional<PosPayment> find_pos_payment(const std::string& sale_id, const std::string& payment_id) = 0;
    virtual void close_pos_payment(const std::string& payment_id, PosPaymentStatus status, Instant at) = 0;
    /// @brief The refunds of a sale's orders, in the order they were started.
    virtual std::vector<std::string> refunds_of_sale(const std::string& sale_id) = 0;
};

}  // namespace ticketcore::repository
