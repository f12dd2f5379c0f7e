"""Durable place + confirm through the Python API, side by side with the C++ floor.

Each round runs the floor (bench/floor.cpp: only the SQLite writes of the same rows, same
durability) and ticketcore on fresh files in the same directory, one after the other; the
figures are the medians over the rounds. Run through `bash bench/run`.

Usage: python bench/orders.py FLOOR_BINARY [--orders N] [--rounds R] [--dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import ticketcore
from ticketcore import Actor, BuyerDetails


def prepare(path: Path) -> tuple[ticketcore.Store, ticketcore.Event, ticketcore.TicketSpecification]:
    """A store file made by ticketcore with one published event, one date and one paid spec."""
    platform = ticketcore.open(str(path), actor=Actor.platform("bench"), durability="full")
    organization = platform.organizations.create("Bench", currency="DKK")
    store = platform.acting_as(Actor("bench", organization.id, {"events:read", "events:write", "orders"}))
    event = store.events.create("Bench night", time_zone="Europe/Copenhagen")
    store.events.add_date(event.id, datetime(2030, 1, 1, 19, tzinfo=timezone.utc), datetime(2030, 1, 1, 23, tzinfo=timezone.utc))
    spec = store.specifications.add(event.id, "Ticket", price=25000)
    store.specifications.set_active(spec.id, True)
    store.events.publish(event.id)
    return store, store.events.get(event.id), spec


def ticketcore_orders_per_second(path: Path, orders: int) -> float:
    store, event, spec = prepare(path)
    buyers = [BuyerDetails(f"Buyer {index}", f"buyer{index}@example.com") for index in range(orders)]

    start = time.perf_counter()
    for index in range(orders):
        order = store.orders.place(event.id, buyer=buyers[index], items=[(spec.id, 1 + index % 4)])
        store.orders.confirm_payment(order.id, payment_ref=f"pay-{index}", gateway="bench", amount=order.total)
    elapsed = time.perf_counter() - start
    assert store.check_integrity().ok
    return orders / elapsed


def floor_orders_per_second(binary: str, path: Path, orders: int) -> float:
    store, event, spec = prepare(path)
    organization_id = store.actor.organization_id
    assert organization_id is not None
    command = [binary, str(path), organization_id, event.id, spec.id, event.dates[0].id, str(orders)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    sold = ticketcore.open(str(path), actor=store.actor).specifications.get(spec.id).number_of_tickets_sold
    assert sold == sum(1 + index % 4 for index in range(orders)), "the floor wrote other rows than expected"
    return float(output.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("floor")
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", default=None, help="where the store files go (default: a temp dir)")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=arguments.dir) as directory:
        floors: list[float] = []
        cores: list[float] = []
        for round_index in range(arguments.rounds):
            floors.append(floor_orders_per_second(arguments.floor, Path(directory) / f"floor-{round_index}.db", arguments.orders))
            cores.append(ticketcore_orders_per_second(Path(directory) / f"core-{round_index}.db", arguments.orders))
            print(f"round {round_index + 1}: floor {floors[-1]:8.1f} orders/s   ticketcore {cores[-1]:8.1f} orders/s")
    floor, core = statistics.median(floors), statistics.median(cores)
    print(f"durable place + confirm, orders of 1-4 tickets, durability=full, {arguments.orders} orders x {arguments.rounds} rounds")
    print(f"floor (C++, minimum SQLite writes): {floor:8.1f} orders/s (median)")
    print(f"ticketcore (Python API):            {core:8.1f} orders/s (median)")
    print(f"ratio ticketcore / floor:           {core / floor:8.2f}   (target >= 0.70)")


if __name__ == "__main__":
    main()
