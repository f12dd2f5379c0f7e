"""examples/print_tickets.py: its output, and the PDF it writes read back (text and QR codes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zxingcpp
from pypdf import PdfReader

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "print_tickets.py"
HOLDERS = ["Zoë Ørsted", "Jan Łódzki", "Ana Núñez"]


def test_the_printing_example_writes_one_page_per_ticket(tmp_path: Path) -> None:
    pdf = tmp_path / "speakers.pdf"
    result = subprocess.run([sys.executable, str(EXAMPLE), str(pdf)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == ["3 tickets written to speakers.pdf"] + [
        f"  {holder}: Taler, Summer Jazz Nights, 2027-07-02 19:00 - 2027-07-02 23:00" for holder in HOLDERS
    ]
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3
    for page, holder in zip(reader.pages, HOLDERS, strict=True):
        lines = page.extract_text().splitlines()
        assert lines[:7] == ["Summer Jazz Nights", "Kongens Have", "2027-07-02 19:00 - 2027-07-02 23:00",
                             "(Europe/Copenhagen)", "Ticket: Taler", "General admission", f"Holder: {holder}"]
        (image,) = page.images
        (code,) = zxingcpp.read_barcodes(image.image)
        assert code.text.startswith("TC:") and len(code.text) == 152
