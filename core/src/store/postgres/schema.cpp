// The versioned schema of a PostgreSQL store. Each entry moves the database one version up;
// entries are never edited once released, only appended.
//
// Version 1 is the logical schema of SQLite's latest version (store/sqlite/schema.cpp), with the
// same table and column names, so that the shared SQL of store/sql runs on both. What differs:
//  - Every table carries `organization_id text NOT NULL` (audit_log's was nullable until
//    version 5), so that the tables can be distributed by organization on Citus. `organization`
//    itself is the exception: its `id` is the organization. Version 5 puts organization_id into
//    every key.
//  - Every table has `seq bigint GENERATED ALWAYS AS IDENTITY`: the insertion order, which the
//    shared SQL reads as SQLite's `rowid`. audit_log and outbox number their rows with
//    `sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`, and their seq is that number.
//    Indexes end in seq where SQLite relies on the rowid order inside an index.
//  - Money is bigint minor units beside a currency column (on the row, its event or its order,
//    which a COMMENT on each money column names since version 6); instants are
//    bigint microseconds since 1970-01-01 UTC in the columns named *_us; counts are bigint.
//  - Flags are smallint 0/1 with a CHECK, as SQLite's 0/1 integers, so that `is_active = 1` and
//    `SET paid_without_capacity = 0` read the same on both.
//  - JSON stays text (perks, accepted_scan_points, payloads, result_ids).
// The version lives in the one-row table ticketcore_schema.
#include "store/postgres/schema.hpp"

#include <array>
#include <string>
#include <string_view>

#include "store/sql/statement.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::postgres::schema {

