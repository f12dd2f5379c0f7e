"""A ticket's QR code as an image: PNG bytes or SVG text, drawn by segno.

The payload (``store.tickets.qr(ticket_id)``) is 152 characters of the QR code's alphanumeric
set, so it is encoded in alphanumeric mode at error correction M, never boosted: a version-6
symbol (41 x 41 modules), well under the version 10 a phone camera reads from a printed page.
"""

from __future__ import annotations

import io

import segno

from ticketcore import _core

#: The characters of a QR code's alphanumeric mode (ISO/IEC 18004, table 5).
_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
#: What every ticket payload starts with, and the longest text a verifier reads.
_PREFIX = "TC:"
_MAX_LENGTH = 256
#: The largest scale (pixels per module) a PNG is drawn with: 64 makes a version-6 code about
#: 3,100 pixels wide with its border.
_MAX_SCALE = 64
_MAX_BORDER = 16


def _symbol(payload: str) -> segno.QRCode:
    """The QR symbol of a payload, checked to be a ticket payload text first."""
    if not isinstance(payload, str):
        raise TypeError(f"payload must be a str, not {type(payload).__name__}")
    if not payload.startswith(_PREFIX) or len(payload) > _MAX_LENGTH or not _ALPHANUMERIC.issuperset(payload):
        _core._invalid_qr_payload()
    return segno.make_qr(payload, error="m", mode="alphanumeric", boost_error=False)


def _size(name: str, value: int, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        _core._qr_size_out_of_range(name, low, high)
    return int(value)  # a plain int: a subclass's own methods never reach segno


def qr_png(payload: str, *, scale: int = 8, border: int = 4) -> bytes:
    """The payload's QR code as PNG bytes: black modules on white, ``scale`` pixels per module
    (1 to 64), with a quiet zone of ``border`` modules (0 to 16; 4 is the standard's); a size
    out of its range is a :class:`ValidationError` ``invalid_qr_size``.

    A payload that is no ticket payload text (``TC:`` and at most 256 characters of the
    alphanumeric set) is a :class:`ValidationError` ``invalid_qr_payload``.
    """
    symbol = _symbol(payload)
    out = io.BytesIO()
    symbol.save(out, kind="png", scale=_size("scale", scale, 1, _MAX_SCALE),
                border=_size("border", border, 0, _MAX_BORDER))
    return out.getvalue()


def qr_svg(payload: str, *, border: int = 4) -> str:
    """The payload's QR code as an SVG document (one path, one unit per module, scalable to any
    size), with a quiet zone of ``border`` modules (0 to 16). Refuses what :func:`qr_png` refuses."""
    symbol = _symbol(payload)
    out = io.BytesIO()
    symbol.save(out, kind="svg", border=_size("border", border, 0, _MAX_BORDER), xmldecl=False)
    return out.getvalue().decode("utf-8")
