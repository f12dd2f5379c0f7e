"""Which SQL statements of the core are not scoped by their tenant's ``organization_id``.

Every table of the schema carries ``organization_id``, the column a distributed PostgreSQL
(Citus) shards by, and a unit of work runs for one organization (``store::Tenant``). Citus sends
a statement to that organization's shard alone only when it says which organization it is for,
so every statement must: each table a statement reads, changes or deletes from is compared on
``organization_id`` (``x.organization_id = ?`` or a join ``x.organization_id = y.organization_id``),
and every INSERT names the column. ``unscoped_tables`` checks one statement's text that way;
``unscoped_statements`` every statement the core has run in this process
(``_testing.statements_run()``), which conftest.py does after the whole suite.

The check reads SQL as the core writes it (one statement per text, keywords in capitals, a
table's alias right after its name): it is a lint for that SQL, not a parser for any SQL.
"""

from __future__ import annotations

import re

# The tables distributed by organization_id. `organization` is distributed by its own `id` (the
# organization), `ticketcore_schema` is a reference table (one row, the schema version).
TENANT_TABLES = frozenset({
    "audit_log", "buyer", "buy_order", "event", "event_date", "idempotency", "inventory_claim",
    "order_line", "outbox", "payment", "pool", "pool_member", "product", "product_claim", "promo_code",
    "promo_code_specification",
    "specification", "specification_date", "specification_name", "ticket", "ticket_date", "ticket_holder",
    "sale", "sale_item", "pos_payment",
})

# The statements that are not scoped on purpose start with a comment that says so; these are the
# only such comments, and what each marks. Nothing else may go unscoped.
CROSS_ORGANIZATION = {
    # check_integrity() and audit() of a platform actor: every organization's rows.
    "/* every organization */ ": "the platform's integrity check and audit log",
    # Who owns an id the unit's own organization does not have (store::Repositories::owner):
    # other_organization instead of not_found, on the error path only.
    "/* owner of a missing id */ ": "the owner of an id that was not found",
}

_REFERENCE = re.compile(r"\b(FROM|JOIN|UPDATE|DELETE FROM)\s+([a-z_]+)(?:\s+(?:AS\s+)?([a-z_]+))?")
_INSERT = re.compile(r"\bINSERT INTO\s+([a-z_]+)\s*\(([^)]*)\)")
_COLUMN = re.compile(r"(?:\b([a-z_]+)\.)?\borganization_id\b")
_NOT_ALIASES = frozenset({
    "where", "join", "left", "inner", "cross", "on", "set", "group", "order", "limit", "union", "values",
    "returning", "for", "as", "natural", "using",
})


def _branches(sql: str) -> list[str]:
    return sql.split(" UNION ALL ")


def unscoped_tables(sql: str) -> list[str]:
    """The tables `sql` reads or writes without comparing their organization_id."""
    missing: list[str] = []
    for table, columns in _INSERT.findall(sql):
        if table in TENANT_TABLES and "organization_id" not in [c.strip() for c in columns.split(",")]:
            missing.append(table)
    for branch in _branches(sql):
        qualified: set[str] = set()
        bare = 0
        for match in _COLUMN.finditer(branch):
            before, after = branch[:match.start()].rstrip(), branch[match.end():].lstrip()
            if not (before.endswith("=") or after.startswith("=") or after.startswith("IN ")):
                continue  # selected or listed, not compared
            if match.group(1):
                qualified.add(match.group(1))
            else:
                bare += 1
        unqualified: list[str] = []
        for _, table, alias in _REFERENCE.findall(branch):
            if table not in TENANT_TABLES:
                continue
            name = alias if alias and alias.lower() not in _NOT_ALIASES else table
            if name in qualified:
                continue
            if name == table:
                unqualified.append(table)
            else:
                missing.append(table)
        if len(unqualified) > bare:
            missing.extend(unqualified)
    return missing


def unscoped_statements(statements: list[str]) -> list[tuple[str, list[str]]]:
    """Each statement of `statements` that is not scoped and not a documented cross-organization read."""
    found: list[tuple[str, list[str]]] = []
    for sql in statements:
        # The test hook of query plans (_testing.query_plans) runs each query again behind EXPLAIN.
        query = sql.removeprefix("EXPLAIN QUERY PLAN ").removeprefix("EXPLAIN ")
        if any(query.startswith(mark) for mark in CROSS_ORGANIZATION):
            continue
        tables = unscoped_tables(sql)
        if tables:
            found.append((sql, tables))
    return found
