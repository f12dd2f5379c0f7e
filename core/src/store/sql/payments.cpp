// The SQL repository of payments, shared by every SQL engine (layer 4, store).
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

namespace {

class SqlPayments final : public repository::PaymentRepository {
public:
    SqlPayments(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    void insert_payment(const std::string& id, const std::string& organization_id,
                        const std::optional<std::string>& order_id, const std::optional<std::string>& ticket_id,
                        const std::string& reference, const std::string& gateway, const Money& amount,
                        const std::string& outcome, Instant at) override {
        Statement insert(db,
                         "INSERT INTO payment (id, organization_id, order_id, ticket_id, reference, gateway, amount, "
                         "currency, outcome, received_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(id, organization_id);
        bind_optional(insert, 3, order_id);
        bind_optional(insert, 4, ticket_id);
        insert.bind(5, reference);
        insert.bind(6, gateway);
        insert.bind(7, amount.minor());
        insert.bind(8, std::string(amount.currency().code()));
        insert.bind(9, outcome);
        insert.bind(10, at.micros);
        insert.exec_later();
    }

    std::optional<repository::PaymentRow> find_payment_of_order(const std::string& order_id) override {
        return last_payment("order_id", order_id);
    }

    std::optional<repository::PaymentRow> find_payment_of_ticket(const std::string& ticket_id) override {
        return last_payment("ticket_id", ticket_id);
    }

private:
    /// Index payment_by_order or payment_by_ticket: the last payment of one order or ticket.
    std::optional<repository::PaymentRow> last_payment(const std::string& column, const std::string& id) {
        Statement query(db, "SELECT reference, gateway, amount, currency, outcome FROM payment WHERE " + column +
                                " = ? AND organization_id = ? ORDER BY rowid DESC LIMIT 1");
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return repository::PaymentRow{
            query.getColumn(0).getString(), query.getColumn(1).getString(),
            Money(query.getColumn(2).getInt64(), Currency::of(query.getColumn(3).getString())),
            query.getColumn(4).getString()};
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::PaymentRepository> make_payments(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlPayments>(session, tenant.id());
}

}  // namespace ticketcore::sql
