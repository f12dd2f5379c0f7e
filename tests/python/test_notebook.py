"""examples/reports.ipynb runs from top to bottom (nbclient, a Python kernel of this interpreter) on
a small event day and shows what docs/notebook.md says: the counts, the sales per specification,
the orders by state, the two plots as PNG images, the reports and the integrity check."""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from ticketcore import report_tables

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "reports.ipynb"
TICKETS = 1500


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from jupyter_client.kernelspec import KernelSpecManager

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # A kernel of this interpreter (the one with this build of ticketcore), whatever kernels are
    # installed on the machine.
    home = tmp_path_factory.mktemp("jupyter")
    (home / "kernels" / "ticketcore-test").mkdir(parents=True)
    (home / "kernels" / "ticketcore-test" / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "ticketcore test", "language": "python",
    }), encoding="utf-8")
    saved = {name: os.environ.get(name) for name in ("TICKETCORE_NOTEBOOK_TICKETS", "JUPYTER_PATH")}
    os.environ["TICKETCORE_NOTEBOOK_TICKETS"] = str(TICKETS)
    os.environ["JUPYTER_PATH"] = str(home)
    try:
        client = nbclient.NotebookClient(
            notebook, timeout=600, kernel_name="ticketcore-test",
            resources={"metadata": {"path": str(tmp_path_factory.mktemp("notebook"))}},
        )
        client.execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return notebook


def outputs(notebook: Any) -> list[dict[str, Any]]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def texts(notebook: Any) -> str:
    parts = []
    for output in outputs(notebook):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        for kind in ("text/plain", "text/html"):
            if kind in output.get("data", {}):
                parts.append(output["data"][kind])
    return "\n".join(parts)


def test_the_notebook_runs_without_errors_and_stores_nothing_in_the_repository(executed: Any) -> None:
    assert not [output for output in outputs(executed) if output["output_type"] == "error"]
    assert all(cell.cell_type != "code" or cell.get("execution_count") for cell in executed.cells)
    # The notebook in the repository is kept without outputs: the walkthrough shows them.
    import nbformat

    stored = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call,unused-ignore]
    assert all(not cell.get("outputs") for cell in stored.cells if cell.cell_type == "code")


def test_it_generates_the_event_day_and_shows_its_counts(executed: Any) -> None:
    text = texts(executed)
    assert f"Summer Jazz Nights: {TICKETS} tickets generated in" in text
    for name in ("orders paid", "orders pending", "orders expired", "tickets online", "tickets box office",
                 "tickets comp", "tickets door", "scans admitted", "refunds in progress"):
        assert name in text, name
    assert "integrity: ok" in text


def test_it_shows_the_sales_per_specification_and_the_orders_by_state(executed: Any) -> None:
    html = [output["data"]["text/html"] for output in outputs(executed) if "text/html" in output.get("data", {})]
    specifications = next(table for table in html if "Early bird" in table)
    for name in ("Regular", "VIP", "Crew and guests", "Door ticket"):
        assert name in specifications
    assert any("pending" in table.lower() and "paid" in table.lower() for table in html)


def test_it_draws_the_sales_curve_and_the_attendance_curve(executed: Any) -> None:
    pictures = [base64.b64decode(output["data"]["image/png"]) for output in outputs(executed)
                if "image/png" in output.get("data", {})]
    assert len(pictures) == 2
    for picture in pictures:
        assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 10_000
    text = texts(executed)
    assert "points, from the " in text and " entries, " in text


def test_it_lists_every_report(executed: Any) -> None:
    html = [output["data"]["text/html"] for output in outputs(executed) if "text/html" in output.get("data", {})]
    listing = html[-1]
    for name in report_tables.REPORTS:
        assert name in listing, name