namespace {

constexpr std::array<std::string_view, 20> migrations = {
    // 1: the whole store, as SQLite's version 4.
    R"sql(
CREATE TABLE ticketcore_schema (
    version integer NOT NULL,
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row)
);
INSERT INTO ticketcore_schema (version) VALUES (0);

CREATE TABLE organization (
    id text PRIMARY KEY,
    name text NOT NULL,
    currency text NOT NULL,
    rounding text NOT NULL,
    billing_profile_enabled smallint NOT NULL DEFAULT 0 CHECK (billing_profile_enabled IN (0, 1)),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE TABLE event (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organization(id),
    name text NOT NULL,
    description text NOT NULL,
    location text NOT NULL,
    time_zone text NOT NULL,
    currency text NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'published', 'completed')),
    platform_fee bigint NOT NULL CHECK (platform_fee >= 0),
    percentage_fee bigint NOT NULL CHECK (percentage_fee >= 0),
    vat_rate bigint NOT NULL CHECK (vat_rate >= 0),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX event_by_organization ON event (organization_id, seq);
CREATE TABLE event_date (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    event_id text NOT NULL REFERENCES event(id),
    start_us bigint NOT NULL,
    end_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    CHECK (start_us < end_us)
);
CREATE INDEX event_date_by_event ON event_date (event_id, start_us);
CREATE TABLE specification (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    event_id text NOT NULL REFERENCES event(id),
    name text NOT NULL,
    description text NOT NULL,
    price bigint NOT NULL CHECK (price >= 0),
    ticket_platform_fee bigint NOT NULL CHECK (ticket_platform_fee >= 0),
    ticket_percentage_fee bigint NOT NULL CHECK (ticket_percentage_fee >= 0),
    number_of_tickets_for_sale bigint CHECK (number_of_tickets_for_sale >= 0),
    maximum_number_of_tickets_per_user bigint CHECK (maximum_number_of_tickets_per_user >= 0),
    is_active smallint NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
    sale_start_us bigint,
    sale_end_us bigint,
    perks text NOT NULL DEFAULT '[]',
    visibility text NOT NULL CHECK (visibility IN ('public', 'private', 'invite-only')),
    transferable smallint NOT NULL CHECK (transferable IN (0, 1)),
    allow_reentry smallint NOT NULL CHECK (allow_reentry IN (0, 1)),
    reentry_limit bigint,
    accepted_scan_points text NOT NULL DEFAULT '[]',
    refund_policy text NOT NULL,
    sold bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX specification_by_event ON specification (event_id, seq);
CREATE INDEX specification_by_organization ON specification (organization_id, seq);
CREATE TABLE specification_date (
    specification_id text NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    event_date_id text NOT NULL REFERENCES event_date(id),
    organization_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (specification_id, event_date_id)
);
CREATE TABLE audit_log (
    sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_us bigint NOT NULL,
    actor_id text NOT NULL,
    organization_id text,
    operation text NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    payload text NOT NULL,
    seq bigint GENERATED ALWAYS AS (sequence) STORED
);
CREATE INDEX audit_by_entity ON audit_log (entity_id);
CREATE INDEX audit_by_organization ON audit_log (organization_id, sequence);

CREATE TABLE specification_name (
    specification_id text NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    locale text NOT NULL,
    name text NOT NULL,
    organization_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (specification_id, locale)
);
CREATE TABLE pool (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    event_id text NOT NULL REFERENCES event(id),
    name text NOT NULL,
    size bigint NOT NULL CHECK (size >= 0),
    sold bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX pool_by_event ON pool (event_id, seq);
CREATE INDEX pool_by_organization ON pool (organization_id, seq);
CREATE TABLE pool_member (
    pool_id text NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
    specification_id text NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    organization_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (pool_id, specification_id)
);
CREATE INDEX pool_member_by_specification ON pool_member (specification_id);
CREATE TABLE inventory_claim (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    specification_id text NOT NULL REFERENCES specification(id),
    quantity bigint NOT NULL CHECK (quantity > 0),
    state text NOT NULL CHECK (state IN ('reserved', 'sold', 'released')),
    source text NOT NULL,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX claim_by_specification ON inventory_claim (specification_id, state);

CREATE TABLE buyer (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organization(id),
    identity text NOT NULL,
    user_id text,
    name text NOT NULL,
    email text NOT NULL,
    phone text NOT NULL,
    avatar_url text NOT NULL,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    UNIQUE (organization_id, identity)
);
CREATE TABLE promo_code (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    event_id text NOT NULL REFERENCES event(id),
    code text NOT NULL,
    percent_off bigint CHECK (percent_off BETWEEN 1 AND 10000),
    amount_off bigint CHECK (amount_off > 0),
    usage_limit bigint CHECK (usage_limit >= 0),
    uses bigint NOT NULL DEFAULT 0 CHECK (uses >= 0),
    valid_from_us bigint,
    valid_until_us bigint,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    CHECK (percent_off IS NULL OR amount_off IS NULL),
    UNIQUE (event_id, code)
);
CREATE INDEX promo_code_by_event ON promo_code (event_id, seq);
CREATE TABLE promo_code_specification (
    promo_code_id text NOT NULL REFERENCES promo_code(id) ON DELETE CASCADE,
    specification_id text NOT NULL REFERENCES specification(id) ON DELETE CASCADE,
    unlocks smallint NOT NULL CHECK (unlocks IN (0, 1)),
    organization_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (promo_code_id, specification_id, unlocks)
);
CREATE TABLE buy_order (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organization(id),
    event_id text NOT NULL REFERENCES event(id),
    buyer_id text NOT NULL REFERENCES buyer(id),
    state text NOT NULL CHECK (state IN ('pending', 'paid', 'expired', 'cancelled')),
    comment text NOT NULL,
    payment_gateway text NOT NULL,
    charge_session_id text,
    promo_code_id text REFERENCES promo_code(id),
    currency text NOT NULL,
    paid_without_capacity smallint NOT NULL DEFAULT 0 CHECK (paid_without_capacity IN (0, 1)),
    created_us bigint NOT NULL,
    expires_us bigint NOT NULL,
    paid_us bigint,
    closed_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX order_by_event ON buy_order (event_id, state, seq);
CREATE INDEX order_by_buyer ON buy_order (buyer_id, state, seq);
CREATE INDEX order_by_holder ON buy_order (buyer_id, event_id, seq);
CREATE INDEX order_due ON buy_order (state, expires_us);
CREATE TABLE order_line (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    order_id text NOT NULL REFERENCES buy_order(id),
    position bigint NOT NULL,
    specification_id text NOT NULL REFERENCES specification(id),
    amount bigint NOT NULL CHECK (amount > 0),
    unit_price bigint NOT NULL,
    subtotal bigint NOT NULL,
    discount bigint NOT NULL,
    platform_fee bigint NOT NULL,
    percentage_fee bigint NOT NULL,
    vat bigint NOT NULL,
    total bigint NOT NULL,
    claim_id text REFERENCES inventory_claim(id),
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX order_line_by_order ON order_line (order_id, position);
CREATE INDEX order_line_by_specification ON order_line (specification_id);
CREATE TABLE ticket_holder (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    event_id text NOT NULL REFERENCES event(id),
    buyer_id text NOT NULL REFERENCES buyer(id),
    issue_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    UNIQUE (event_id, buyer_id)
);
CREATE INDEX ticket_holder_by_event ON ticket_holder (event_id, seq);
CREATE TABLE ticket (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organization(id),
    event_id text NOT NULL REFERENCES event(id),
    specification_id text NOT NULL REFERENCES specification(id),
    kind text NOT NULL CHECK (kind IN ('order', 'comp', 'pre-generated')),
    state text NOT NULL CHECK (state IN ('unactivated', 'valid', 'cancelled')),
    order_id text REFERENCES buy_order(id),
    buyer_id text REFERENCES buyer(id),
    holder_name text NOT NULL,
    holder_email text NOT NULL,
    note text NOT NULL,
    secret text NOT NULL,
    purchase_us bigint,
    is_refunded smallint NOT NULL DEFAULT 0 CHECK (is_refunded IN (0, 1)),
    is_refund_in_progress smallint NOT NULL DEFAULT 0 CHECK (is_refund_in_progress IN (0, 1)),
    claim_id text NOT NULL REFERENCES inventory_claim(id),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX ticket_by_order ON ticket (order_id, seq);
CREATE INDEX ticket_by_buyer ON ticket (buyer_id, specification_id, seq);
CREATE INDEX ticket_by_event ON ticket (event_id, seq);
CREATE INDEX ticket_by_holder ON ticket (buyer_id, event_id, seq);
CREATE TABLE ticket_date (
    id text PRIMARY KEY,
    organization_id text NOT NULL,
    ticket_id text NOT NULL REFERENCES ticket(id),
    event_date_id text NOT NULL REFERENCES event_date(id),
    is_redeemed smallint NOT NULL DEFAULT 0 CHECK (is_redeemed IN (0, 1)),
    redeemed_us bigint,
    redeemed_by text,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX ticket_date_by_ticket ON ticket_date (ticket_id, seq);
CREATE TABLE payment (
    id text PRIMARY KEY,
    organization_id text NOT NULL REFERENCES organization(id),
    order_id text REFERENCES buy_order(id),
    ticket_id text REFERENCES ticket(id),
    reference text NOT NULL,
    gateway text NOT NULL,
    amount bigint NOT NULL,
    currency text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('applied', 'paid_without_capacity')),
    received_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX payment_by_order ON payment (order_id, seq);
CREATE TABLE idempotency (
    organization_id text NOT NULL,
    operation text NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    result_ids text NOT NULL,
    created_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT idempotency_pkey PRIMARY KEY (organization_id, operation, key)
);
CREATE TABLE outbox (
    sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id text NOT NULL,
    topic text NOT NULL,
    entity_id text NOT NULL,
    payload text NOT NULL,
    created_us bigint NOT NULL,
    acknowledged_us bigint,
    seq bigint GENERATED ALWAYS AS (sequence) STORED
);
CREATE INDEX outbox_pending ON outbox (organization_id, acknowledged_us, sequence);
)sql",
    // 2: every list pages through an index in its own order: an event's orders in placing order
    // (order_by_event serves one state), an organization's events of one state, an event's
    // holders by their first ticket.
    R"sql(
CREATE INDEX order_by_event_placed ON buy_order (event_id, seq);
CREATE INDEX event_by_state ON event (organization_id, state, seq);
CREATE INDEX ticket_holder_by_issue ON ticket_holder (event_id, issue_us, id);
)sql",
    // 3: an event's holder count kept as counters (SQLite's version 7): each holder counts once,
    // on the specification of the ticket that made them a holder, whose row that write already
    // locks, so the count adds no lock of its own; existing holders go to each event's first
    // specification.
    R"sql(
ALTER TABLE specification ADD COLUMN holders bigint NOT NULL DEFAULT 0 CHECK (holders >= 0);
UPDATE specification SET holders = (SELECT COUNT(*) FROM ticket_holder h WHERE h.event_id = specification.event_id)
WHERE seq = (SELECT MIN(f.seq) FROM specification f WHERE f.event_id = specification.event_id);
)sql",
    // 4: the holds of an event's pending orders that ran out, found through the event, and an
    // organization's due for its sweep, through the organization (SQLite's version 8): not
    // through order_due, which held every organization's that no sweep had closed yet, and goes
    // (every sweep is an organization's; an order row has indexes enough to keep up to date).
    R"sql(
CREATE INDEX order_hold_by_event ON buy_order (event_id, state, expires_us);
CREATE INDEX order_due_by_organization ON buy_order (organization_id, state, expires_us);
DROP INDEX order_due;
)sql",
    // 5: every primary key, unique constraint and foreign key among the organizations' tables
    // includes organization_id, as Citus requires of the tables it distributes by that column
    // (docs/postgresql.md, "Towards Citus"). A key (id) becomes (id, organization_id), so that a
    // read by id alone still finds its row through it; a foreign key (event_id) becomes
    // (event_id, organization_id) referencing the new key, with its ON DELETE kept. Foreign keys
    // to organization(id) stay: that table is distributed by its id, the organization.
    // audit_log.organization_id becomes NOT NULL, as a distribution column must be: no version
    // of the PostgreSQL engine wrote a row without one (an organization's creation is filed
    // under the new organization). Done over the catalogue rather than table by table, so that
    // no key is missed.
    R"sql(
ALTER TABLE audit_log ALTER COLUMN organization_id SET NOT NULL;
DO $$
DECLARE
    r record;
    statement text;
    additions text[] := '{}';
BEGIN
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS owner, c.confrelid::regclass AS target, c.confdeltype,
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.conkey)
                    WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.confkey)
                    WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS targets
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
          AND c.confrelid <> 'organization'::regclass
    LOOP
        additions := additions || format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%s, organization_id) '
                                         'REFERENCES %s (%s, organization_id)%s', r.owner, r.conname, r.columns,
                                         r.target, r.targets,
                                         CASE r.confdeltype WHEN 'c' THEN ' ON DELETE CASCADE' ELSE '' END);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.owner, r.conname);
    END LOOP;
    FOR r IN
        SELECT c.conname, c.conrelid::regclass AS owner, c.contype,
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.conkey)
                    WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns
        FROM pg_constraint c
        WHERE c.contype IN ('p', 'u') AND c.connamespace = current_schema()::regnamespace
          AND c.conrelid NOT IN ('organization'::regclass, 'ticketcore_schema'::regclass)
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                          AND a.attname = 'organization_id')
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I, ADD CONSTRAINT %I %s (%s, organization_id)', r.owner,
                       r.conname, r.conname, CASE r.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, r.columns);
    END LOOP;
    FOREACH statement IN ARRAY additions LOOP
        EXECUTE statement;
    END LOOP;
