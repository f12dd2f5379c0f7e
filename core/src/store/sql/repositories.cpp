#include "store/sql/repositories.hpp"

#include "store/sql/run.hpp"
#include "store/sql/savepoint.hpp"
#include "store/sql/sql_engine.hpp"

namespace ticketcore::sql {

namespace {

class SqlSavepoint final : public store::Savepoint {
public:
    SqlSavepoint(Session& session, const std::string& name) : savepoint_(session, name) {}
    void release() override { savepoint_.release(); }

private:
    sql::Savepoint savepoint_;
};

const char* table_of(store::Owned kind) {
    switch (kind) {
        case store::Owned::event: return "event";
        case store::Owned::specification: return "specification";
        case store::Owned::pool: return "pool";
        case store::Owned::order: return "buy_order";
        case store::Owned::ticket: return "ticket";
        case store::Owned::promo_code: return "promo_code";
        case store::Owned::refund: return "refund";
        case store::Owned::ticket_inspector: return "ticket_inspector";
        case store::Owned::board_member: return "board_member";
        case store::Owned::sale: return "sale";
        case store::Owned::pos_reader: return "pos_reader";
        case store::Owned::product: return "product";
        case store::Owned::seatmap: return "seatmap";
    }
    return "event";  // unreachable: every kind is listed
}

/// The repositories of one transaction, made when first asked for.
class SqlRepositories final : public store::Repositories {
public:
    SqlRepositories(Session& session, const store::Tenant& tenant) : session_(session), tenant_(tenant) {}

    repository::CatalogueRepository& catalogue() override { return lazy(catalogue_, make_catalogue); }
    repository::InventoryRepository& inventory() override { return lazy(inventory_, make_inventory); }
    repository::BuyerRepository& buyers() override { return lazy(buyers_, make_buyers); }
    repository::OrderRepository& orders() override { return lazy(orders_, make_orders); }
    repository::TicketRepository& tickets() override { return lazy(tickets_, make_tickets); }
    repository::PaymentRepository& payments() override { return lazy(payments_, make_payments); }
    repository::PromoCodeRepository& promo_codes() override { return lazy(promo_codes_, make_promo_codes); }
    repository::RefundRepository& refunds() override { return lazy(refunds_, make_refunds); }
    repository::IdempotencyRepository& idempotency() override { return lazy(idempotency_, make_idempotency); }
    repository::OutboxRepository& outbox() override { return lazy(outbox_, make_outbox); }
    repository::AuditRepository& audit() override { return lazy(audit_, make_audit); }
    repository::DoorRepository& door() override { return lazy(door_, make_door); }
    repository::KeyRepository& keys() override { return lazy(keys_, make_keys); }
    repository::SaleRepository& sales() override { return lazy(sales_, make_sales); }
    repository::StaffRepository& staff() override { return lazy(staff_, make_staff); }
    repository::ProductRepository& products() override { return lazy(products_, make_products); }
    repository::SeatingRepository& seating() override { return lazy(seating_, make_seating); }
    repository::SalesReportRepository& sales_reports() override { return lazy(sales_reports_, make_sales_reports); }
    repository::ActivityReportRepository& activity_reports() override {
        return lazy(activity_reports_, make_activity_reports);
    }
    std::optional<std::string> owner(store::Owned kind, const std::string& id) override {
        const auto found = texts(
            session_,
            "/* owner of a missing id */ SELECT organization_id FROM " + std::string(table_of(kind)) + " WHERE id = ?",
            id);
        if (found.empty()) return std::nullopt;
        return found.front();
    }
    std::unique_ptr<store::Savepoint> savepoint(const std::string& name) override {
        return std::make_unique<SqlSavepoint>(session_, name);
    }

private:
    template <typename Repository>
    Repository& lazy(std::unique_ptr<Repository>& slot,
                     std::unique_ptr<Repository> (*make)(Session&, const store::Tenant&)) {
        if (!slot) slot = make(session_, tenant_);
        return *slot;
    }

    Session& session_;
    const store::Tenant& tenant_;
    std::unique_ptr<repository::CatalogueRepository> catalogue_;
    std::unique_ptr<repository::InventoryRepository> inventory_;
    std::unique_ptr<repository::BuyerRepository> buyers_;
    std::unique_ptr<repository::OrderRepository> orders_;
    std::unique_ptr<repository::TicketRepository> tickets_;
    std::unique_ptr<repository::PaymentRepository> payments_;
    std::unique_ptr<repository::PromoCodeRepository> promo_codes_;
    std::unique_ptr<repository::RefundRepository> refunds_;
    std::unique_ptr<repository::IdempotencyRepository> idempotency_;
    std::unique_ptr<repository::OutboxRepository> outbox_;
    std::unique_ptr<repository::AuditRepository> audit_;
    std::unique_ptr<repository::DoorRepository> door_;
    std::unique_ptr<repository::KeyRepository> keys_;
    std::unique_ptr<repository::SaleRepository> sales_;
    std::unique_ptr<repository::StaffRepository> staff_;
    std::unique_ptr<repository::ProductRepository> products_;
    std::unique_ptr<repository::SeatingRepository> seating_;
    std::unique_ptr<repository::SalesReportRepository> sales_reports_;
    std::unique_ptr<repository::ActivityReportRepository> activity_reports_;
};

}  // namespace

std::unique_ptr<store::Repositories> make_repositories(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlRepositories>(session, tenant);
}

}  // namespace ticketcore::sql
