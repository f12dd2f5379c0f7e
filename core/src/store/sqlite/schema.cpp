// The versioned schema. Each entry moves the file one version up; entries are never edited
// once released, only appended.
#include <array>
#include <string>
#include <string_view>

#include "store/sqlite/engine.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::sqlite {

namespace {

constexpr std::array<std::string_view, 22> migrations = {
    // 1: organizations, events, dates, ticket specifications, the audit log.
    R"sql(
CREATE TABLE organization (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    rounding TEXT NOT NULL,
    billing_profile_enabled INTEGER NOT NULL DEFAULT 0,
    created_us INTEGER NOT NULL
);
CREATE TABLE event (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    currency TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'completed')),
    platform_fee INTEGER NOT NULL CHECK (platform_fee >= 0),
    percentage_fee INTEGER NOT NULL CHECK (percentage_fee >= 0),
    vat_rate INTEGER NOT NULL CHECK (vat_rate >= 0),
    created_us INTEGER NOT NULL
);
CREATE INDEX event_by_organization ON event (organization_id);
CREATE TABLE event_date (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    start_us INTEGER NOT NULL,
    end_us INTEGER NOT NULL,
    CHECK (start_us < end_us)
);
CREATE INDEX event_date_by_event ON event_date (event_id, start_us);
CREATE TABLE specification (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    ticket_platform_fee INTEGER NOT NULL CHECK (ticket_platform_fee >= 0),
    ticket_percentage_fee INTEGER NOT NULL CHECK (ticket_percentage_fee >= 0),
    number_of_tickets_for_sale INTEGER CHECK (number_of_tickets_for_sale >= 0),
    maximum_number_of_tickets_per_user INTEGER CHECK (maximum_number_of_tickets_per_user >= 0),
    is_active INTEGER NOT NULL DEFAULT 0,
    sale_start_us INTEGER,
    sale_end_us INTEGER,
    perks TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private', 'invite-only')),
    transferable INTEGER NOT NULL,
    allow_reentry INTEGER NOT NULL,
    reentry_limit INTEGER,
    accepted_scan_points TEXT NOT NULL DEFAULT '[]',
    refund_policy TEXT NOT NULL,
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_us INTEGER NOT NULL
);
CREATE INDEX specification_by_event ON specification (event_id);
CREATE TABLE specification_date (
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    event_date_id TEXT NOT NULL REFERENCES event_date(id),
    PRIMARY KEY (specification_id, event_date_id)
) WITHOUT ROWID;
CREATE TABLE audit_log (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    at_us INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    organization_id TEXT,
    operation TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_log (entity_id);
CREATE INDEX audit_by_organization ON audit_log (organization_id, sequence);
)sql",
    // 2: localized names, shared capacity pools, and the inventory ledger they are counted from.
    R"sql(
CREATE TABLE specification_name (
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (specification_id, locale)
) WITHOUT ROWID;
CREATE TABLE pool (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    name TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_us INTEGER NOT NULL
);
CREATE INDEX pool_by_event ON pool (event_id);
CREATE TABLE pool_member (
    pool_id TEXT NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, specification_id)
) WITHOUT ROWID;
CREATE INDEX pool_member_by_specification ON pool_member (specification_id);
CREATE TABLE inventory_claim (
    id TEXT PRIMARY KEY,
    specification_id TEXT NOT NULL REFERENCES specification(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    state TEXT NOT NULL CHECK (state IN ('reserved', 'sold', 'released')),
    source TEXT NOT NULL,
    created_us INTEGER NOT NULL
);
CREATE INDEX claim_by_specification ON inventory_claim (specification_id, state);
)sql",
    // 3: buyers, orders and their lines, tickets and their dates, ticket holders, payments,
    // promo codes, idempotency keys and the outbox.
    R"sql(