END $$;
)sql",
    // 6: the audit log paged by a filter walks an index of that filter in sequence order
    // (SQLite's version 9), for an organization and for the platform's read of every
    // organization: an entity's rows were sorted after the lookup, and an organization's rows of
    // one operation found by reading all the table (no index had the operation).
    R"sql(
DROP INDEX audit_by_entity;
CREATE INDEX audit_by_entity_sequence ON audit_log (entity_id, sequence);
CREATE INDEX audit_by_organization_operation ON audit_log (organization_id, operation, sequence);
CREATE INDEX audit_by_operation ON audit_log (operation, sequence);
)sql",
    // 7: every money column says in which currency its minor units are: the row's own currency
    // column, or that of the event or order the row belongs to, so that a reader in psql need not
    // know the code (nothing else changes; the *_us columns are commented after every migration).
    R"sql(
COMMENT ON COLUMN event.platform_fee IS 'minor units of event.currency';
COMMENT ON COLUMN specification.price IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN specification.ticket_platform_fee IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN promo_code.amount_off IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN order_line.unit_price IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN order_line.subtotal IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN order_line.discount IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN order_line.platform_fee IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN order_line.percentage_fee IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN order_line.vat IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN order_line.total IS 'minor units of its order''s currency (buy_order.currency)';
COMMENT ON COLUMN payment.amount IS 'minor units of payment.currency';
)sql",
    // 8: each organization's Ed25519 signing keys and a ticket's secret generation (SQLite's
    // version 10).
    R"sql(
