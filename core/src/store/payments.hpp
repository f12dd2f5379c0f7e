#pragma once
// Private to the core (layer 4, store): the payment repository: payments received, as recorded.

#include <optional>
#include <string>

#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

/// @brief A payment as recorded.
struct PaymentRow {
    std::string reference;
    std::string gateway;
    Money amount;
    std::string outcome;
};

class PaymentRepository {
public:
    PaymentRepository() = default;
    PaymentRepository(const PaymentRepository&) = delete;
    PaymentRepository& operator=(const PaymentRepository&) = delete;
    virtual ~PaymentRepository() = default;

    virtual void insert_payment(const std::string& id, const std::string& organization_id,
                                const std::optional<std::string>& order_id, const std::optional<std::string>& ticket_id,
                                const std::string& reference, const std::string& gateway, const Money& amount,
                                const std::string& outcome, Instant at) = 0;
    /// @brief The last payment recorded for the order (index payment_by_order), if any.
    virtual std::optional<PaymentRow> find_payment_of_order(const std::string& order_id) = 0;
    /// @brief The last payment recorded for a ticket sold at the door (index payment_by_ticket), if any.
    virtual std::optional<PaymentRow> find_payment_of_ticket(const std::string& ticket_id) = 0;
};

}  // namespace ticketcore::repository