CREATE TABLE buyer (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    identity TEXT NOT NULL,
    user_id TEXT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    avatar_url TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    UNIQUE (organization_id, identity)
);
CREATE TABLE promo_code (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    code TEXT NOT NULL,
    percent_off INTEGER CHECK (percent_off BETWEEN 1 AND 10000),
    amount_off INTEGER CHECK (amount_off > 0),
    usage_limit INTEGER CHECK (usage_limit >= 0),
    uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    valid_from_us INTEGER,
    valid_until_us INTEGER,
    created_us INTEGER NOT NULL,
    CHECK (percent_off IS NULL OR amount_off IS NULL),
    UNIQUE (event_id, code)
);
CREATE TABLE promo_code_specification (
    promo_code_id TEXT NOT NULL REFERENCES promo_code(id) ON DELETE CASCADE,
    specification_id TEXT NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    unlocks INTEGER NOT NULL,
    PRIMARY KEY (promo_code_id, specification_id, unlocks)
) WITHOUT ROWID;
CREATE TABLE buy_order (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    event_id TEXT NOT NULL REFERENCES event(id),
    buyer_id TEXT NOT NULL REFERENCES buyer(id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'cancelled')),
    comment TEXT NOT NULL,
    payment_gateway TEXT NOT NULL,
    charge_session_id TEXT,
    promo_code_id TEXT REFERENCES promo_code(id),
    currency TEXT NOT NULL,
    paid_without_capacity INTEGER NOT NULL DEFAULT 0,
    created_us INTEGER NOT NULL,
    expires_us INTEGER NOT NULL,
    paid_us INTEGER,
    closed_us INTEGER
);
CREATE INDEX order_by_event ON buy_order (event_id, state);
CREATE INDEX order_by_buyer ON buy_order (buyer_id, state);
CREATE INDEX order_due ON buy_order (state, expires_us);
CREATE TABLE order_line (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES buy_order(id),
    position INTEGER NOT NULL,
    specification_id TEXT NOT NULL REFERENCES specification(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    unit_price INTEGER NOT NULL,
    subtotal INTEGER NOT NULL,
    discount INTEGER NOT NULL,
    platform_fee INTEGER NOT NULL,
    percentage_fee INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    total INTEGER NOT NULL,
    claim_id TEXT REFERENCES inventory_claim(id)
);
CREATE INDEX order_line_by_order ON order_line (order_id, position);
CREATE INDEX order_line_by_specification ON order_line (specification_id);
CREATE TABLE ticket_holder (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES event(id),
    buyer_id TEXT NOT NULL REFERENCES buyer(id),
    issue_us INTEGER NOT NULL,
    UNIQUE (event_id, buyer_id)
);
CREATE TABLE ticket (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    event_id TEXT NOT NULL REFERENCES event(id),
    specification_id TEXT NOT NULL REFERENCES specification(id),
    kind TEXT NOT NULL CHECK (kind IN ('order', 'comp', 'pre-generated')),
    state TEXT NOT NULL CHECK (state IN ('unactivated', 'valid', 'cancelled')),
    order_id TEXT REFERENCES buy_order(id),
    buyer_id TEXT REFERENCES buyer(id),
    holder_name TEXT NOT NULL,
    holder_email TEXT NOT NULL,
    note TEXT NOT NULL,
    secret TEXT NOT NULL,
    purchase_us INTEGER,
    is_refunded INTEGER NOT NULL DEFAULT 0,
    is_refund_in_progress INTEGER NOT NULL DEFAULT 0,
    claim_id TEXT NOT NULL REFERENCES inventory_claim(id),
    created_us INTEGER NOT NULL
);
CREATE INDEX ticket_by_order ON ticket (order_id);
CREATE INDEX ticket_by_buyer ON ticket (buyer_id, specification_id);
CREATE INDEX ticket_by_event ON ticket (event_id);
CREATE TABLE ticket_date (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES ticket(id),
    event_date_id TEXT NOT NULL REFERENCES event_date(id),
    is_redeemed INTEGER NOT NULL DEFAULT 0,
    redeemed_us INTEGER,
    redeemed_by TEXT
);
CREATE INDEX ticket_date_by_ticket ON ticket_date (ticket_id);
CREATE TABLE payment (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    order_id TEXT REFERENCES buy_order(id),
    ticket_id TEXT REFERENCES ticket(id),
    reference TEXT NOT NULL,
    gateway TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'paid_without_capacity')),
    received_us INTEGER NOT NULL
);
CREATE INDEX payment_by_order ON payment (order_id);
CREATE TABLE idempotency_key (
    organization_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    key TEXT NOT NULL,
    request TEXT NOT NULL,
    result_id TEXT NOT NULL,
    PRIMARY KEY (organization_id, operation, key)
) WITHOUT ROWID;
CREATE TABLE outbox (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    acknowledged_us INTEGER
);
CREATE INDEX outbox_pending ON outbox (organization_id, acknowledged_us, sequence);
)sql",
    // 4: one idempotency table for every operation an integrator retries: the key (per
    // organization and operation), the fingerprint of the request, and the ids of the first
    // result as a JSON array. Keys of orders.place made before carry over.
    R"sql(
