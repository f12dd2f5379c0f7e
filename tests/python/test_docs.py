"""Every Python block of the docs and the README runs, in order, page by page; the PostgreSQL
page's against the test server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = [
    page
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if BLOCK.search(page.read_text(encoding="utf-8")) and page.name != "postgresql.md"
]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_python_blocks_of_a_page_run(page: Path, tmp_path: Path) -> None:
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    script = tmp_path / "page.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, f"{page.name}:\n{result.stderr[-3000:]}"


POSTGRES_PAGE = ROOT / "docs" / "postgresql.md"
EXAMPLE_URL = "postgresql://ticketcore@db.internal:5432/ticketcore"  # the server the page talks of


def test_the_python_blocks_of_the_postgresql_page_run_on_the_test_server(
    engine: str, location: str, tmp_path: Path
) -> None:
    """The PostgreSQL page's blocks need a server: they run against a fresh schema of the test
    server, put where the page names its example server."""
    if engine != "postgresql":
        pytest.skip("the page is about the PostgreSQL engine; it runs in the postgresql parameter")
    text = POSTGRES_PAGE.read_text(encoding="utf-8")
    assert EXAMPLE_URL in text
    blocks = BLOCK.findall(text.replace(EXAMPLE_URL, location))
    assert blocks
    script = tmp_path / "page.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, f"{POSTGRES_PAGE.name}:\n{result.stderr[-3000:]}"
