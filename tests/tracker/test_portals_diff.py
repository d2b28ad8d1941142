"""tracker.portals.diff: the changes between two versions of a real portal, the second made by editing it."""

from __future__ import annotations

from pathlib import Path

from tracker.portals.diff import compare
from tracker.portals.flags import SHARING_LAWS
from tracker.portals.parser import parse_portal

PORTALS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "flock_transparency"
COSTA_MESA = PORTALS / "costa-mesa-ca-pd.html"
SB34 = SHARING_LAWS["CA"].citation
HOTLIST_POLICY = "Hotlist hits are required to be human verified prior to action."


def edited(*replacements: tuple[str, str]) -> dict:
    """The facts of Costa Mesa's page after each (old, new) text replacement; each old text occurs once."""
    html = COSTA_MESA.read_text(encoding="utf-8")
    for old, new in replacements:
        assert html.count(old) == 1, old
        html = html.replace(old, new)
    return parse_portal(html).facts()


def test_every_tracked_change_is_reported() -> None:
    before = edited()
    after = edited(
        ("365 days", "30 days"),
        ('<div class="value col-12">46</div>', '<div class="value col-12">50</div>'),
        ("Alhambra CA PD, ", "Alhambra CA PD, Houston TX PD, HSI Houston TX, "),
        ("Albany CA PD, ", ""),
        ("California SVS, NCMEC Amber Alert", "California SVS, NCMEC Amber Alert, NCIC"),
        (HOTLIST_POLICY, "Hotlist hits may be acted on directly."),
        ("1,298,161", "1,301,007"),  # usage counts change daily: not a change worth an alert
    )
    assert compare(before, after, "CA") == {
        "retention_days": {"before": 365, "after": 30},
        "camera_count": {"before": 46, "after": 50},
        "organizations_added": ["Houston TX PD", "HSI Houston TX"],
        "organizations_removed": ["Albany CA PD"],
        "new_federal": [{"name": "HSI Houston TX", "reason": "federal", "state": "TX",
                         "detail": "Homeland Security Investigations", "law": SB34}],
        "new_out_of_state": [
            {"name": "Houston TX PD", "reason": "out_of_state", "state": "TX", "detail": "TX, not CA", "law": SB34},
            {"name": "HSI Houston TX", "reason": "out_of_state", "state": "TX", "detail": "TX, not CA", "law": SB34},
        ],
        "hotlists_added": ["NCIC"],
        "policies_changed": {"Hotlist Policy": {"before": HOTLIST_POLICY,
                                                "after": "Hotlist hits may be acted on directly."}},
    }


def test_only_usage_counts_changed_is_no_change() -> None:
    assert compare(edited(), edited(("1,298,161", "1,301,007"), (">519<", ">520<")), "CA") == {}


def test_sharing_already_present_is_never_new() -> None:
    before = edited(("Alhambra CA PD, ", "Alhambra CA PD, Houston TX PD, "))
    after = edited(("Alhambra CA PD, ", "Alhambra CA PD, Houston TX PD, "), ("Albany CA PD, ", ""))
    assert compare(before, after, "CA") == {"organizations_removed": ["Albany CA PD"]}


def test_a_sharing_list_that_disappears_is_hidden_not_emptied() -> None:
    before = edited()
    after = dict(before, organizations=None)
    assert compare(before, after, "CA") == {"organizations_hidden": True}
    shown = compare(after, edited(("Alhambra CA PD, ", "Alhambra CA PD, FBI, ")), "CA")
    assert shown["organizations_shown"] is True
    assert len(shown["organizations_added"]) == 351
    assert [flag["name"] for flag in shown["new_federal"]] == ["FBI"]