CREATE TABLE idempotency (
    organization_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    result_ids TEXT NOT NULL,
    created_us INTEGER,
    PRIMARY KEY (organization_id, operation, key)
) WITHOUT ROWID;
INSERT INTO idempotency (organization_id, operation, key, fingerprint, result_ids, created_us)
    SELECT organization_id, operation, key, request, json_array(result_id), NULL FROM idempotency_key;
DROP TABLE idempotency_key;
)sql",
    // 5: every table carries organization_id (the distribution column of a sharded server), filled
    // from the row it belongs to; a holder's tickets and orders get indexes of their own.
    R"sql(
ALTER TABLE event_date ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE specification ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE specification_date ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE specification_name ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE pool ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE pool_member ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE inventory_claim ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE promo_code ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE promo_code_specification ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE order_line ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ticket_holder ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ticket_date ADD COLUMN organization_id TEXT NOT NULL DEFAULT '';
UPDATE event_date SET organization_id = (SELECT p.organization_id FROM event p WHERE p.id = event_date.event_id);
UPDATE specification SET organization_id = (SELECT p.organization_id FROM event p WHERE p.id = specification.event_id);
UPDATE specification_date SET organization_id = (SELECT p.organization_id FROM specification p WHERE p.id = specification_date.specification_id);
UPDATE specification_name SET organization_id = (SELECT p.organization_id FROM specification p WHERE p.id = specification_name.specification_id);
UPDATE pool SET organization_id = (SELECT p.organization_id FROM event p WHERE p.id = pool.event_id);
UPDATE pool_member SET organization_id = (SELECT p.organization_id FROM pool p WHERE p.id = pool_member.pool_id);
UPDATE inventory_claim SET organization_id = (SELECT p.organization_id FROM specification p WHERE p.id = inventory_claim.specification_id);
UPDATE promo_code SET organization_id = (SELECT p.organization_id FROM event p WHERE p.id = promo_code.event_id);
UPDATE promo_code_specification SET organization_id = (SELECT p.organization_id FROM promo_code p WHERE p.id = promo_code_specification.promo_code_id);
UPDATE order_line SET organization_id = (SELECT p.organization_id FROM buy_order p WHERE p.id = order_line.order_id);
UPDATE ticket_holder SET organization_id = (SELECT p.organization_id FROM event p WHERE p.id = ticket_holder.event_id);
UPDATE ticket_date SET organization_id = (SELECT p.organization_id FROM ticket p WHERE p.id = ticket_date.ticket_id);
-- A holder's tickets and orders of one event, in order, without walking the event's.
CREATE INDEX ticket_by_holder ON ticket (buyer_id, event_id);
CREATE INDEX order_by_holder ON buy_order (buyer_id, event_id);
)sql",
    // 6: every list pages through an index in its own order (an index ends in the rowid): an
    // event's orders in placing order (order_by_event serves one state), an organization's events
    // of one state, an event's promo codes, an event's holders by their first ticket.
    R"sql(
CREATE INDEX order_by_event_placed ON buy_order (event_id);
CREATE INDEX event_by_state ON event (organization_id, state);
CREATE INDEX promo_code_by_event ON promo_code (event_id);
CREATE INDEX ticket_holder_by_issue ON ticket_holder (event_id, issue_us, id);
)sql",
    // 7: an event's holder count kept as counters, so that a page of holders never counts the
    // event's holders: each holder counts once, on the specification of the ticket that made them
    // a holder (whose row that write already holds). An event's count is the sum over its
    // specifications; existing holders are counted on each event's first specification.
    R"sql(
ALTER TABLE specification ADD COLUMN holders INTEGER NOT NULL DEFAULT 0 CHECK (holders >= 0);
UPDATE specification SET holders = (SELECT COUNT(*) FROM ticket_holder h WHERE h.event_id = specification.event_id)
WHERE rowid = (SELECT MIN(f.rowid) FROM specification f WHERE f.event_id = specification.event_id);
)sql",
    // 8: the holds of an event's pending orders that ran out, found through the event, and an
    // organization's due for its sweep, through the organization: not through order_due, which
    // held every organization's that no sweep had closed yet (a live count and every place and
    // confirm read them all to keep one event's or one organization's), and goes: every sweep
    // is an organization's, and an order row has indexes enough to keep up to date.
    R"sql(