CREATE TABLE signing_key (
    organization_id text NOT NULL REFERENCES organization(id),
    key_id text NOT NULL,
    public_key text NOT NULL,
    private_seed text NOT NULL,
    state text NOT NULL CHECK (state IN ('active', 'verifying', 'retired')),
    created_us bigint NOT NULL,
    rotated_us bigint,
    retired_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (key_id, organization_id)
);
CREATE UNIQUE INDEX signing_key_active ON signing_key (organization_id) WHERE state = 'active';
CREATE INDEX signing_key_by_organization ON signing_key (organization_id, seq);
ALTER TABLE ticket ADD COLUMN generation bigint NOT NULL DEFAULT 1 CHECK (generation BETWEEN 1 AND 4294967295);
)sql",
    // 9 (refunds, issue 8; SQLite's version 11): the refunds of tickets and orders with each
    // ticket's part; whether an organization's refunds give the fees back; an event's refund
    // activity (tickets refunded or with a refund in progress) paged through a partial index of
    // just those, a buyer's tickets across events in issue order (tickets.mine), a door payment
    // by its ticket. Keys include
    // organization_id, as version 5 made every key.
    R"sql(
ALTER TABLE organization ADD COLUMN refund_fees smallint NOT NULL DEFAULT 0 CHECK (refund_fees IN (0, 1));
CREATE TABLE refund (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    event_id text NOT NULL,
    order_id text,
    ticket_id text,
    state text NOT NULL CHECK (state IN ('in_progress', 'refunded', 'failed')),
    amount bigint NOT NULL CHECK (amount >= 0),
    currency text NOT NULL,
    fees_included smallint NOT NULL CHECK (fees_included IN (0, 1)),
    allow_redeemed smallint NOT NULL CHECK (allow_redeemed IN (0, 1)),
    note text NOT NULL,
    payment_reference text,
    payment_gateway text NOT NULL,
    gateway_reference text,
    failure_reason text,
    created_us bigint NOT NULL,
    closed_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    CHECK (order_id IS NOT NULL OR ticket_id IS NOT NULL),
    CONSTRAINT refund_pkey PRIMARY KEY (id, organization_id),
    CONSTRAINT refund_event_id_fkey FOREIGN KEY (event_id, organization_id) REFERENCES event (id, organization_id),
    CONSTRAINT refund_order_id_fkey FOREIGN KEY (order_id, organization_id)
        REFERENCES buy_order (id, organization_id),
    CONSTRAINT refund_ticket_id_fkey FOREIGN KEY (ticket_id, organization_id) REFERENCES ticket (id, organization_id)
);
COMMENT ON COLUMN refund.amount IS 'minor units of refund.currency';
CREATE INDEX refund_by_event ON refund (event_id, seq);
CREATE INDEX refund_by_order ON refund (order_id, state, seq);
CREATE TABLE refund_ticket (
    refund_id text NOT NULL,
    ticket_id text NOT NULL,
    position bigint NOT NULL,
    amount bigint NOT NULL CHECK (amount >= 0),
    organization_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT refund_ticket_pkey PRIMARY KEY (refund_id, ticket_id, organization_id),
    CONSTRAINT refund_ticket_refund_id_fkey FOREIGN KEY (refund_id, organization_id)
        REFERENCES refund (id, organization_id),
    CONSTRAINT refund_ticket_ticket_id_fkey FOREIGN KEY (ticket_id, organization_id)
        REFERENCES ticket (id, organization_id)
);
COMMENT ON COLUMN refund_ticket.amount IS 'minor units of its refund''s currency (refund.currency)';
CREATE INDEX refund_ticket_by_ticket ON refund_ticket (ticket_id, seq);
CREATE INDEX ticket_refund_activity ON ticket (event_id, seq) WHERE is_refunded = 1 OR is_refund_in_progress = 1;
CREATE INDEX ticket_by_buyer_issued ON ticket (buyer_id, seq);
CREATE INDEX payment_by_ticket ON payment (ticket_id, seq);
)sql",
    // 10 (the door; SQLite's version 12): board members, ticket inspectors (removed ones kept,
    // marked), each ticket date's entries and inside state (redeem's guard is a conditional write
    // on them), and the scan log. Keys include organization_id as version 5 made every key.
    R"sql(
