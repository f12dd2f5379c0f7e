"""A ticket's QR code drawn as PNG and SVG (``ticketcore.qr_png`` / ``qr_svg``, segno): the PNG is
read back with a real decoder (zxing-cpp) and gives exactly the payload; the symbol is version 6
at error correction M (alphanumeric mode), well within the version 10 issue 8 allows."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree

import pytest
import zxingcpp
from PIL import Image

import ticketcore
from helpers import spec_on_sale
from ticketcore import Event, Store, ValidationError


def _payload(shop: Store, event: Event) -> str:
    spec = spec_on_sale(shop, event.id, "Crew", price=0)
    ticket = shop.tickets.comp(event.id, spec.id, holders=[("pat@example.com", "Pat Lee")])[0]
    return shop.tickets.qr(ticket.id)


def _version(width_in_pixels: int, scale: int, border: int) -> int:
    """The QR version of a symbol of that width: a version-v symbol is 17 + 4v modules wide."""
    modules = width_in_pixels // scale - 2 * border
    assert (modules - 17) % 4 == 0, modules
    return (modules - 17) // 4


def test_a_png_decodes_back_to_exactly_the_payload(shop: Store, published_event: Event) -> None:
    payload = _payload(shop, published_event)
    png = ticketcore.qr_png(payload)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    results = zxingcpp.read_barcodes(image)
    assert [(result.format, result.text) for result in results] == [(zxingcpp.BarcodeFormat.QRCode, payload)]
    assert image.size[0] == image.size[1]
    assert _version(image.size[0], scale=8, border=4) == 6
    # The decoder agrees on the symbol: error correction M.
    assert results[0].ec_level == "M"


@pytest.mark.parametrize("scale", [1, 3, 10])
def test_the_scale_and_border_set_the_size(shop: Store, published_event: Event, scale: int) -> None:
    payload = _payload(shop, published_event)
    image = Image.open(io.BytesIO(ticketcore.qr_png(payload, scale=scale, border=2)))
    assert image.size == ((41 + 2 * 2) * scale,) * 2
    if scale >= 3:  # one pixel per module is too small for the decoder
        assert [result.text for result in zxingcpp.read_barcodes(image)] == [payload]


def test_the_svg_is_one_scalable_document_of_the_same_symbol(shop: Store, published_event: Event) -> None:
    payload = _payload(shop, published_event)
    svg = ticketcore.qr_svg(payload)
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("49", "49")  # 41 modules + 2 x 4 of border
    assert ticketcore.qr_svg(payload, border=0).count("<path") == 1


def test_a_payload_of_any_generation_and_key_stays_version_6() -> None:
    # The payload's length is fixed (152 characters), whatever the ticket, generation or key.
    worst = "TC:" + "Z" * 149
    image = Image.open(io.BytesIO(ticketcore.qr_png(worst, scale=4, border=4)))
    assert _version(image.size[0], scale=4, border=4) == 6
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [worst]


@pytest.mark.parametrize(
    "payload",
    ["", "tc:ABC", "TC:abc", "TC:" + "A" * 254, "ABC", "TC:É", "TC:\x00", "TC:A#B"],
)
def test_a_text_that_is_no_ticket_payload_is_refused(payload: str) -> None:
    for draw in (ticketcore.qr_png, ticketcore.qr_svg):
        with pytest.raises(ValidationError) as caught:
            draw(payload)
        assert caught.value.code == "invalid_qr_payload"
        assert str(caught.value) == (
            "payload must be a ticket QR payload: 'TC:' and at most 256 characters of the QR code's alphanumeric set")


def test_sizes_out_of_range_and_wrong_types_are_refused() -> None:
    payload = "TC:ABC"
    for kwargs, message in (
        ({"scale": 0}, "scale must be between 1 and 64"),
        ({"scale": 65}, "scale must be between 1 and 64"),
        ({"border": -1}, "border must be between 0 and 16"),
        ({"border": 2**70}, "border must be between 0 and 16"),
    ):
        with pytest.raises(ValidationError) as caught:
            ticketcore.qr_png(payload, **kwargs)
        assert (caught.value.code, str(caught.value)) == ("invalid_qr_size", message)
    with pytest.raises(ValidationError):
        ticketcore.qr_svg(payload, border=17)
    for bad in (1.5, "4", True, None):
        with pytest.raises(TypeError, match="scale must be an int"):
            ticketcore.qr_png(payload, scale=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="payload must be a str, not bytes"):
        ticketcore.qr_png(b"TC:ABC")  # type: ignore[arg-type]