CREATE INDEX order_hold_by_event ON buy_order (event_id, state, expires_us);
CREATE INDEX order_due_by_organization ON buy_order (organization_id, state, expires_us);
DROP INDEX order_due;
)sql",
    // 9: the audit log paged by a filter walks an index of that filter in sequence order, for an
    // organization and for the platform's read of every organization: by operation (there was
    // none: an organization's rows of one operation were found by reading all its rows), and by
    // entity with the sequence spelled out (PostgreSQL sorted an entity's rows; here the rowid
    // ends every index anyway, so only the name of the new one is new).
    R"sql(
DROP INDEX audit_by_entity;
CREATE INDEX audit_by_entity_sequence ON audit_log (entity_id, sequence);
CREATE INDEX audit_by_organization_operation ON audit_log (organization_id, operation, sequence);
CREATE INDEX audit_by_operation ON audit_log (operation, sequence);
)sql",
    // 10: each organization's Ed25519 signing keys (rules/ticket_payload.hpp): one active key signs
    // new payloads, rotated ones still verify until retired; the private seed is hex, the key id
    // the public key's (values/signing_key.hpp), listed in the order they were made (rowid). A ticket's secret
    // generation, raised when its
    // secret is rotated (cancel, transfer), so that payloads of older generations are refused.
    R"sql(
CREATE TABLE signing_key (
    organization_id TEXT NOT NULL REFERENCES organization(id),
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    private_seed TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'verifying', 'retired')),
    created_us INTEGER NOT NULL,
    rotated_us INTEGER,
    retired_us INTEGER,
    PRIMARY KEY (organization_id, key_id)
);
CREATE UNIQUE INDEX signing_key_active ON signing_key (organization_id) WHERE state = 'active';
CREATE INDEX signing_key_by_organization ON signing_key (organization_id);
ALTER TABLE ticket ADD COLUMN generation INTEGER NOT NULL DEFAULT 1 CHECK (generation BETWEEN 1 AND 4294967295);
)sql",
    // 11 (refunds, issue 8): the refunds of tickets and orders with each ticket's part; whether an
    // organization's refunds give the fees back; an event's refund activity (tickets refunded or
    // with a refund in progress) paged through an index of just those, and a buyer's tickets
    // across events in issue order (tickets.mine); a door payment found by its ticket.
    R"sql(
ALTER TABLE organization ADD COLUMN refund_fees INTEGER NOT NULL DEFAULT 0 CHECK (refund_fees IN (0, 1));
CREATE TABLE refund (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    event_id TEXT NOT NULL REFERENCES event(id),
    order_id TEXT REFERENCES buy_order(id),
    ticket_id TEXT REFERENCES ticket(id),
    state TEXT NOT NULL CHECK (state IN ('in_progress', 'refunded', 'failed')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL,
    fees_included INTEGER NOT NULL CHECK (fees_included IN (0, 1)),
    allow_redeemed INTEGER NOT NULL CHECK (allow_redeemed IN (0, 1)),
    note TEXT NOT NULL,
    payment_reference TEXT,
    payment_gateway TEXT NOT NULL,
    gateway_reference TEXT,
    failure_reason TEXT,
    created_us INTEGER NOT NULL,
    closed_us INTEGER,
    CHECK (order_id IS NOT NULL OR ticket_id IS NOT NULL)
);
CREATE INDEX refund_by_event ON refund (event_id);
CREATE INDEX refund_by_order ON refund (order_id, state);
CREATE TABLE refund_ticket (
    refund_id TEXT NOT NULL REFERENCES refund(id),
    ticket_id TEXT NOT NULL REFERENCES ticket(id),
    position INTEGER NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    organization_id TEXT NOT NULL,
    PRIMARY KEY (refund_id, ticket_id)
) WITHOUT ROWID;
CREATE INDEX refund_ticket_by_ticket ON refund_ticket (ticket_id);
CREATE INDEX ticket_refund_activity ON ticket (event_id) WHERE is_refunded = 1 OR is_refund_in_progress = 1;
CREATE INDEX ticket_by_buyer_issued ON ticket (buyer_id);
CREATE INDEX payment_by_ticket ON payment (ticket_id);
)sql",
    // 12 (the door): board members of an organization, the ticket inspectors of an event
    // (removed ones kept, marked, for the scan log that names them), each ticket date's entries
    // and whether its holder is inside (the guard of redeem is a conditional write on those), and
    // the scan log: every scan, admitted or refused. An event's inspectors and scans page through
    // their indexes in creation order; a ticket date's scans and an event date's ticket dates
    // (an attendance feed) through theirs.
    R"sql(