CREATE TABLE board_member (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    name text NOT NULL,
    email text NOT NULL,
    phone_number text NOT NULL,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id)
);
CREATE INDEX board_member_by_organization ON board_member (organization_id, seq);
CREATE TABLE ticket_inspector (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    event_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('external', 'board_member')),
    board_member_id text,
    name text NOT NULL,
    email text NOT NULL,
    phone_number text NOT NULL,
    admissions bigint NOT NULL DEFAULT 0 CHECK (admissions >= 0),
    created_us bigint NOT NULL,
    removed_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (event_id, organization_id) REFERENCES event (id, organization_id),
    FOREIGN KEY (board_member_id, organization_id) REFERENCES board_member (id, organization_id),
    CHECK ((kind = 'board_member') = (board_member_id IS NOT NULL))
);
CREATE INDEX ticket_inspector_by_event ON ticket_inspector (organization_id, event_id, seq) WHERE removed_us IS NULL;
CREATE UNIQUE INDEX ticket_inspector_board_member ON ticket_inspector (event_id, board_member_id, organization_id)
    WHERE removed_us IS NULL AND board_member_id IS NOT NULL;
ALTER TABLE ticket_date ADD COLUMN entries bigint NOT NULL DEFAULT 0 CHECK (entries >= 0);
ALTER TABLE ticket_date ADD COLUMN inside smallint NOT NULL DEFAULT 0 CHECK (inside IN (0, 1));
UPDATE ticket_date SET entries = 1 WHERE is_redeemed = 1;
CREATE INDEX ticket_date_by_event_date ON ticket_date (event_date_id, seq);
CREATE TABLE scan_log (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    event_id text NOT NULL,
    ticket_id text,
    ticket_date_id text,
    event_date_id text,
    inspector_id text NOT NULL,
    scan_point text NOT NULL,
    direction text NOT NULL CHECK (direction IN ('in', 'out')),
    nonce text NOT NULL,
    reason text,
    at_us bigint NOT NULL,
    entries bigint NOT NULL,
    inside smallint NOT NULL CHECK (inside IN (0, 1)),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (event_id, organization_id) REFERENCES event (id, organization_id),
    FOREIGN KEY (ticket_id, organization_id) REFERENCES ticket (id, organization_id),
    FOREIGN KEY (ticket_date_id, organization_id) REFERENCES ticket_date (id, organization_id),
    FOREIGN KEY (event_date_id, organization_id) REFERENCES event_date (id, organization_id),
    FOREIGN KEY (inspector_id, organization_id) REFERENCES ticket_inspector (id, organization_id)
);
CREATE INDEX scan_log_by_event ON scan_log (event_id, seq);
CREATE INDEX scan_log_by_ticket_date ON scan_log (ticket_date_id, seq);
)sql",
    // 11: transfers and cancellations (SQLite's version 13): a transferred ticket names its
    // successor and the successor its predecessor; an event's revocation list walks a partial
    // index of the tickets whose secret was rotated, in issue order (seq). The foreign keys include
    // organization_id like every other (see 5).
    R"sql(
ALTER TABLE ticket ADD COLUMN transferred_from text, ADD COLUMN transferred_to text;
ALTER TABLE ticket ADD CONSTRAINT ticket_transferred_from_fkey FOREIGN KEY (transferred_from, organization_id)
    REFERENCES ticket (id, organization_id);
ALTER TABLE ticket ADD CONSTRAINT ticket_transferred_to_fkey FOREIGN KEY (transferred_to, organization_id)
    REFERENCES ticket (id, organization_id);
CREATE INDEX ticket_revocation ON ticket (event_id, seq) WHERE generation > 1;
)sql",
    // 12 (offline scanners, SQLite's version 14): where a scan was decided (online, or offline
    // and imported by door.import_scans), and whether an imported scan the offline scanner
    // admitted conflicts with what the store had (kept in the log, never dropped).
    R"sql(
ALTER TABLE scan_log ADD COLUMN source text NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'offline')),
    ADD COLUMN conflict smallint NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1));
)sql",
    // 13 (the box office, seed 001; SQLite's version 15): an organization's per-sale box-office
    // fee and its VAT; the global sale-number sequence (nextval never rolls back, so a number is
    // never given twice: the one thing shared across organizations, see docs/postgresql.md);
    // sales and their items with the prices of the last pricing; a paid order made by a committed
    // sale names it; a sale's POS terminal payments. Keys include organization_id like every
    // other (see 5); a number is unique
    // within its organization by constraint and across them by the sequence.
    R"sql(
