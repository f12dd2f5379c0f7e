"""One catalogue of error codes: core/src/values/error_catalogue.cpp builds every error the core
and the bindings raise, no other file of core/src or bindings/ spells an error code, and
docs/errors.md lists exactly the codes there (plus the Python package's own), each with the class
the catalogue gives it."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "core" / "src"
CATALOGUE = SOURCES / "values" / "error_catalogue.cpp"
CATALOGUE_FILES = {CATALOGUE, ROOT / "core" / "include" / "ticketcore" / "values" / "error_catalogue.hpp"}
DOCS = ROOT / "docs" / "errors.md"

CLASSES = ("ValidationError", "NotFoundError", "ConflictError", "CapacityError", "PermissionDeniedError", "StorageError")
# `XxxError("code", ...)` in the catalogue: the class and code of each factory.
BUILT = re.compile(r"\b(" + "|".join(CLASSES) + r')\(\s*"([a-z_]+)"')
# Any construction of an error (or the PostgreSQL engine's Failure) whose first argument is a literal.
LITERAL_CODE = re.compile(r'\b(?:\w*Error|Failure)\s*[({]\s*"')
# A row of a table in docs/errors.md: | `code` | `Class` | ...
DOC_ROW = re.compile(r"^\| `([a-z_]+)` \| `(\w+)` \|", re.M)
# The Python package's own codes: _validation_error("code", ...).
PYTHON_LAYER = re.compile(r'\b_validation_error\("([a-z_]+)"')


def catalogue() -> dict[str, set[str]]:
    """Each code of the catalogue with the classes it is raised as."""
    codes: dict[str, set[str]] = defaultdict(set)
    for cls, code in BUILT.findall(CATALOGUE.read_text(encoding="utf-8")):
        codes[code].add(cls)
    return codes


def core_sources() -> list[Path]:
    """The C++ sources that must not spell a code: core (sources and public headers) and bindings."""
    trees = [SOURCES, ROOT / "core" / "include", ROOT / "bindings"]
    return sorted(path for tree in trees for path in tree.rglob("*")
                  if path.suffix in {".cpp", ".hpp"} and path not in CATALOGUE_FILES)


def documented() -> dict[str, set[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    for code, cls in DOC_ROW.findall(DOCS.read_text(encoding="utf-8")):
        codes[code].add(cls)
    return codes


def python_layer_codes() -> set[str]:
    found: set[str] = set()
    for path in sorted((ROOT / "python" / "ticketcore").glob("*.py")):
        found.update(PYTHON_LAYER.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_catalogue_is_found_and_every_factory_builds_one_typed_error() -> None:
    codes = catalogue()
    assert len(codes) > 100, "the catalogue's factories were not recognized"
    # After the helpers (the anonymous namespace), each factory is one `return XxxError("code", ...)`.
    factories = CATALOGUE.read_text(encoding="utf-8").split("}  // namespace\n", 1)[1]
    returns = re.findall(r"\breturn\s+(\w+)\(\s*\"", factories)
    assert len(returns) == len(re.findall(r"\breturn\b", factories)) == len(BUILT.findall(factories))
    assert set(returns) <= set(CLASSES)


def test_no_file_of_core_or_bindings_outside_the_catalogue_spells_an_error_code() -> None:
    codes = catalogue()
    offenders = []
    for path in core_sources():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        offenders += [f"{where}: {match.group(0)}" for match in LITERAL_CODE.finditer(text)]
        offenders += [f"{where}: \"{literal}\"" for literal in re.findall(r'"([a-z_]+)"', text) if literal in codes]
    assert not offenders, "error codes outside core/src/values/error_catalogue.cpp:\n" + "\n".join(offenders)
    assert ROOT / "bindings" / "register_store.cpp" in core_sources()


def test_docs_list_exactly_the_catalogue_and_the_python_layer_codes() -> None:
    codes = catalogue()
    docs = documented()
    own = python_layer_codes() - set(codes)
    assert set(docs) == set(codes) | own, (
        f"undocumented: {sorted(set(codes) | own - set(docs))}; not raised: {sorted(set(docs) - set(codes) - own)}"
    )


def test_docs_give_each_code_the_classes_the_catalogue_raises_it_as() -> None:
    codes = catalogue()
    docs = documented()
    wrong = {code: (sorted(docs[code]), sorted(classes)) for code, classes in codes.items() if docs[code] != classes}
    assert not wrong, f"docs/errors.md vs catalogue: {wrong}"
    for code in python_layer_codes() - set(codes):
        assert docs[code] == {"ValidationError"}, code


def test_the_errors_page_is_linked_from_the_readme_and_the_architecture() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "architecture.md"):
        assert "errors.md" in page.read_text(encoding="utf-8"), page.name