CREATE TABLE board_member (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    created_us INTEGER NOT NULL
);
CREATE INDEX board_member_by_organization ON board_member (organization_id);
CREATE TABLE ticket_inspector (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    event_id TEXT NOT NULL REFERENCES event(id),
    kind TEXT NOT NULL CHECK (kind IN ('external', 'board_member')),
    board_member_id TEXT REFERENCES board_member(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    admissions INTEGER NOT NULL DEFAULT 0 CHECK (admissions >= 0),
    created_us INTEGER NOT NULL,
    removed_us INTEGER,
    CHECK ((kind = 'board_member') = (board_member_id IS NOT NULL))
);
CREATE INDEX ticket_inspector_by_event ON ticket_inspector (event_id) WHERE removed_us IS NULL;
CREATE UNIQUE INDEX ticket_inspector_board_member ON ticket_inspector (event_id, board_member_id)
    WHERE removed_us IS NULL AND board_member_id IS NOT NULL;
ALTER TABLE ticket_date ADD COLUMN entries INTEGER NOT NULL DEFAULT 0 CHECK (entries >= 0);
ALTER TABLE ticket_date ADD COLUMN inside INTEGER NOT NULL DEFAULT 0 CHECK (inside IN (0, 1));
UPDATE ticket_date SET entries = 1 WHERE is_redeemed = 1;
CREATE INDEX ticket_date_by_event_date ON ticket_date (event_date_id);
CREATE TABLE scan_log (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    event_id TEXT NOT NULL REFERENCES event(id),
    ticket_id TEXT REFERENCES ticket(id),
    ticket_date_id TEXT REFERENCES ticket_date(id),
    event_date_id TEXT REFERENCES event_date(id),
    inspector_id TEXT NOT NULL REFERENCES ticket_inspector(id),
    scan_point TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    nonce TEXT NOT NULL,
    reason TEXT,
    at_us INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    inside INTEGER NOT NULL CHECK (inside IN (0, 1))
);
CREATE INDEX scan_log_by_event ON scan_log (event_id);
CREATE INDEX scan_log_by_ticket_date ON scan_log (ticket_date_id);
)sql",
    // 13: transfers and cancellations: a transferred ticket (cancelled) names its successor, the
    // successor its predecessor; an event's revocation list (tickets whose secret was rotated,
    // generation > 1) walks a partial index of its own in issue order (rowid), however many
    // tickets the event has. The ticket.state CHECK is unchanged: a transferred ticket is
    // 'cancelled' with transferred_to set (altering the CHECK would rebuild the table).
    R"sql(
ALTER TABLE ticket ADD COLUMN transferred_from TEXT REFERENCES ticket(id);
ALTER TABLE ticket ADD COLUMN transferred_to TEXT REFERENCES ticket(id);
CREATE INDEX ticket_revocation ON ticket (event_id) WHERE generation > 1;
)sql",
    // 14 (offline scanners): where a scan was decided (online at the store, or offline and
    // imported by door.import_scans), and whether an imported scan the offline scanner admitted
    // conflicts with what the store had (kept in the log, never dropped). Existing scans are
    // online ones without conflict.
    R"sql(
ALTER TABLE scan_log ADD COLUMN source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'offline'));
ALTER TABLE scan_log ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1));
)sql",
    // 15 (the box office, seed 001): an organization's per-sale box-office fee and its VAT;
    // the global sale-number counter (one row; the services draw from it in a transaction of its
    // own, so a number is never given twice); sales and their items, with the prices of the last
    // pricing; a paid order made by a committed sale names it. An organization's sales page
    // through sale_by_organization in creation order; open sales whose hold ran out are found
    // through sale_due; a sale's items through sale_item_by_sale; a sale's POS terminal
    // payments (the reader is the staff area's) through pos_payment_by_sale.
    R"sql(
ALTER TABLE organization ADD COLUMN box_office_fee INTEGER NOT NULL DEFAULT 0 CHECK (box_office_fee >= 0);
ALTER TABLE organization ADD COLUMN box_office_fee_vat_rate INTEGER NOT NULL DEFAULT 0
    CHECK (box_office_fee_vat_rate BETWEEN 0 AND 10000);
