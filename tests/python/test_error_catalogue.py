"""One catalogue of error codes: core/src/values/error_catalogue.cpp builds every error the core,
the bindings and the Python package raise, no other file of core/, bindings/ or python/ticketcore
spells an error code, and docs/errors.md lists exactly the codes there, each with the class the
catalogue gives it."""

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
# Setting a code on a Python error: `error.code = ...`.
PYTHON_CODE_SET = re.compile(r"\.code\s*=[^=]")


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


def python_sources() -> list[Path]:
    """The Python package, which raises the catalogue's errors through the module's helpers."""
    return sorted(path for path in (ROOT / "python" / "ticketcore").rglob("*") if path.suffix in {".py", ".pyi"})


def documented() -> dict[str, set[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    for code, cls in DOC_ROW.findall(DOCS.read_text(encoding="utf-8")):
        codes[code].add(cls)
    return codes


def test_the_catalogue_is_found_and_every_factory_builds_one_typed_error() -> None:
    codes = catalogue()
    assert len(codes) > 100, "the catalogue's factories were not recognized"
    # After the helpers (the anonymous namespace), each factory is one `return XxxError("code", ...)`.
    factories = CATALOGUE.read_text(encoding="utf-8").split("}  // namespace\n", 1)[1]
    returns = re.findall(r"\breturn\s+(\w+)\(\s*\"", factories)
    assert len(returns) == len(re.findall(r"\breturn\b", factories)) == len(BUILT.findall(factories))
    assert set(returns) <= set(CLASSES)


#: Verdicts are answers, not errors: a door refusal's code may name the same condition as an error
#: (a refund in progress), and is spelled in the door's rules, the one place verdict codes live.
VERDICT_CODES = {ROOT / "core" / "src" / "rules" / "door_rules.cpp": {"refund_in_progress"}}


def test_no_file_of_core_or_bindings_outside_the_catalogue_spells_an_error_code() -> None:
    codes = catalogue()
    offenders = []
    for path in core_sources():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        allowed = VERDICT_CODES.get(path, set())
        offenders += [f"{where}: {match.group(0)}" for match in LITERAL_CODE.finditer(text)]
        offenders += [f"{where}: \"{literal}\"" for literal in re.findall(r'"([a-z_]+)"', text)
                      if literal in codes and literal not in allowed]
    assert not offenders, "error codes outside core/src/values/error_catalogue.cpp:\n" + "\n".join(offenders)
    assert ROOT / "bindings" / "register_store.cpp" in core_sources()


def test_no_file_of_the_python_package_spells_an_error_code_or_sets_one() -> None:
    codes = catalogue()
    offenders = []
    for path in python_sources():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        offenders += [f"{where}: {match.group(0)}" for match in PYTHON_CODE_SET.finditer(text)]
        offenders += [f"{where}: {literal!r}" for literal in re.findall(r"""["']([a-z_]+)["']""", text)
                      if literal in codes]
    assert not offenders, "error codes in python/ticketcore (raise them through _core):\n" + "\n".join(offenders)
    assert ROOT / "python" / "ticketcore" / "__init__.py" in python_sources()


def test_docs_list_exactly_the_catalogue_codes() -> None:
    codes = catalogue()
    docs = documented()
    assert set(docs) == set(codes), (
        f"undocumented: {sorted(set(codes) - set(docs))}; not raised: {sorted(set(docs) - set(codes))}"
    )


def test_docs_give_each_code_the_classes_the_catalogue_raises_it_as() -> None:
    codes = catalogue()
    docs = documented()
    wrong = {code: (sorted(docs[code]), sorted(classes)) for code, classes in codes.items() if docs[code] != classes}
    assert not wrong, f"docs/errors.md vs catalogue: {wrong}"


def test_the_errors_page_is_linked_from_the_readme_and_the_architecture() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "architecture.md"):
        assert "errors.md" in page.read_text(encoding="utf-8"), page.name
