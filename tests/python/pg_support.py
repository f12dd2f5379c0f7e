"""PostgreSQL helpers for the suite: the test server's URL and a fresh schema per test.

``scripts/test`` starts a throwaway server (``scripts/postgres``) and exports its URL as
``TICKETCORE_TEST_POSTGRES_URL``. Each test gets a schema of its own on that server
(:func:`fresh_schema_url`), selected through the URL's ``options=-csearch_path%3D<schema>``, and
drops it after (:func:`drop_schema`). The tests on PostgreSQL fail, never skip, when there is no
server: :func:`postgres_url` raises.

Only the standard library and the ``psql`` client: one ``psql`` call per helper.
"""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
import subprocess
import uuid
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

ENV = "TICKETCORE_TEST_POSTGRES_URL"
_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_TIMEOUT_SECONDS = 60


class PostgresSupportError(RuntimeError):
    """The test server is not configured, not reachable, or refused a statement."""


def postgres_url() -> str:
    """The URL of the test server, from TICKETCORE_TEST_POSTGRES_URL; raises when it is unset."""
    url = os.environ.get(ENV, "").strip()
    if not url:
        raise PostgresSupportError(
            f"{ENV} is not set: the PostgreSQL tests need a server. Run them through "
            "`bash scripts/test`, which starts a throwaway one, or start one yourself: "
            f"`export {ENV}=$(bash scripts/postgres start /tmp/ticketcore-pg)` "
            "(and `bash scripts/postgres stop /tmp/ticketcore-pg` after)"
        )
    return url


def fresh_schema_url(base_url: str) -> tuple[str, str]:
    """Creates a new, uniquely named schema on the server of ``base_url``.

    Returns the URL whose search_path selects only that schema (``base_url`` with
    ``options=-csearch_path%3D<schema>``) and the schema's name.
    """
    schema = "t_" + uuid.uuid4().hex
    url = with_search_path(base_url, schema)
    _psql(base_url, f'CREATE SCHEMA "{schema}"')
    return url, schema


def drop_schema(base_url: str, schema: str) -> None:
    """Drops ``schema`` and everything in it (nothing when it does not exist)."""
    _psql(base_url, f'DROP SCHEMA IF EXISTS "{_checked(schema)}" CASCADE')


def with_search_path(base_url: str, schema: str) -> str:
    """``base_url`` with its search_path set to ``schema`` through the libpq ``options`` parameter.

    Other query parameters are kept; options already given are kept before the new one.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise PostgresSupportError(
            f"not a PostgreSQL URL (postgresql://user@host:port/dbname): {_without_password(base_url)}"
        )
    setting = f"-csearch_path={_checked(schema)}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    options = [value for key, value in query if key == "options"]
    query = [(key, value) for key, value in query if key != "options"]
    query.append(("options", " ".join([*options, setting])))
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def with_application_name(url: str, name: str) -> str:
    """``url`` with libpq's ``application_name`` set: how the server's ``pg_stat_activity`` tells
    the sessions of one kind of client apart (see :func:`sessions_named`)."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
             if key != "application_name"]
    query.append(("application_name", name))
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def sessions_named(url: str, name: str) -> int:
    """How many server sessions (of any database of the server) have ``application_name`` ``name``."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", name):
        raise PostgresSupportError(f"not an application name of with_application_name: {name!r}")
    return int(rows(url, f"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{name}'")[0][0])


def _checked(schema: str) -> str:
    if not _SCHEMA.fullmatch(schema):
        raise PostgresSupportError(f"not a schema name made by fresh_schema_url: {schema!r}")
    return schema


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@functools.cache
def _psql_binary() -> str:
    # Debian's /usr/bin/psql is a Perl wrapper that costs ~50 ms a call: take the binary itself.
    bindir = os.environ.get("PG_BINDIR")
    if bindir and os.access(os.path.join(bindir, "psql"), os.X_OK):
        return os.path.join(bindir, "psql")
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), key=_version_key)
    if candidates:
        return candidates[-1]
    found = shutil.which("psql")
    if found is not None:
        return found
    raise PostgresSupportError("psql is not installed (Debian: apt-get install postgresql-client)")


def _version_key(path: str) -> tuple[int, ...]:
    version = path.split("/")[-3]
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _psql(url: str, sql: str, *flags: str) -> str:
    # Not the sanitizer runtime scripts/asan-pytest preloads: psql, not built for it, hangs with
    # it preloaded (seen on CI: CREATE SCHEMA never returned).
    environment = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD"}
    environment.setdefault("PGCONNECT_TIMEOUT", "10")
    try:
        result = subprocess.run(
            [_psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", *flags, "-d", url, "-c", sql],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_SECONDS,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PostgresSupportError(
            f"psql did not finish in {_TIMEOUT_SECONDS} s on {_without_password(url)}: {sql}"
        ) from error
    if result.returncode != 0:
        raise PostgresSupportError(
            f"psql failed (exit {result.returncode}) on {_without_password(url)}: {sql}\n{result.stderr.strip()}"
        )
    return result.stdout


def execute(url: str, sql: str) -> None:
    """Runs ``sql`` on the database of ``url`` (e.g. ANALYZE before a test reads query plans)."""
    _psql(url, sql)


def rows(url: str, sql: str) -> list[tuple[str, ...]]:
    """The rows of the query ``sql`` on the database of ``url``, each a tuple of its columns as
    text (NULL as ""), for checks that read tables the API does not show."""
    separator = "\x1f"  # the unit separator: not in any id, topic or number a test reads
    output = _psql(url, sql, "-A", "-t", "-F", separator)
    return [tuple(line.split(separator)) for line in output.splitlines() if line]