CREATE TABLE sale_number (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO sale_number (id, last) VALUES (1, 0);
CREATE TABLE sale (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    number TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL
        CHECK (state IN ('open', 'payment_pending', 'committed', 'expired', 'withdrawn', 'canceled')),
    currency TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    committer_id TEXT,
    payment_type TEXT CHECK (payment_type IN ('cash', 'card', 'pos_terminal', 'payment_link', 'invoice', 'free')),
    payment_reference TEXT,
    customer_data TEXT,
    search_text TEXT NOT NULL,
    box_office_fee INTEGER NOT NULL CHECK (box_office_fee >= 0),
    box_office_fee_vat_rate INTEGER NOT NULL,
    box_office_fee_vat INTEGER NOT NULL,
    grand_total INTEGER NOT NULL,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    expires_us INTEGER NOT NULL,
    committed_us INTEGER,
    canceled_us INTEGER
);
CREATE INDEX sale_by_organization ON sale (organization_id);
CREATE INDEX sale_due ON sale (organization_id, expires_us) WHERE state = 'open';
CREATE TABLE sale_item (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    sale_id TEXT NOT NULL REFERENCES sale(id),
    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'product', 'discount')),
    event_id TEXT REFERENCES event(id),
    specification_id TEXT REFERENCES specification(id),
    product_id TEXT,
    seatmap_id TEXT,
    seat_id TEXT,
    volume_id TEXT,
    promo_code_id TEXT REFERENCES promo_code(id),
    percent_off INTEGER,
    amount_off INTEGER,
    reason TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    claim_id TEXT,
    name TEXT NOT NULL,
    names TEXT NOT NULL,
    unit_price INTEGER NOT NULL,
    subtotal INTEGER NOT NULL,
    discount INTEGER NOT NULL,
    platform_fee INTEGER NOT NULL,
    percentage_fee INTEGER NOT NULL,
    vat_rate INTEGER NOT NULL,
    vat INTEGER NOT NULL
);
CREATE INDEX sale_item_by_sale ON sale_item (sale_id);
ALTER TABLE buy_order ADD COLUMN sale_id TEXT REFERENCES sale(id);
CREATE INDEX order_by_sale ON buy_order (sale_id) WHERE sale_id IS NOT NULL;
CREATE TABLE pos_payment (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    sale_id TEXT NOT NULL REFERENCES sale(id),
    reader_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('requires_terminal_action', 'succeeded', 'canceled')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    closed_us INTEGER
);
CREATE INDEX pos_payment_by_sale ON pos_payment (sale_id);
)sql",
    // 16 (staff, issue 9): an organization's POS readers (seed 001's
    // posReaders: label, status), their labels unique per organization by a key that ignores ASCII
    // case (rules::pos_reader_label_key), and its staff users: the Actor id the web layer maps a
    // person to, within the organization (two organizations may each have a user of one id), with a
    // name and the reader assigned to them. Both list through an index in creation order (rowid).
    R"sql(
CREATE TABLE pos_reader (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    label TEXT NOT NULL,
    label_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DISCONNECTED')),
    created_us INTEGER NOT NULL
);
CREATE INDEX pos_reader_by_organization ON pos_reader (organization_id);
CREATE UNIQUE INDEX pos_reader_label ON pos_reader (organization_id, label_key);
CREATE TABLE staff_user (
    user_id TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    name TEXT NOT NULL,
    pos_reader_id TEXT REFERENCES pos_reader(id),
    created_us INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX staff_user_by_organization ON staff_user (organization_id);
)sql",
    // 17 (products, issue 9): an organization's non-ticket items (a programme, a cloakroom token)
    // with their price in the organization's currency, VAT rate, localized names (JSON text, as
    // perks are), optional stock and its derived sold/reserved counters; and the ledger of their
    // stock claims, a row per claim, which the counters are recounted from. No CHECK ties the
    // counters to the stock: the guard is the conditional UPDATE of a claim (and
    // check_integrity() reports a stock exceeded). An organization's products page through
    // product_by_organization in creation order (rowid).
    R"sql(
CREATE TABLE product (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    name TEXT NOT NULL,
    names TEXT NOT NULL,
    description TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    currency TEXT NOT NULL,
    vat_rate INTEGER NOT NULL CHECK (vat_rate BETWEEN 0 AND 10000),
    stock INTEGER CHECK (stock >= 0),
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    is_active INTEGER NOT NULL CHECK (is_active IN (0, 1)),
    created_us INTEGER NOT NULL
);
CREATE INDEX product_by_organization ON product (organization_id);
CREATE TABLE product_claim (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    product_id TEXT NOT NULL REFERENCES product(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    state TEXT NOT NULL CHECK (state IN ('reserved', 'sold', 'released')),
    source TEXT NOT NULL,
    created_us INTEGER NOT NULL
);
CREATE INDEX product_claim_by_product ON product_claim (product_id, state);
)sql",
    // 18 (seat maps): an event's seat maps, their seats (one per place: section, row and number,
    // kept as one key) and volumes (general-admission zones with a capacity). A seat's and a
    // volume's sold/reserved counters are the ledger's derived cache like a pool's; a claim names
    // the seat or volume it holds (inventory_claim.seat_id / volume_id), so that a sale item's or
    // a ticket's seat is found from its claim, and check_integrity recounts them. A seat map's
    // seats page through their index in creation order (rowid).
    R"sql(
