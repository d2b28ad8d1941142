"""The ``--registry`` file as every command reads it: its entries, or one usage line saying what is wrong."""

from __future__ import annotations

from pathlib import Path

import typer

from tracker.registry import RegistryEntry, RegistryError, load_registry


def registry_entries(registry: Path, strict: bool = True) -> list[RegistryEntry]:
    """The registry's entries; a file that cannot be read at all (or, ``strict``, has a bad row) is a usage
    error naming the file, line and problem, never a traceback."""
    try:
        return load_registry(registry, strict=strict)
    except RegistryError as error:
        shown = "; ".join(str(e) for e in error.errors[:5])
        more = f" (and {len(error.errors) - 5} more)" if len(error.errors) > 5 else ""
        raise typer.BadParameter(shown + more, param_hint="'--registry'") from None
    except (OSError, ValueError) as error:
        raise typer.BadParameter(f"{registry}: {error}", param_hint="'--registry'") from None
