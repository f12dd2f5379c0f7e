// The SQL repository of payments, shared by every SQL engine (layer 4, store).
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

namespace {

class SqlPayments final : public repository::PaymentRepository {
public:
    explicit SqlPayments(Session& db) : db(db) {}

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

private:
    Session& db;
};

}  // namespace

std::unique_ptr<repository::PaymentRepository> make_payments(
    Session& session, const store::Tenant& /*tenant*/) {  // every call names its organization
    return std::make_unique<SqlPayments>(session);
}

}  // namespace ticketcore::sql