CREATE TABLE seatmap (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    event_id TEXT NOT NULL REFERENCES event(id),
    name TEXT NOT NULL,
    created_us INTEGER NOT NULL
);
CREATE INDEX seatmap_by_event ON seatmap (event_id);
CREATE TABLE seat (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    seatmap_id TEXT NOT NULL REFERENCES seatmap(id),
    section TEXT NOT NULL,
    seat_row TEXT NOT NULL,
    number TEXT NOT NULL,
    label TEXT NOT NULL,
    place TEXT NOT NULL,
    ticket_type_ids TEXT NOT NULL DEFAULT '[]',
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0)
);
CREATE UNIQUE INDEX seat_place ON seat (seatmap_id, place);
CREATE INDEX seat_by_seatmap ON seat (seatmap_id);
CREATE TABLE volume (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id),
    seatmap_id TEXT NOT NULL REFERENCES seatmap(id),
    name TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    ticket_type_ids TEXT NOT NULL DEFAULT '[]',
    sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0)
);
CREATE INDEX volume_by_seatmap ON volume (seatmap_id);
ALTER TABLE inventory_claim ADD COLUMN seat_id TEXT REFERENCES seat(id);
ALTER TABLE inventory_claim ADD COLUMN volume_id TEXT REFERENCES volume(id);
CREATE INDEX claim_by_seat ON inventory_claim (seat_id);
CREATE INDEX claim_by_volume ON inventory_claim (volume_id);
)sql",
    // 19 (the customer-data form, issue 9): the fields `sales.apply_customer_data` takes, as a JSON
    // array of {key, type}; NULL is the default form.
    R"sql(
ALTER TABLE organization ADD COLUMN customer_form TEXT CHECK (customer_form IS NULL OR json_valid(customer_form));
)sql",
    // 20 (reports, issue 10): the money of what each specification has sold, kept as counters so
    // that sales_per_specification never reads the ledger. A claim carries the money of its units
    // (an order line's total, fees and VAT; a door activation's payment), and a specification's
    // sold_revenue / sold_fees / sold_vat are the sums over its sold claims, moved in the same
    // writes as its sold count (a unit given back takes its share of the claim's money along).
    // Existing claims take their order line's money for the units they still hold.
    R"sql(
ALTER TABLE inventory_claim ADD COLUMN revenue INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inventory_claim ADD COLUMN fees INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inventory_claim ADD COLUMN vat INTEGER NOT NULL DEFAULT 0;
ALTER TABLE specification ADD COLUMN sold_revenue INTEGER NOT NULL DEFAULT 0;
ALTER TABLE specification ADD COLUMN sold_fees INTEGER NOT NULL DEFAULT 0;
ALTER TABLE specification ADD COLUMN sold_vat INTEGER NOT NULL DEFAULT 0;
UPDATE inventory_claim SET
    revenue = (SELECT l.total * inventory_claim.quantity / l.amount FROM order_line l
               WHERE l.claim_id = inventory_claim.id AND l.organization_id = inventory_claim.organization_id),
    fees = (SELECT (l.platform_fee + l.percentage_fee) * inventory_claim.quantity / l.amount FROM order_line l
            WHERE l.claim_id = inventory_claim.id AND l.organization_id = inventory_claim.organization_id),
    vat = (SELECT l.vat * inventory_claim.quantity / l.amount FROM order_line l
           WHERE l.claim_id = inventory_claim.id AND l.organization_id = inventory_claim.organization_id)
