"""Read and write registry files (CSV or YAML, chosen by suffix) for ``alpr-tracker crawl --registry``.

Registries are edited by hand, so a bad row must be easy to find: every problem is reported with the
file and line, all of them at once. ``strict=False`` lets a crawl go on with the good rows (each bad one
logged), which is what a scheduled job wants; editing tools and tests use the strict default.

CSV cells: ``bodies`` separated by ``|``, ``options`` a JSON object, empty cells mean "not set".
YAML: a list of mappings, or a mapping whose ``entries`` key holds that list.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tracker.registry.models import RegistryEntry

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("id", "name", "state", "platform", "url")
COLUMNS = tuple(RegistryEntry.model_fields)
BODY_SEPARATOR = "|"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_JSON = json.JSONDecoder()
#: Blank and ``#`` comment lines before a document's first value.
_COMMENT_LINES = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*")
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class RowError:
    """One invalid row: where it is and what is wrong with it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class RegistryError(ValueError):
    """A registry file that cannot be used as it is; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def load_registry(path: str | Path, strict: bool = True) -> list[RegistryEntry]:
    """Validated entries of a CSV or YAML registry; raise or (``strict=False``) skip bad rows."""
    path = Path(path)
    entries: list[RegistryEntry] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(path):
        try:
            entry = RegistryEntry.model_validate(row)
        except ValidationError as exc:
            errors.append(RowError(path, line, _describe(exc, row)))
            continue
        if entry.id in first_line:
            errors.append(RowError(path, line, f"duplicate id {entry.id!r} (first on line {first_line[entry.id]})"))
            continue
        first_line[entry.id] = line
        entries.append(entry)
    if errors and strict:
        raise RegistryError(errors)
    for error in errors:
        log.warning("skipping registry row: %s", error)
    return entries


def write_registry(entries: Iterable[RegistryEntry], path: str | Path) -> None:
    """Write ``entries`` as CSV or YAML (by suffix), in a form :func:`load_registry` reads back."""
    path = Path(path)
    entries = list(entries)
    if _format(path) == "csv":
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(_csv_row(entry) for entry in entries)
        return
    rows = [entry.model_dump(exclude_defaults=True) for entry in entries]
    path.write_text(yaml.safe_dump({"entries": rows}, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise ValueError(f"{path}: registry files are .csv, .yaml or .yml")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, raw row) pairs of either format."""
    if _format(path) == "csv":
        yield from _csv_rows(path)
    else:
        yield from _yaml_rows(path)


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RegistryError([RowError(path, 1, f"missing column(s): {', '.join(missing)}")])
        for raw in reader:
            yield reader.line_num, _parse_csv_row(raw)


def _parse_csv_row(raw: dict[str | None, Any]) -> dict[str, Any]:
    """Turn CSV cells into model input: an empty cell is unset, ``bodies`` is split on ``|``."""
    row: dict[str, Any] = {}
    for key, cell in raw.items():
        if key is None:  # more cells than header columns
            row["(extra cells)"] = cell
        elif cell is None:  # fewer cells than header columns: say which required ones
            if key in REQUIRED_COLUMNS:
                row[key] = None
        elif cell.strip():
            row[key] = cell
    if "bodies" in row:
        row["bodies"] = [b.strip() for b in row["bodies"].split(BODY_SEPARATOR) if b.strip()]
    return row


def _yaml_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    fast = _json_list_rows(text)
    if fast is not None:
        yield from fast
        return
    root, data = _parse_yaml(path, text)
    items, nodes = data, root
    if isinstance(data, dict):
        items = data.get("entries")
        nodes = next((v for k, v in root.value if k.value == "entries"), None)
    if not isinstance(items, list) or nodes is None:
        raise RegistryError([RowError(path, 1, "expected a list of entries (or a mapping with 'entries:')")])
    for item, node in zip(items, nodes.value, strict=True):
        yield node.start_mark.line + 1, item if isinstance(item, dict) else {"(row)": item}


def _json_list_rows(text: str) -> list[tuple[int, dict[str, Any]]] | None:
    """(line, row) pairs when the YAML document is a JSON list of rows under its comments, else None.

    JSON is YAML, and the compiled registry of thousands of rows is written as one: ``json`` reads it about
    twenty times faster than a YAML loader builds the same objects, which matters because every command
    loads the registry. Each row is decoded where it starts, so errors still name its line; anything that
    is not such a list (a hand-written YAML file) returns None and goes through the YAML loader.
    """
    start = _skip_space(text, _COMMENT_LINES.match(text).end())
    if not text.startswith("[", start):
        return None
    lines = list(accumulate(len(line) for line in text.splitlines(keepends=True)))
    rows: list[tuple[int, dict[str, Any]]] = []
    index = _skip_space(text, start + 1)
    try:
        while not text.startswith("]", index):
            item, end = _JSON.raw_decode(text, index)
            rows.append((bisect_right(lines, index) + 1, item if isinstance(item, dict) else {"(row)": item}))
            index = _skip_space(text, end)
            if text.startswith(",", index):
                index = _skip_space(text, index + 1)
            elif not text.startswith("]", index):
                return None
    except json.JSONDecodeError:
        return None
    return rows if not text[index + 1 :].strip() else None


def _skip_space(text: str, index: int) -> int:
    return _SPACE.match(text, index).end()


def _parse_yaml(path: Path, text: str) -> tuple[Any, Any]:
    """The document's node tree (for line numbers) and its data, from one pass of the fastest loader.

    The registry is read on every command: libyaml's loader is several times faster than the pure-Python
    one on the bundled file of thousands of rows, and building the data from the composed nodes avoids
    parsing the text twice.
    """
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise RegistryError([RowError(path, mark.line + 1 if mark else 1, f"not YAML: {problem}")]) from exc
    finally:
        loader.dispose()


def _describe(exc: ValidationError, row: dict[str, Any]) -> str:
    """``id 'x': state: Value error, not a US state ...; lat: ...`` for one row."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "row"
        problems.append(f"{where}: {err['msg']}")
    label = f"id {row['id']!r}: " if row.get("id") else ""
    return label + "; ".join(problems)


def _csv_row(entry: RegistryEntry) -> dict[str, Any]:
    data = entry.model_dump()
    if any(BODY_SEPARATOR in body for body in entry.bodies):
        raise ValueError(f"{entry.id}: a body name contains {BODY_SEPARATOR!r}, which CSV uses as separator")
    data["bodies"] = BODY_SEPARATOR.join(entry.bodies)
    data["options"] = json.dumps(entry.options, sort_keys=True) if entry.options else ""
    data["enabled"] = "true" if entry.enabled else "false"
    return {k: "" if v is None else v for k, v in data.items()}
