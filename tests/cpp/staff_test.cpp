// Staff users and POS readers (service layer, both engines): registering, renaming and listing
// users, readers and their states, assigning readers, organizations kept apart, scopes, the audit
// rows, idempotency keys, and the lookups the box office (store.sales) uses.

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "services/staff_lookup.hpp"
#include "test_support.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

class StaffTest : public ::testing::Test {
protected:
    Catalog catalog;
    Staff staff{catalog.store};

    [[nodiscard]] std::vector<User> every_user() const {
        return all_pages([&](const PageRequest& page) { return staff.users(page); });
    }
    [[nodiscard]] std::vector<PosReader> every_reader() const {
        return all_pages([&](const PageRequest& page) { return staff.pos_readers(page); });
    }
    /// The operations of the organization's audit rows written by this area, in order.
    [[nodiscard]] std::vector<std::string> staff_audit() const {
        std::vector<std::string> operations;
        for (const AuditEntry& entry : catalog.audit_log()) {
            if (entry.operation.starts_with("staff.")) operations.push_back(entry.operation);
        }
        return operations;
    }
};

TEST_F(StaffTest, UsersAreRegisteredRenamedAndListedInRegistrationOrder) {
    const User anna = staff.add_user("anna", "  Anna Berg ");
    EXPECT_EQ(anna, (User{"anna", "Anna Berg", std::nullopt, clock_start}));
    EXPECT_EQ(staff.user("anna"), anna);
    catalog.clock->advance(one_minute_us);
    const User bo = staff.add_user("bo", "Bo");
    EXPECT_EQ(bo.created, Instant{clock_start.micros + one_minute_us});
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)staff.add_user("anna", "Anna"); }, "user_exists",
                                            "User anna is already a staff user of the organization"));
    const User renamed = staff.rename_user("anna", " Anna Holm");
    EXPECT_EQ(renamed, (User{"anna", "Anna Holm", std::nullopt, clock_start}));
    EXPECT_EQ(staff.rename_user("anna", "Anna Holm"), renamed);  // unchanged: nothing written
    EXPECT_EQ(every_user(), (std::vector<User>{renamed, bo}));
    const Page<User> first = staff.users({1, std::nullopt});
    EXPECT_EQ(first.nodes, std::vector<User>{renamed});
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, "anna");
    const Page<User> second = staff.users({1, "anna"});
    EXPECT_EQ(second.nodes, std::vector<User>{bo});
    EXPECT_FALSE(second.has_next_page);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)staff.users({1, "nobody"});
        },
        "invalid_cursor", "Cursor 'nobody' is not a staff user of this organization"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)staff.users({0, std::nullopt});
        },
        "invalid_page_size", "first must be between 1 and 50"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.user("carl"); }, "user_not_found",
                                            "User with id: carl not found."));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.rename_user("carl", "Carl"); }, "user_not_found",
                                            "User with id: carl not found."));
    EXPECT_EQ(staff_audit(), (std::vector<std::string>{"staff.add_user", "staff.add_user", "staff.rename_user"}));
}

