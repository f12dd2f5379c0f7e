#pragma once
// Private to the core (layer 4, store): the SQL repositories, one per aggregate, written once over
// sql::Session for every SQL engine. Each is made for one tenant, and scopes every statement by
// it (see store::Tenant).

#include <memory>

#include "store/repositories.hpp"
#include "store/sql/session.hpp"
#include "store/tenant.hpp"

namespace ticketcore::sql {

std::unique_ptr<repository::CatalogueRepository> make_catalogue(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::InventoryRepository> make_inventory(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::BuyerRepository> make_buyers(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::OrderRepository> make_orders(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::TicketRepository> make_tickets(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::PaymentRepository> make_payments(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::PromoCodeRepository> make_promo_codes(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::RefundRepository> make_refunds(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::IdempotencyRepository> make_idempotency(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::OutboxRepository> make_outbox(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::AuditRepository> make_audit(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::DoorRepository> make_door(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::KeyRepository> make_keys(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::SaleRepository> make_sales(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::StaffRepository> make_staff(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::ProductRepository> make_products(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::SeatingRepository> make_seating(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::SalesReportRepository> make_sales_reports(Session& session, const store::Tenant& tenant);
std::unique_ptr<repository::ActivityReportRepository> make_activity_reports(Session& session,
                                                                            const store::Tenant& tenant);

}  // namespace ticketcore::sql
