#include "store/sql/repositories.hpp"

#include "store/sql/sql_engine.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

namespace {

class SqlSavepoint final : public store::Savepoint {
public:
    SqlSavepoint(Session& session, const std::string& name) : savepoint_(session, name) {}
    void release() override { savepoint_.release(); }

private:
    sql::Savepoint savepoint_;
};

/// The repositories of one transaction, made when first asked for.
class SqlRepositories final : public store::Repositories {
public:
    explicit SqlRepositories(Session& session) : session_(session) {}

    repository::CatalogueRepository& catalogue() override { return lazy(catalogue_, make_catalogue); }
    repository::InventoryRepository& inventory() override { return lazy(inventory_, make_inventory); }
    repository::BuyerRepository& buyers() override { return lazy(buyers_, make_buyers); }
    repository::OrderRepository& orders() override { return lazy(orders_, make_orders); }
    repository::TicketRepository& tickets() override { return lazy(tickets_, make_tickets); }
    repository::PaymentRepository& payments() override { return lazy(payments_, make_payments); }
    repository::PromoCodeRepository& promo_codes() override { return lazy(promo_codes_, make_promo_codes); }
    repository::IdempotencyRepository& idempotency() override { return lazy(idempotency_, make_idempotency); }
    repository::OutboxRepository& outbox() override { return lazy(outbox_, make_outbox); }
    repository::AuditRepository& audit() override { return lazy(audit_, make_audit); }
    std::unique_ptr<store::Savepoint> savepoint(const std::string& name) override {
        return std::make_unique<SqlSavepoint>(session_, name);
    }

private:
    template <typename Repository>
    Repository& lazy(std::unique_ptr<Repository>& slot, std::unique_ptr<Repository> (*make)(Session&)) {
        if (!slot) slot = make(session_);
        return *slot;
    }

    Session& session_;
    std::unique_ptr<repository::CatalogueRepository> catalogue_;
    std::unique_ptr<repository::InventoryRepository> inventory_;
    std::unique_ptr<repository::BuyerRepository> buyers_;
    std::unique_ptr<repository::OrderRepository> orders_;
    std::unique_ptr<repository::TicketRepository> tickets_;
    std::unique_ptr<repository::PaymentRepository> payments_;
    std::unique_ptr<repository::PromoCodeRepository> promo_codes_;
    std::unique_ptr<repository::IdempotencyRepository> idempotency_;
    std::unique_ptr<repository::OutboxRepository> outbox_;
    std::unique_ptr<repository::AuditRepository> audit_;
};

}  // namespace

std::unique_ptr<store::Repositories> make_repositories(Session& session) {
    return std::make_unique<SqlRepositories>(session);
}

}  // namespace ticketcore::sql