ALTER TABLE organization ADD COLUMN box_office_fee bigint NOT NULL DEFAULT 0 CHECK (box_office_fee >= 0),
    ADD COLUMN box_office_fee_vat_rate bigint NOT NULL DEFAULT 0 CHECK (box_office_fee_vat_rate BETWEEN 0 AND 10000);
CREATE SEQUENCE sale_number;
CREATE TABLE sale (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    number text NOT NULL,
    state text NOT NULL
        CHECK (state IN ('open', 'payment_pending', 'committed', 'expired', 'withdrawn', 'canceled')),
    currency text NOT NULL,
    creator_id text NOT NULL,
    committer_id text,
    payment_type text CHECK (payment_type IN ('cash', 'card', 'pos_terminal', 'payment_link', 'invoice', 'free')),
    payment_reference text,
    customer_data text,
    search_text text NOT NULL,
    box_office_fee bigint NOT NULL CHECK (box_office_fee >= 0),
    box_office_fee_vat_rate bigint NOT NULL,
    box_office_fee_vat bigint NOT NULL,
    grand_total bigint NOT NULL,
    created_us bigint NOT NULL,
    updated_us bigint NOT NULL,
    expires_us bigint NOT NULL,
    committed_us bigint,
    canceled_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    UNIQUE (number, organization_id)
);
CREATE INDEX sale_by_organization ON sale (organization_id, seq);
CREATE INDEX sale_due ON sale (organization_id, expires_us) WHERE state = 'open';
CREATE TABLE sale_item (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    sale_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('ticket', 'product', 'discount')),
    event_id text,
    specification_id text,
    product_id text,
    seatmap_id text,
    seat_id text,
    volume_id text,
    promo_code_id text,
    percent_off bigint,
    amount_off bigint,
    reason text NOT NULL,
    quantity bigint NOT NULL CHECK (quantity > 0),
    claim_id text,
    name text NOT NULL,
    names text NOT NULL,
    unit_price bigint NOT NULL,
    subtotal bigint NOT NULL,
    discount bigint NOT NULL,
    platform_fee bigint NOT NULL,
    percentage_fee bigint NOT NULL,
    vat_rate bigint NOT NULL,
    vat bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (sale_id, organization_id) REFERENCES sale (id, organization_id),
    FOREIGN KEY (event_id, organization_id) REFERENCES event (id, organization_id),
    FOREIGN KEY (specification_id, organization_id) REFERENCES specification (id, organization_id),
    FOREIGN KEY (promo_code_id, organization_id) REFERENCES promo_code (id, organization_id)
);
CREATE INDEX sale_item_by_sale ON sale_item (sale_id, seq);
ALTER TABLE buy_order ADD COLUMN sale_id text,
    ADD CONSTRAINT buy_order_sale_id_fkey FOREIGN KEY (sale_id, organization_id) REFERENCES sale (id, organization_id);
CREATE INDEX order_by_sale ON buy_order (sale_id, seq) WHERE sale_id IS NOT NULL;
CREATE TABLE pos_payment (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    sale_id text NOT NULL,
    reader_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('requires_terminal_action', 'succeeded', 'canceled')),
    amount bigint NOT NULL CHECK (amount >= 0),
    currency text NOT NULL,
    created_us bigint NOT NULL,
    closed_us bigint,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (sale_id, organization_id) REFERENCES sale (id, organization_id)
);
CREATE INDEX pos_payment_by_sale ON pos_payment (sale_id, seq);
COMMENT ON COLUMN organization.box_office_fee IS 'minor units of organization.currency';
COMMENT ON COLUMN sale.box_office_fee IS 'minor units of sale.currency';
COMMENT ON COLUMN sale.box_office_fee_vat IS 'minor units of sale.currency';
COMMENT ON COLUMN sale.grand_total IS 'minor units of sale.currency';
COMMENT ON COLUMN sale_item.amount_off IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN sale_item.discount IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN sale_item.percentage_fee IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN sale_item.platform_fee IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN sale_item.subtotal IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN sale_item.unit_price IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN sale_item.vat IS 'minor units of its sale''s currency (sale.currency)';
COMMENT ON COLUMN pos_payment.amount IS 'minor units of pos_payment.currency';
)sql",
    // 14 (staff, issue 9; SQLite's version 16): an organization's POS
    // readers, labels unique per organization by their key (rules::pos_reader_label_key), and its
    // staff users (an Actor id within the organization, a name, the assigned reader). Keys include
    // organization_id as version 5 made every key; both list through an index ending in seq. A
    // violation of pos_reader_label or staff_user_pkey is retried (engine.cpp): two adds racing
    // under READ COMMITTED both find nothing, and the retried one then finds the other's row.
    R"sql(
CREATE TABLE pos_reader (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    label text NOT NULL,
    label_key text NOT NULL,
    status text NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DISCONNECTED')),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id)
);
CREATE INDEX pos_reader_by_organization ON pos_reader (organization_id, seq);
CREATE UNIQUE INDEX pos_reader_label ON pos_reader (organization_id, label_key);
CREATE TABLE staff_user (
    user_id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    name text NOT NULL,
    pos_reader_id text,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (user_id, organization_id),
    FOREIGN KEY (pos_reader_id, organization_id) REFERENCES pos_reader (id, organization_id)
);
CREATE INDEX staff_user_by_organization ON staff_user (organization_id, seq);
)sql",
    // 15 (products, issue 9; SQLite's version 17): an organization's non-ticket items with their
    // price (in product.currency, the organization's), VAT rate, localized names (JSON text),
    // optional stock and derived sold/reserved counters, and the ledger of their stock claims.
    // No CHECK ties the counters to the stock: the guard is a claim's conditional UPDATE. Keys
    // include organization_id as version 5 made every key; an organization's products page
    // through product_by_organization in creation order (seq).
    R"sql(
