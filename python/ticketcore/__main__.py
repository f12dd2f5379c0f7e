"""``python -m ticketcore``: the command line of :mod:`ticketcore.cli`."""

from __future__ import annotations

import sys

from ticketcore.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
