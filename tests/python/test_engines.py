"""The suite's choice of engines never skips silently: an unknown name in TICKETCORE_TEST_ENGINES
stops the run at collection, and a PostgreSQL run without a server fails its tests.

Each case runs pytest in a child process on one small test of the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_TEST = "tests/python/test_pools.py::test_integrity_counts_pools"


def run_pytest(tmp_path: Path, **environment: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for key, value in environment.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'run'}", ONE_TEST],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env, check=False,
    )


@pytest.mark.parametrize("setting", ["sqlte", "", "sqlite,", "SQLite"])
def test_an_unknown_engine_name_stops_the_run(tmp_path: Path, setting: str) -> None:
    result = run_pytest(tmp_path, TICKETCORE_TEST_ENGINES=setting)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"TICKETCORE_TEST_ENGINES={setting!r}: unknown engine" in output
    assert "name one or more of sqlite, postgresql" in output


# The cases that run on PostgreSQL only when this run does too (it then has a server).
RUNS = [("sqlite", ["sqlite"]), (" sqlite ", ["sqlite"])]
if "postgresql" in os.environ.get("TICKETCORE_TEST_ENGINES", "postgresql"):
    RUNS += [(None, ["sqlite", "postgresql"]), ("postgresql,sqlite", ["sqlite", "postgresql"]),
             ("postgresql", ["postgresql"])]


@pytest.mark.parametrize(("setting", "ran"), RUNS)
def test_the_named_engines_run(tmp_path: Path, setting: str | None, ran: list[str]) -> None:
    result = run_pytest(tmp_path, TICKETCORE_TEST_ENGINES=setting)
    assert result.returncode == pytest.ExitCode.OK, result.stdout + result.stderr
    assert f"{len(ran)} passed" in result.stdout
    for engine in ("sqlite", "postgresql"):
        assert (f"[{engine}]" in result.stdout) == (engine in ran)
    assert "skipped" not in result.stdout


def test_a_postgresql_run_without_a_server_fails_never_skips(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, TICKETCORE_TEST_ENGINES="postgresql", TICKETCORE_TEST_POSTGRES_URL=None)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout + result.stderr
    assert "1 error" in result.stdout
    assert "skipped" not in result.stdout
    assert "TICKETCORE_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server" in result.stdout
