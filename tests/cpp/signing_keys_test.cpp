// Signing keys in the store (services/organizations.hpp) and the QR payload of a ticket
// (tickets.qr): a payload the store makes verifies with the public keys it exports, names the
// ticket and its generation, and stops verifying when its key is retired.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

class SigningKeysTest : public SellingTest {
protected:
    TicketSpecification member = world.on_sale("Member ticket", 25000, 10);
    Organizations organizations{world.admin};

    [[nodiscard]] std::string a_ticket() const {
        return world.tickets.comp(world.event.id, member.id, {{"pat@example.com", "Pat Lee"}}, "crew").front().id;
    }
};

TEST_F(SigningKeysTest, APayloadVerifiesWithTheExportedKeyAndNamesTheTicket) {
    const std::string ticket_id = a_ticket();
    const std::string payload = world.tickets.qr(ticket_id);
    const auto keys = organizations.signing_keys();
    ASSERT_EQ(keys.size(), 1u);

    const auto verified = rules::verify_ticket_payload(payload, world.catalog.organization.id, scanner_lookup(keys));
    ASSERT_TRUE(std::holds_alternative<rules::TicketPayload>(verified));
    const auto& fields = std::get<rules::TicketPayload>(verified);
    EXPECT_EQ(fields.ticket_id, ticket_id);
    EXPECT_EQ(fields.generation, 1u);
    EXPECT_EQ(fields.key_id.text(), keys.front().key_id);
    EXPECT_EQ(rules::check_generation(fields.generation, 1), std::nullopt);
}

TEST_F(SigningKeysTest, APayloadDoesNotVerifyForAnotherOrganization) {
    const std::string payload = world.tickets.qr(a_ticket());
    const OtherOrganization other(world);
    const auto verified =
        rules::verify_ticket_payload(payload, other.organization_id, scanner_lookup(organizations.signing_keys()));
    ASSERT_TRUE(std::holds_alternative<rules::PayloadRefusal>(verified));
    EXPECT_EQ(std::get<rules::PayloadRefusal>(verified), rules::PayloadRefusal::BadSignature);
    const auto their_keys = Organizations(other.admin).signing_keys();
    const auto under_their_keys =
        rules::verify_ticket_payload(payload, world.catalog.organization.id, scanner_lookup(their_keys));
    EXPECT_EQ(std::get<rules::PayloadRefusal>(under_their_keys), rules::PayloadRefusal::UnknownKey);
}

TEST_F(SigningKeysTest, RotatedKeysStillVerifyUntilRetired) {
    const std::string ticket_id = a_ticket();
    const std::string old_payload = world.tickets.qr(ticket_id);
    const SigningKeyInfo first = organizations.signing_keys().front();
    const SigningKeyInfo second = organizations.rotate_signing_key();
    const std::string new_payload = world.tickets.qr(ticket_id);
    EXPECT_NE(new_payload, old_payload);

    const auto verify = [&](const std::string& payload) {
        return rules::verify_ticket_payload(payload, world.catalog.organization.id,
                                            scanner_lookup(organizations.signing_keys()));
    };
    EXPECT_TRUE(std::holds_alternative<rules::TicketPayload>(verify(old_payload)));
    EXPECT_EQ(std::get<rules::TicketPayload>(verify(new_payload)).key_id.text(), second.key_id);

    EXPECT_EQ(organizations.retire_signing_key(first.key_id).state, KeyState::Retired);
    EXPECT_EQ(std::get<rules::PayloadRefusal>(verify(old_payload)), rules::PayloadRefusal::UnknownKey);
    EXPECT_TRUE(std::holds_alternative<rules::TicketPayload>(verify(new_payload)));
    const auto live = organizations.signing_keys();
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live.front().key_id, second.key_id);
}

TEST_F(SigningKeysTest, KeyRefusalsChangeNothing) {
    const SigningKeyInfo active = organizations.signing_keys().front();
    EXPECT_TRUE(refused<ConflictError>(
        [&] { (void)organizations.retire_signing_key(active.key_id); }, "active_key",
        "Signing key " + active.key_id + " is the active key: rotate to a new key before retiring it"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)organizations.retire_signing_key("0000000000000000"); },
                                       "key_not_found", "Signing key 0000000000000000 not found."));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)organizations.retire_signing_key("ABCDEF0123456789"); },
                                         "invalid_key_id", "key_id must be 16 lowercase hex digits"));
    EXPECT_EQ(organizations.signing_keys(), std::vector<SigningKeyInfo>{active});
}

TEST_F(SigningKeysTest, AQrNeedsAnIssuedTicketOfTheOrganization) {
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.tickets.qr("01900000-0000-7000-8000-000000000000"); },
                                       "ticket_not_found",
                                       "Ticket with id: 01900000-0000-7000-8000-000000000000 not found."));
    const OtherOrganization other(world);
    const std::string ticket_id = a_ticket();
    EXPECT_THROW((void)Tickets(other.admin).qr(ticket_id), PermissionDeniedError);
}

}  // namespace