TEST_F(StaffTest, ReadersHaveUniqueLabelsAndAStatus) {
    const PosReader till = staff.add_pos_reader(" Till 1 ");
    EXPECT_EQ(till.label, "Till 1");
    EXPECT_EQ(till.status, PosReaderStatus::Active);
    EXPECT_EQ(till.created, clock_start);
    EXPECT_EQ(staff.pos_reader(till.id), till);
    const PosReader spare = staff.add_pos_reader("Spare", PosReaderStatus::Inactive);
    EXPECT_EQ(spare.status, PosReaderStatus::Inactive);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)staff.add_pos_reader("TILL 1"); }, "pos_reader_label_taken",
                                            "A POS reader labelled 'TILL 1' already exists"));
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)staff.rename_pos_reader(spare.id, "till 1"); },
                                            "pos_reader_label_taken", "A POS reader labelled 'till 1' already exists"));
    const PosReader shouting = staff.rename_pos_reader(till.id, "TILL 1");  // its own label in other case
    EXPECT_EQ(shouting.label, "TILL 1");
    const PosReader gone = staff.set_pos_reader_status(till.id, PosReaderStatus::Disconnected);
    EXPECT_EQ(gone, (PosReader{till.id, "TILL 1", PosReaderStatus::Disconnected, clock_start}));
    EXPECT_EQ(staff.set_pos_reader_status(till.id, PosReaderStatus::Disconnected), gone);  // nothing written
    EXPECT_EQ(every_reader(), (std::vector<PosReader>{gone, spare}));
    EXPECT_EQ(staff.pos_readers({1, till.id}).nodes, std::vector<PosReader>{spare});
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)staff.pos_readers({1, "r-x"});
        },
        "invalid_cursor", "Cursor 'r-x' is not a POS reader of this organization"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.pos_reader("r-x"); }, "pos_reader_not_found",
                                            "POS reader with id: r-x not found."));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.set_pos_reader_status("r-x", PosReaderStatus::Active); },
                                            "pos_reader_not_found", "POS reader with id: r-x not found."));
    EXPECT_EQ(staff_audit(), (std::vector<std::string>{"staff.add_pos_reader", "staff.add_pos_reader",
                                                       "staff.rename_pos_reader", "staff.set_pos_reader_status"}));
    const std::vector<OutboxEvent> events = Outbox(catalog.store).pending(100);
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].topic, "pos_reader.status_changed");
    EXPECT_EQ(events[0].entity_id, till.id);
    EXPECT_EQ(events[0].payload, R"({"label":"TILL 1","from":"ACTIVE","status":"DISCONNECTED"})");
}

TEST_F(StaffTest, AUserShowsTheAssignedReaderAsItIsNow) {
    const PosReader till = staff.add_pos_reader("Till 1");
    const PosReader bar = staff.add_pos_reader("Bar");
    const User anna = staff.add_user("anna", "Anna", till.id);
    EXPECT_EQ(anna.pos_reader, till);
    (void)staff.set_pos_reader_status(till.id, PosReaderStatus::Inactive);
    EXPECT_EQ(staff.user("anna").pos_reader->status, PosReaderStatus::Inactive);
    EXPECT_EQ(staff.assign_pos_reader("anna", bar.id).pos_reader, bar);
    EXPECT_EQ(staff.user("anna").pos_reader, bar);
    (void)staff.add_user("bo", "Bo", bar.id);  // a reader may serve several users (one till, shifts)
    EXPECT_EQ(staff.assign_pos_reader("anna", std::nullopt).pos_reader, std::nullopt);
    EXPECT_EQ(staff.user("anna").pos_reader, std::nullopt);
    EXPECT_EQ(every_user().at(1).pos_reader, bar);
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.add_user("carl", "Carl", std::string("r-x")); },
                                            "pos_reader_not_found", "POS reader with id: r-x not found."));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.user("carl"); }, "user_not_found",
                                            "User with id: carl not found."))
        << "a failed add changes nothing";
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.assign_pos_reader("carl", bar.id); }, "user_not_found",
                                            "User with id: carl not found."));
}

TEST_F(StaffTest, OrganizationsAreKeptApart) {
    const Store other = catalog.other_organization_store();
    const Staff theirs(other);
    const PosReader their_till = theirs.add_pos_reader("Till 1");
    const PosReader till = staff.add_pos_reader("Till 1");  // labels are unique per organization
    (void)theirs.add_user("anna", "Anna Theirs");
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff.user("anna"); }, "user_not_found",
                                            "User with id: anna not found."))
        << "a user id is an Actor id within an organization";
    const User anna = staff.add_user("anna", "Anna Ours");
    EXPECT_EQ(theirs.user("anna").name, "Anna Theirs");
    const std::string refused =
        "Actor 'admin-1' may not access organization '" + other.actor().organization_id.value() + "'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)staff.pos_reader(their_till.id); },
                                                    "other_organization", refused));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)staff.assign_pos_reader("anna", their_till.id); },
                                                    "other_organization", refused));
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)staff.set_pos_reader_status(their_till.id, PosReaderStatus::Inactive); }, "other_organization",
        refused));
    EXPECT_EQ(theirs.pos_reader(their_till.id).status, PosReaderStatus::Active);
    EXPECT_EQ(every_reader(), std::vector<PosReader>{till});
    EXPECT_EQ(every_user(), std::vector<User>{anna});
}

