"""examples/box_office_shift.py: its output, line by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "box_office_shift.py"


def test_the_shift_example_prints_its_sales_and_the_takings() -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "BO-000001 Kim Berger CASH 54.00 EUR: 2 item(s), 2 ticket(s)",
        "BO-000002 Lee Novak CARD 69.00 EUR: 2 item(s), 2 ticket(s)",
        "BO-000003 Lee Novak POS_TERMINAL 54.00 EUR: 2 item(s), 2 ticket(s)",
        "BO-000004 Kim Berger INVOICE 167.00 EUR: 4 item(s), 4 ticket(s)",
        "BO-000005 Lee Novak PAYMENT_LINK 80.50 EUR: 3 item(s), 3 ticket(s)",
        "BO-000006 Lee Novak CASH 52.00 EUR: 4 item(s), 2 ticket(s)",
        "BO-000007 WITHDRAWN",
        "BO-000001 CANCELED: refunded 50.00 EUR",
        "BO-000008 FREE: 2 ticket(s)",
        "takings by payment type:",
        "  CARD             69.00 EUR",
        "  CASH             52.00 EUR",
        "  FREE              0.00 EUR",
        "  INVOICE         167.00 EUR",
        "  PAYMENT_LINK     80.50 EUR",
        "  POS_TERMINAL     54.00 EUR",
        "takings by staff member:",
        "  Kim Berger      167.00 EUR",
        "  Lee Novak       255.50 EUR",
        "standing: 6 sold, 0 reserved",
    ]
