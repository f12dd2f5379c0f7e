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


def run_pytest(tmp_path: Path, *options: str, **environment: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for key, value in environment.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'run'}", *options, ONE_TEST],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env, check=False,
    )


@pytest.mark.parametrize("setting", ["sqlte", "", "sqlite,", "SQLite"])
def test_an_unknown_engine_name_stops_the_run(tmp_path: Path, setting: str) -> None:
    result = run_pytest(tmp_path, "--collect-only", "-q", TICKETCORE_TEST_ENGINES=setting)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"TICKETCORE_TEST_ENGINES={setting!r}: unknown engine" in output
    assert "name one or more of sqlite, postgresql" in output


@pytest.mark.parametrize(("setting", "engines"), [
    ("sqlite", ["sqlite"]), (" sqlite ", ["sqlite"]), ("postgresql", ["postgresql"]),
    ("postgresql,sqlite", ["sqlite", "postgresql"]), (None, ["sqlite", "postgresql"]),
])
def test_the_named_engines_are_collected(tmp_path: Path, setting: str | None, engines: list[str]) -> None:
    result = run_pytest(tmp_path, "--collect-only", "-q", TICKETCORE_TEST_ENGINES=setting)
    assert result.returncode == pytest.ExitCode.OK, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith(ONE_TEST)] == [
        f"{ONE_TEST}[{engine}]" for engine in engines
    ]


def test_a_postgresql_run_without_a_server_fails_never_skips(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "-q", TICKETCORE_TEST_ENGINES="postgresql", TICKETCORE_TEST_POSTGRES_URL=None)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout + result.stderr
    assert "1 error in" in result.stdout
    assert "skipped" not in result.stdout
    assert "TICKETCORE_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server" in result.stdout