TEST_F(StaffTest, BoxOfficeStaffReadAndAdminsChange) {
    const PosReader till = staff.add_pos_reader("Till 1");
    const Staff seller(catalog.member_with({std::string(scope::sales)}));
    EXPECT_EQ(seller.pos_reader(till.id), till);
    EXPECT_EQ(seller.pos_readers().nodes, std::vector<PosReader>{till});
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)seller.add_pos_reader("Till 2"); }, "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'events:write'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)seller.set_pos_reader_status(till.id, PosReaderStatus::Inactive); }, "missing_scope",
        "Actor 'member-1' lacks the scope 'events:write'"));
    const Staff shop(catalog.member_with({std::string(scope::orders)}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)shop.pos_readers(); }, "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'sales' or 'events:read'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)shop.user("anna"); }, "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'sales' or 'events:read'"));
    const Staff platform(catalog.platform);
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)platform.pos_readers(); }, "missing_scope",
                                                    "Actor 'platform-1' lacks the scope 'sales' or 'events:read'"));
}

TEST_F(StaffTest, AddsTakeAnIdempotencyKey) {
    const PosReader till = staff.add_pos_reader("Till 1", PosReaderStatus::Active, "k-1");
    EXPECT_EQ(staff.add_pos_reader(" Till 1", PosReaderStatus::Active, "k-1"), till);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)staff.add_pos_reader("Till 2", PosReaderStatus::Active, "k-1"); }, "idempotency_key_reused",
        "Idempotency key 'k-1' was already used with different parameters"));
    const User anna = staff.add_user("anna", "Anna", till.id, "k-2");
    EXPECT_EQ(staff.add_user("anna", "Anna", till.id, "k-2"), anna);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)staff.add_user("anna", "Anna", std::nullopt, "k-2"); },
                                            "idempotency_key_reused",
                                            "Idempotency key 'k-2' was already used with different parameters"));
    EXPECT_EQ(every_reader().size(), 1U);
    EXPECT_EQ(staff_audit(), (std::vector<std::string>{"staff.add_pos_reader", "staff.add_user"}));
}

TEST_F(StaffTest, TheBoxOfficeFindsSellersAndUsableReaders) {
    const PosReader till = staff.add_pos_reader("Till 1");
    const PosReader spare = staff.add_pos_reader("Spare", PosReaderStatus::Disconnected);
    const User anna = staff.add_user("anna", "Anna", till.id);
    const PosReader their_till = Staff(catalog.other_organization_store()).add_pos_reader("Theirs");
    catalog.store.read([&](ReadContext& context) {
        EXPECT_EQ(staff::user_or_actor(context, "anna"), anna);
        EXPECT_EQ(staff::user_or_actor(context, "web-1"), (User{"web-1", "web-1", std::nullopt, std::nullopt}));
        EXPECT_EQ(staff::usable_reader(context, till.id), till);
        EXPECT_TRUE(expect_error<ConflictError>([&] { (void)staff::usable_reader(context, spare.id); },
                                                "pos_reader_not_active",
                                                "POS reader 'Spare' is DISCONNECTED: only an ACTIVE reader can take "
                                                "a payment"));
        EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)staff::usable_reader(context, "r-x"); },
                                                "pos_reader_not_found", "POS reader with id: r-x not found."));
        EXPECT_TRUE(expect_error<PermissionDeniedError>(
            [&] { (void)staff::usable_reader(context, their_till.id); }, "other_organization",
            "Actor 'admin-1' may not access organization '" +
                context.owner(store::Owned::pos_reader, their_till.id).value() + "'"));
    });
}

}  // namespace