CREATE TABLE product (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    name text NOT NULL,
    names text NOT NULL,
    description text NOT NULL,
    price bigint NOT NULL CHECK (price >= 0),
    currency text NOT NULL,
    vat_rate bigint NOT NULL CHECK (vat_rate BETWEEN 0 AND 10000),
    stock bigint CHECK (stock >= 0),
    sold bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    is_active smallint NOT NULL CHECK (is_active IN (0, 1)),
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id)
);
COMMENT ON COLUMN product.price IS 'minor units of product.currency';
CREATE INDEX product_by_organization ON product (organization_id, seq);
CREATE TABLE product_claim (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    product_id text NOT NULL,
    quantity bigint NOT NULL CHECK (quantity > 0),
    state text NOT NULL CHECK (state IN ('reserved', 'sold', 'released')),
    source text NOT NULL,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (product_id, organization_id) REFERENCES product (id, organization_id)
);
CREATE INDEX product_claim_by_product ON product_claim (product_id, state, seq);
)sql",
    // 16 (seat maps, SQLite's version 18): an event's seat maps, their seats (one per place, kept as
    // one key) and volumes, with the sold/reserved counters the ledger keeps; a claim names the
    // seat or volume it holds. Keys include organization_id as version 5 made every key; the seats
    // of a seat map page through (seatmap_id, seq).
    R"sql(
CREATE TABLE seatmap (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    event_id text NOT NULL,
    name text NOT NULL,
    created_us bigint NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (event_id, organization_id) REFERENCES event (id, organization_id)
);
CREATE INDEX seatmap_by_event ON seatmap (event_id, seq);
CREATE TABLE seat (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    seatmap_id text NOT NULL,
    section text NOT NULL,
    seat_row text NOT NULL,
    number text NOT NULL,
    label text NOT NULL,
    place text NOT NULL,
    ticket_type_ids text NOT NULL DEFAULT '[]',
    sold bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (seatmap_id, organization_id) REFERENCES seatmap (id, organization_id)
);
CREATE UNIQUE INDEX seat_place ON seat (seatmap_id, place, organization_id);
CREATE INDEX seat_by_seatmap ON seat (seatmap_id, seq);
CREATE TABLE volume (
    id text NOT NULL,
    organization_id text NOT NULL REFERENCES organization(id),
    seatmap_id text NOT NULL,
    name text NOT NULL,
    capacity bigint NOT NULL CHECK (capacity >= 0),
    ticket_type_ids text NOT NULL DEFAULT '[]',
    sold bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (id, organization_id),
    FOREIGN KEY (seatmap_id, organization_id) REFERENCES seatmap (id, organization_id)
);
CREATE INDEX volume_by_seatmap ON volume (seatmap_id, seq);
ALTER TABLE inventory_claim ADD COLUMN seat_id text, ADD COLUMN volume_id text;
ALTER TABLE inventory_claim ADD CONSTRAINT inventory_claim_seat_fkey FOREIGN KEY (seat_id, organization_id)
    REFERENCES seat (id, organization_id);
ALTER TABLE inventory_claim ADD CONSTRAINT inventory_claim_volume_fkey FOREIGN KEY (volume_id, organization_id)
    REFERENCES volume (id, organization_id);
CREATE INDEX claim_by_seat ON inventory_claim (seat_id, seq);
CREATE INDEX claim_by_volume ON inventory_claim (volume_id, seq);
)sql",
    // 17 (the customer-data form, SQLite's version 19): the fields `sales.apply_customer_data`
    // takes, as a JSON array of {key, type}; NULL is the default form.
    R"sql(
ALTER TABLE organization ADD COLUMN customer_form jsonb;
)sql",
    // 18 (reports, issue 10; SQLite's version 20): the money of what each specification has sold,
    // kept as counters (see SQLite's version 20): a claim's revenue, fees and VAT, a
    // specification's sums over its sold claims, existing claims given their order line's money.
    R"sql(
ALTER TABLE inventory_claim ADD COLUMN revenue bigint NOT NULL DEFAULT 0;
ALTER TABLE inventory_claim ADD COLUMN fees bigint NOT NULL DEFAULT 0;
ALTER TABLE inventory_claim ADD COLUMN vat bigint NOT NULL DEFAULT 0;
ALTER TABLE specification ADD COLUMN sold_revenue bigint NOT NULL DEFAULT 0;
ALTER TABLE specification ADD COLUMN sold_fees bigint NOT NULL DEFAULT 0;
ALTER TABLE specification ADD COLUMN sold_vat bigint NOT NULL DEFAULT 0;
COMMENT ON COLUMN inventory_claim.revenue IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN inventory_claim.fees IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN inventory_claim.vat IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN specification.sold_revenue IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN specification.sold_fees IS 'minor units of its event''s currency (event.currency)';
COMMENT ON COLUMN specification.sold_vat IS 'minor units of its event''s currency (event.currency)';
UPDATE inventory_claim c SET revenue = l.total * c.quantity / l.amount,
    fees = (l.platform_fee + l.percentage_fee) * c.quantity / l.amount, vat = l.vat * c.quantity / l.amount
