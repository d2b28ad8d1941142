"""What changed between two versions of a portal: the facts an alert is about.

Tracked: retention, camera count, organizations added or removed (and a sharing list hidden or shown),
new federal and new out-of-state sharing, hotlists added or removed, and policy texts. The 30-day usage
counts change every day and are not changes in this sense (each snapshot keeps its own). Flags of both
versions are computed with the current rules, so an improved rule never reads as new sharing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.portals.flags import flag_organizations


def compare(before: Mapping[str, Any], after: Mapping[str, Any], home_state: str | None) -> dict[str, Any]:
    """The changes from ``before`` to ``after`` (mappings with the keys of a snapshot); ``{}`` if none.

    Keys, each present only when non-empty: ``retention_days`` and ``camera_count`` (``{"before", "after"}``),
    ``organizations_added``, ``organizations_removed``, ``organizations_hidden``, ``organizations_shown``,
    ``new_federal`` and ``new_out_of_state`` (flags as dicts), ``hotlists_added``, ``hotlists_removed``,
    ``policies_changed`` (label -> ``{"before", "after"}``).
    """
    changes: dict[str, Any] = {}
    for key in ("retention_days", "camera_count"):
        if before.get(key) != after.get(key):
            changes[key] = {"before": before.get(key), "after": after.get(key)}
    changes.update(_organizations(before.get("organizations"), after.get("organizations"), home_state))
    changes.update(_added_removed("hotlists", before.get("hotlists") or [], after.get("hotlists") or []))
    policies = _policies(before.get("policies") or {}, after.get("policies") or {})
    if policies:
        changes["policies_changed"] = policies
    return changes


def _organizations(before: list[str] | None, after: list[str] | None, home_state: str | None) -> dict[str, Any]:
    if before is not None and after is None:
        return {"organizations_hidden": True}
    changes = {"organizations_shown": True} if before is None and after is not None else {}
    changes.update(_added_removed("organizations", before or [], after or []))
    known = {(flag.name, flag.reason) for flag in flag_organizations(before or [], home_state)}
    new = [flag for flag in flag_organizations(after or [], home_state) if (flag.name, flag.reason) not in known]
    for reason in ("federal", "out_of_state"):
        flags = [flag.as_dict() for flag in new if flag.reason == reason]
        if flags:
            changes[f"new_{reason}"] = flags
    return changes


def _added_removed(name: str, before: list[str], after: list[str]) -> dict[str, list[str]]:
    before_set, after_set = set(before), set(after)
    added = [item for item in after if item not in before_set]
    removed = [item for item in before if item not in after_set]
    return {key: items for key, items in ((f"{name}_added", added), (f"{name}_removed", removed)) if items}


def _policies(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, dict[str, str | None]]:
    labels = list(dict.fromkeys([*before, *after]))
    return {label: {"before": before.get(label), "after": after.get(label)}
            for label in labels if before.get(label) != after.get(label)}
