"""examples/sell_tickets.py: its output, line by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sell_tickets.py"


def test_the_selling_example_prints_what_happened() -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Alex's order: PENDING, total 801.25 DKK (subtotal 850.00 DKK, discount 85.00 DKK, "
                        "fees 36.25 DKK, VAT included 153.00 DKK)")
    assert lines[1] == "expired by the sweep: 1 order(s); Sam's order is EXPIRED"
    assert lines[2].startswith("mail to alex@example.com: 3 ticket(s) for order …")
    assert lines[3].startswith("mail to jordan@example.com: 2 ticket(s) for order …")
    assert lines[4:] == [
        "Member ticket: 2 sold, 0 reserved, 98 available",
        "Guest ticket: 3 sold, 0 reserved, 47 available",
        "ticket holders: 2",
        "  Alex Reyes <alex@example.com>: 3 ticket(s), 1 paid order(s) totalling 801.25 DKK",
        "  Jordan Kim <jordan@example.com>: 2 ticket(s), 1 paid order(s) totalling 727.50 DKK",
    ]