FROM order_line l WHERE l.claim_id = c.id AND l.organization_id = c.organization_id AND c.state <> 'released';
UPDATE specification s SET sold_revenue = t.revenue, sold_fees = t.fees, sold_vat = t.vat
FROM (SELECT c.organization_id, c.specification_id, SUM(c.revenue) AS revenue, SUM(c.fees) AS fees,
             SUM(c.vat) AS vat FROM inventory_claim c WHERE c.state = 'sold'
      GROUP BY c.organization_id, c.specification_id) t
WHERE t.organization_id = s.organization_id AND t.specification_id = s.id;
)sql",
    // 19 (reports, issue 10: attendance, sales over time, the box office): SQLite's version 21,
    // the indexes the reports walk; those a report pages through end in seq.
    R"sql(
CREATE INDEX scan_log_admitted_by_time ON scan_log (organization_id, event_id, at_us, direction, reason)
    WHERE reason IS NULL;
CREATE INDEX scan_log_by_point ON scan_log (organization_id, event_id, scan_point, direction, reason, conflict);
CREATE INDEX scan_log_conflicts ON scan_log (organization_id, event_id, seq) WHERE conflict = 1;
CREATE INDEX ticket_date_redeemed_by_date ON ticket_date (organization_id, event_date_id, entries, is_redeemed)
    WHERE is_redeemed = 1;
CREATE INDEX ticket_date_inside_by_date ON ticket_date (organization_id, event_date_id, inside) WHERE inside = 1;
CREATE INDEX order_paid_by_event ON buy_order (organization_id, event_id, paid_us, sale_id, id)
    WHERE paid_us IS NOT NULL;
CREATE INDEX order_line_totals ON order_line (order_id, organization_id, amount, total);
CREATE INDEX ticket_unsold_by_event ON ticket (organization_id, event_id, kind, created_us, purchase_us)
    WHERE kind <> 'order';
CREATE INDEX sale_item_by_event ON sale_item (organization_id, event_id, sale_id) WHERE kind = 'ticket';
CREATE INDEX sale_open ON sale (organization_id, seq) WHERE state IN ('open', 'payment_pending');
)sql",
    // 20 (reports, issue 10; SQLite's version 22): an order's tickets and total on the order, the
    // covering indexes of the order totals and the sales over time.
    R"sql(
ALTER TABLE buy_order ADD COLUMN tickets bigint NOT NULL DEFAULT 0;
ALTER TABLE buy_order ADD COLUMN total bigint NOT NULL DEFAULT 0;
COMMENT ON COLUMN buy_order.total IS 'minor units of buy_order.currency';
UPDATE buy_order o SET tickets = t.tickets, total = t.total
FROM (SELECT l.organization_id, l.order_id, SUM(l.amount) AS tickets, SUM(l.total) AS total FROM order_line l
      GROUP BY l.organization_id, l.order_id) t
WHERE t.organization_id = o.organization_id AND t.order_id = o.id;
DROP INDEX order_paid_by_event;
DROP INDEX order_line_totals;
CREATE INDEX order_paid_by_event ON buy_order (organization_id, event_id, ((paid_us + 62135596800000000) / 60000000),
    paid_us, sale_id, tickets, total) WHERE paid_us IS NOT NULL;
CREATE INDEX order_totals_by_event ON buy_order (organization_id, event_id, state, expires_us, tickets, total);
)sql",
};

/// The unit of every column named *_us, written on the columns as a comment.
constexpr std::string_view instant_comment =
    "DO $$ DECLARE c record; BEGIN FOR c IN SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND column_name LIKE '%\\_us' LOOP EXECUTE format("
    "'COMMENT ON COLUMN %I.%I IS %L', c.table_name, c.column_name, 'microseconds since 1970-01-01 UTC'); "
    "END LOOP; END $$";

}  // namespace

int latest_version() noexcept {
    return static_cast<int>(migrations.size());
}

int current_version(sql::Session& session) {
    sql::Statement exists(session, "SELECT to_regclass('ticketcore_schema') IS NOT NULL");
    if (!exists.executeStep() || !exists.getColumn(0).getBool()) return 0;
    sql::Statement version(session, "SELECT version FROM ticketcore_schema");
    return version.executeStep() ? version.getColumn(0).getInt() : 0;
}

void apply(sql::Session& session, int current, int target) {
    if (target < 0 || target > latest_version()) {
        throw fail::invalid_schema_version(target);
    }
    for (int version = current; version < target; ++version) {
        session.execute(std::string(migrations[static_cast<std::size_t>(version)]));
        session.execute("UPDATE ticketcore_schema SET version = " + std::to_string(version + 1));
    }
    if (current < target) session.execute(std::string(instant_comment));
}

}  // namespace ticketcore::postgres::schema
