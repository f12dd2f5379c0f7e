"""The folders of the core keep their layers (docs/architecture.md, "Layers").

Each layer includes only its own headers and those of the layers below it: values (1), model (2),
rules (3), store (4), services (5), each as its public headers (core/include/ticketcore/<layer>)
and its sources (core/src/<layer>); no file of a layer includes the test hooks
(core/src/testing, core/include/ticketcore/testing).

An engine's client library stays in its engine's folder: no file of core/, bindings/ or fuzz/
outside core/src/store/sqlite reaches a SQLiteCpp (or sqlite3.h) header, and none outside
core/src/store/postgres reaches libpq-fe.h, whether it includes one itself or through the
headers it includes (store/sqlite/engine.hpp includes SQLiteCpp, store/sqlite/open.hpp does not).
The C++ tests of the engines (tests/cpp) and bench/floor.cpp, the baseline that writes SQLite
itself, are not the product and may.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Where a quoted #include is looked for after the including file's own folder, as CMake sets it.
INCLUDE_DIRS = (ROOT / "core" / "src", ROOT / "core" / "include", ROOT / "bindings")
CHECKED_TREES = (ROOT / "core", ROOT / "bindings", ROOT / "fuzz")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# The client library of each engine, and the one folder allowed to reach it.
ENGINE_HEADERS = {
    "SQLite": (re.compile(r"^(SQLiteCpp/|sqlite3\.h$)"), ROOT / "core" / "src" / "store" / "sqlite"),
    "libpq": (re.compile(r"^libpq-fe\.h$"), ROOT / "core" / "src" / "store" / "postgres"),
}


# The layers in order, from the bottom; ticketcore/ticketcore.hpp includes every service.
LAYERS = ("values", "model", "rules", "store", "services")
HOOKS = "testing"


def layer_of(path: Path) -> str | None:
    """The layer (or HOOKS) a file of the core belongs to; None outside the core."""
    relative = path.resolve().relative_to(ROOT)
    parts = relative.parts
    if parts[:3] == ("core", "include", "ticketcore"):
        return "services" if parts[3:] == ("ticketcore.hpp",) else parts[3]
    if parts[:2] == ("core", "src"):
        return parts[2]
    return None


def sources() -> list[Path]:
    return sorted(path for tree in CHECKED_TREES for path in tree.rglob("*") if path.suffix in {".cpp", ".hpp"})


def direct_includes(path: Path) -> list[Path]:
    """The project files `path` includes itself."""
    found = (resolve(name, path) for bracket, name in INCLUDE.findall(path.read_text(encoding="utf-8"))
             if bracket == '"')
    return [target for target in found if target is not None]


def resolve(name: str, including: Path) -> Path | None:
    """The project file a quoted #include names, or None for a system or third-party header."""
    for folder in (including.parent, *INCLUDE_DIRS):
        candidate = folder / name
        if candidate.is_file():
            return candidate.resolve()
    return None


@cache
def reached(path: Path) -> frozenset[str]:
    """Every header `path` includes, directly or through the project's headers: system and
    third-party headers by their name, the project's by their path from the root."""
    found: set[str] = set()
    for bracket, name in INCLUDE.findall(path.read_text(encoding="utf-8")):
        target = resolve(name, path) if bracket == '"' else None
        if target is None:
            found.add(name)
            continue
        found.add(str(target.relative_to(ROOT)))
        found |= reached(target)
    return frozenset(found)


def test_the_include_walk_follows_the_engines_headers() -> None:
    # The check below proves nothing unless the walk sees an engine's header through another.
    sqlite_engine = reached(ROOT / "core" / "src" / "store" / "sqlite" / "engine.hpp")
    assert "SQLiteCpp/SQLiteCpp.h" in sqlite_engine
    assert "core/src/store/sqlite/connection.hpp" in sqlite_engine
    assert "libpq-fe.h" in reached(ROOT / "core" / "src" / "store" / "postgres" / "engine.hpp")
    assert "SQLiteCpp/SQLiteCpp.h" not in reached(ROOT / "core" / "src" / "store" / "sqlite" / "open.hpp")
    assert ROOT / "core" / "src" / "services" / "store.cpp" in sources()
    assert ROOT / "bindings" / "register_store.cpp" in sources()


def test_no_file_outside_an_engines_folder_reaches_its_client_library() -> None:
    offenders = []
    for path in sources():
        headers = reached(path)
        for library, (pattern, home) in ENGINE_HEADERS.items():
            if path.is_relative_to(home):
                continue
            offenders += [f"{path.relative_to(ROOT)}: {library} through {header}"
                          for header in sorted(headers) if pattern.search(header)]
    assert not offenders, "engine client headers outside their engine's folder:\n" + "\n".join(offenders)


def test_every_file_of_the_core_is_in_a_layer() -> None:
    core = [path for path in sources() if path.is_relative_to(ROOT / "core")]
    assert {layer_of(path) for path in core} == {*LAYERS, HOOKS}
    assert layer_of(ROOT / "core" / "include" / "ticketcore" / "values" / "store_options.hpp") == "values"
    assert layer_of(ROOT / "core" / "src" / "store" / "sqlite" / "open.hpp") == "store"


def test_each_layer_includes_only_itself_and_the_layers_below() -> None:
    offenders = []
    for path in sources():
        layer = layer_of(path)
        if layer not in LAYERS:
            continue
        for target in direct_includes(path):
            used = layer_of(target)
            if used is None or used == HOOKS or LAYERS.index(used) > LAYERS.index(layer):
                offenders.append(f"{path.relative_to(ROOT)} ({layer}) includes {target.relative_to(ROOT)} ({used})")
    assert not offenders, "includes against the layers:\n" + "\n".join(offenders)