WHERE state <> 'released' AND id IN (SELECT claim_id FROM order_line WHERE claim_id IS NOT NULL);
UPDATE specification SET
    sold_revenue = (SELECT COALESCE(SUM(c.revenue), 0) FROM inventory_claim c WHERE c.organization_id =
                    specification.organization_id AND c.specification_id = specification.id AND c.state = 'sold'),
    sold_fees = (SELECT COALESCE(SUM(c.fees), 0) FROM inventory_claim c WHERE c.organization_id =
                 specification.organization_id AND c.specification_id = specification.id AND c.state = 'sold'),
    sold_vat = (SELECT COALESCE(SUM(c.vat), 0) FROM inventory_claim c WHERE c.organization_id =
                specification.organization_id AND c.specification_id = specification.id AND c.state = 'sold');
)sql",
    // 21 (reports, issue 10: attendance, sales over time, the box office): the indexes their reads
    // walk, each leading with the organization and the event so that a report of one event reads
    // that event's rows alone, most of them covering. An event's admitted scans in time order
    // (entries per hour) and all its scans by scan point (per scan point); its offline conflicts
    // in the order logged (a page of them); an event date's redeemed ticket dates with their
    // entries and those whose holder is inside (counted, never read); an event's paid orders by
    // payment time with their channel (sale_id), and order lines with what they sold (sales over
    // time); its comps and pre-generated tickets (ticket of no order) with their times; a sale's
    // ticket items of an event (the box office); an organization's open sales in creation order.
    // SQLite reads a partial index as covering only when it holds the columns its condition names
    // (reason, is_redeemed, inside), and a row's id is no part of an index of its own
    // (order_paid_by_event holds it).
    R"sql(
CREATE INDEX scan_log_admitted_by_time ON scan_log (organization_id, event_id, at_us, direction, reason)
    WHERE reason IS NULL;
CREATE INDEX scan_log_by_point ON scan_log (organization_id, event_id, scan_point, direction, reason, conflict);
CREATE INDEX scan_log_conflicts ON scan_log (organization_id, event_id) WHERE conflict = 1;
CREATE INDEX ticket_date_redeemed_by_date ON ticket_date (organization_id, event_date_id, entries, is_redeemed)
    WHERE is_redeemed = 1;
CREATE INDEX ticket_date_inside_by_date ON ticket_date (organization_id, event_date_id, inside) WHERE inside = 1;
CREATE INDEX order_paid_by_event ON buy_order (organization_id, event_id, paid_us, sale_id, id)
    WHERE paid_us IS NOT NULL;
CREATE INDEX order_line_totals ON order_line (order_id, organization_id, amount, total);
CREATE INDEX ticket_unsold_by_event ON ticket (organization_id, event_id, kind, created_us, purchase_us)
    WHERE kind <> 'order';
CREATE INDEX sale_item_by_event ON sale_item (organization_id, event_id, sale_id) WHERE kind = 'ticket';
CREATE INDEX sale_open ON sale (organization_id) WHERE state IN ('open', 'payment_pending');
)sql",
    // 22 (reports, issue 10): an order's tickets and total (the sums of its lines, which never
    // change once placed) on the order itself, written when it is placed, so that the order totals
    // per state and the sales over time read one covering index of the event's orders and no
    // order line: order_totals_by_event (every order with its state and hold, grouped by state in
    // its order), order_paid_by_event again, keyed by the minute each order was paid (the
    // expression of store/sql/activity_reports.cpp, so that grouping by minute follows the index)
    // and holding paid_us (SQLite reads an index on an expression as covering only then), with
    // the money in place of the id it joined the lines by (which order_line_totals
    // served, no longer needed).
    R"sql(
ALTER TABLE buy_order ADD COLUMN tickets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE buy_order ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
UPDATE buy_order SET
    tickets = (SELECT COALESCE(SUM(l.amount), 0) FROM order_line l
               WHERE l.order_id = buy_order.id AND l.organization_id = buy_order.organization_id),
    total = (SELECT COALESCE(SUM(l.total), 0) FROM order_line l
             WHERE l.order_id = buy_order.id AND l.organization_id = buy_order.organization_id);
DROP INDEX order_paid_by_event;
DROP INDEX order_line_totals;
CREATE INDEX order_paid_by_event ON buy_order (organization_id, event_id, ((paid_us + 62135596800000000) / 60000000),
    paid_us, sale_id, tickets, total) WHERE paid_us IS NOT NULL;
CREATE INDEX order_totals_by_event ON buy_order (organization_id, event_id, state, expires_us, tickets, total);
)sql",
};

}  // namespace

int latest_version() noexcept {
    return static_cast<int>(migrations.size());
}

void migrate(Connection& db, int target) {
    if (target < 0 || target > latest_version()) {
        throw fail::invalid_schema_version(target);
    }
    for (int version = db.execAndGet("PRAGMA user_version").getInt(); version < target; ++version) {
        db.exec(std::string(migrations[static_cast<std::size_t>(version)]));
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    }
}

}  // namespace ticketcore::sqlite
