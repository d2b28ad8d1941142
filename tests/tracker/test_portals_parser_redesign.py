"""tracker.portals.parser on the portal as Flock redesigned it from May 2026 (hand-made pages of that shape).

No capture of these layouts may be copied here: the only public archive of them (none-below/sm-alpr,
``assets/transparency.flocksafety.com/{slug}/{date}.html``, weekly captures of hundreds of portals, March to
September 2026) states that its third-party material is not covered by its licenses. The pages below are
written by hand for a fictional agency, with the markup of two of those captures, read through the search
tool (Alexandria VA PD 2026-06-13 and 2026-09-17, Oakland CA PD 2026-09-20):

- June 2026: a box is a ``<p style="font-weight:600">`` label, a ``<p>`` sentence describing it ("The number
  of days data is retained."), then the value ``<div>``, all siblings.
- September 2026: ``div[data-tp-entry-type][data-tp-presentation]`` entries whose ``div.tpEntryHeader``
  holds the label and the description; the value follows the header. Sharing lists are tables of rows of
  two ``div[data-tp-access-cell-text]`` cells, with a ``<style>`` inside; new label wording ("Total
  Cameras", "Number of Searches", "Sharing Network Data With", "Receiving Network Data From"); the
  heading is "Name<br>Transparency Portal".

Before the fix the parser read each description as the value: retention and cameras None, searches 30
(the "last 30 days" of the description), and the sharing list one "name" made of that sentence.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.portals.fields import RawField, _names, box_kind, classify, parse_count
from tracker.portals.parser import PortalPage, parse_portal

HEADER = 'style="font-family:Inter,sans-serif;font-weight:600;font-size:16px;line-height:28px;margin:0"'
NOTE = 'style="font-family:Inter,sans-serif;font-weight:400;font-size:14px;line-height:20px;margin:2px 0 0"'
#: The value's style by presentation: metrics are bold, texts and tables are not.
VALUE = {"metric": 'style="flex:1;min-width:0;font-weight:600;font-size:36px"',
         "text": 'style="flex:1;min-width:0;font-weight:400;font-size:16px;white-space:pre-line"'}
MARKER = '<div aria-hidden="true" style="width:4px;min-width:4px;align-self:stretch"></div>'


def entry(kind: str, label: str, note: str | None, value: str, presentation: str = "metric") -> str:
    """One September 2026 entry: header (label, description), then the value, beside a marker bar except in
    tables and the audit (as on the captures)."""
    described = f"<p {NOTE}>{note}</p>" if note else ""
    marker = MARKER if presentation in ("metric", "text") else ""
    style = VALUE["metric" if presentation == "metric" else "text"]
    return (f'<div data-tp-entry-type="{kind}" data-tp-presentation="{presentation}" style="padding:16px">'
            f'<div style="display:flex;flex-direction:column;gap:16px">'
            f'<div class="tpEntryHeader"><p {HEADER}>{label}</p>{described}</div>'
            f'<div style="display:flex;flex-direction:row;gap:8px">{marker}'
            f"<div {style}>{value}</div></div></div></div>")


def access_table(names: list[str]) -> str:
    """A September 2026 sharing table: rows of two cells, one name per cell, a ``<style>`` in the viewport."""
    cells = [f'<div style="display:flex;flex-direction:column"><div data-tp-access-cell-text="true" '
             f'data-tp-full-value="{name}" data-tp-truncated="false">{name}</div></div>' for name in names]
    rows = "".join(f'<div data-tp-access-row="true">{"".join(cells[i:i + 2])}</div>'
                   for i in range(0, len(cells), 2))
    return ('<div data-tp-access-table="true" data-tp-access-layout="two-column">'
            '<div data-tp-access-viewport="true">'
            '<style>[data-tp-access-viewport="true"]::-webkit-scrollbar { display: none; }</style>'
            f'<div style="display:flex;flex-direction:column">{rows}</div></div>'
            '<div aria-hidden="true" data-tp-scrollbar-track="true"><div data-tp-scrollbar-thumb="true"></div></div>'
            '<div aria-hidden="true" data-tp-tooltip="true"><span data-tp-tooltip-content="true"></span></div>'
            '</div>')


SHARED = ["Brookfield VA PD", "Carter County VA SO", "University of California, Berkeley", "Virginia State Police",
          "Dale City VA PD"]
RECEIVED = ["Akron OH PD", "Brookfield VA PD", "Cal Fire"]
#: Two searches, the second without a reason, as the 2026 audit link embeds them.
AUDIT = ("data:text/csv;charset=utf-8,%22id%22%2C%22searchDate%22%2C%22reason%22%0A"
         "%22a%22%2C%222026-08-21T00%3A00%3A52.705Z%22%2C%22211PC%22%0A"
         "%22b%22%2C%222026-08-22T10%3A05%3A03.567Z%22%2C%22%22")

SEPTEMBER = f"""<html><head><title>Flock Safety - Example City VA PD Transparency Portal</title></head><body>
<main id="reportContent"><section class="tpHero"><div class="tpHeroText">
<h1 id="tpPortalTitle">Example City VA PD<br>Transparency Portal</h1>
<p>Last updated: <span title="2026-09-17T11:04:51.510Z">Thu Sep 17 2026</span></p></div></section>
<div class="tpOverview"><h3>Overview</h3><p>Example City VA PD uses Flock Safety technology.</p></div>
<section><h2 class="tpSectionTitle">Community Impact</h2><div class="tpDataSummarySurface"><h3>Data &amp; Usage Summary</h3>
<div class="tpDataSummaryStack">
{entry("dataRetentionInDays", "Data Retention", "The number of days data is retained.", "21 days")}
<div class="tpResponsivePair">{entry("numberOfOwnedCameras", "Total Cameras", "Number of LPR and other cameras.", "61")}</div>
<div class="tpResponsivePair">{entry("plateReadsInLast30Days", "Vehicles detected in the last 30 days",
                                     "Number of unique plate reads over the last 30 days.", "575,118")}</div>
<div class="tpResponsivePair">{entry("searchesInLast30Days", "Number of Searches",
                                     "Total user search sessions over the last 30 days.", "355")}</div>
<div class="tpResponsivePair">{entry("hotlistSources", "Hotlists Alerted On", "National and statewide hotlist sources.",
                                     "NCMEC Amber Alert, NCIC - VSP", "text")}</div>
<div class="tpResponsivePair">{entry("plateHitsInLast30Days", "Number of Hotlist Hits",
                                     "Total hotlist hits over the last 30 days.", "32,070")}</div>
</div></div>
<div class="tpResponsivePair tpAccessPair">
{entry("orgsWithAccess", "Sharing Network Data With", "Organizations granted access to Example City VA PD data.",
       access_table(SHARED), "accessTable")}
{entry("orgsSharingWith", "Receiving Network Data From", "Organizations sharing their data with Example City VA PD.",
       access_table(RECEIVED), "accessTable")}
</div></section>
<section class="tpPolicySection"><h2>Policy &amp; Trust</h2><div class="tpPolicyStack">
{entry("", "Sharing with Partners", None, "We share with agencies in Virginia, on request.", "text")}
{entry("", "Prohibited Uses", None, "Immigration enforcement, traffic enforcement.", "text")}
{entry("searchAuditCsv", "Public Search Audit", "Download to view searches performed over the last 30 days.",
       f'<div style="display:inline-flex"><a href="{AUDIT}">Download CSV</a></div>', "csv")}
</div></section></main></body></html>"""

JUNE_BOX = ('<div style="padding:16px"><div style="display:flex;flex-direction:column;gap:8px">'
            '<p style="font-weight:600;font-size:16px;margin:0">{label}</p>'
            '<p style="font-weight:400;font-size:14px;margin:0 0 8px">{note}</p>'
            '<div style="display:flex;flex-direction:row;gap:16px">' + MARKER +
            '<div style="flex:1;font-weight:600;font-size:28px">{value}</div></div></div></div>')
JUNE = f"""<html><body><div id="reportContent"><h1 style="font-weight:600">Example City VA PD<br>Transparency Portal</h1>
<div id="usage"><h3 style="font-weight:500;text-transform:uppercase">Usage</h3><div style="display:flex;flex-direction:column">
{JUNE_BOX.format(label="Data Retention", note="The number of days data is retained.", value="21 days")}
{JUNE_BOX.format(label="Total Cameras", note="Number of LPR and other cameras.", value="61")}
{JUNE_BOX.format(label="Number of Searches", note="Total user search sessions over the last 30 days.", value="355")}
{JUNE_BOX.replace(MARKER, "").format(label="Sharing Network Data With",
                                     note="Organizations granted access to Example City VA PD data.",
                                     value=access_table(SHARED))}
</div></div></div></body></html>"""


#: The empty states of September/October 2026 pages (Alameda CA PD 2026-09-18, San Diego CA PD 2026-10-08):
#: the label renamed by the agency, Flock's description, and a sentence instead of a table.
NOT_SHARING = f"""<html><body><h1>Example City CA PD<br>Transparency Portal</h1>
{entry("orgsWithAccess", "None: Example City does not share with outside agencies",
       "Organizations granted access to Example City CA PD data.",
       "Example City CA PD is not sharing data with any partner networks.", "accessTable")}
{entry("orgsSharingWith", "Receiving Network Data From", "Organizations sharing their data with Example City CA PD.",
       access_table(RECEIVED), "accessTable")}
<section class="tpMoreInfoSection">{entry("", "Number of Owned Cameras", None, "500")}</section>
</body></html>"""


@pytest.fixture(scope="module")
def not_sharing() -> PortalPage:
    return parse_portal(NOT_SHARING)


@pytest.fixture(scope="module")
def september() -> PortalPage:
    return parse_portal(SEPTEMBER)


@pytest.fixture(scope="module")
def june() -> PortalPage:
    return parse_portal(JUNE)


def test_the_agency_is_the_heading_without_its_transparency_portal_line(september) -> None:
    assert september.agency == "Example City VA PD"


def test_the_last_updated_stamp_is_read(september) -> None:
    assert september.updated_at == dt.datetime(2026, 9, 17, 11, 4, 51, 510000, tzinfo=dt.UTC)


def test_retention_is_the_value_not_its_description(september) -> None:
    assert september.retention_days == 21


def test_cameras_are_the_value_not_their_description(september) -> None:
    assert september.camera_count == 61


def test_vehicles_detected(september) -> None:
    assert september.vehicles_detected_30d == 575_118


def test_searches_are_never_the_30_days_of_the_description(september) -> None:
    assert september.searches_30d == 355


def test_hotlist_hits(september) -> None:
    assert september.hotlist_hits_30d == 32_070


def test_hotlists(september) -> None:
    assert september.hotlists == ["NCMEC Amber Alert", "NCIC - VSP"]


def test_the_sharing_table_is_one_name_per_cell_commas_kept(september) -> None:
    assert september.organizations == SHARED


def test_the_receiving_table_is_kept_apart(september) -> None:
    assert september.organizations_received == RECEIVED


def test_the_table_style_sheet_is_no_part_of_the_list(september) -> None:
    assert september.fields["Sharing Network Data With"].splitlines()[0] == "Brookfield VA PD"


def test_sharing_prose_is_policy_not_a_list(september) -> None:
    assert september.policies["Sharing with Partners"] == "We share with agencies in Virginia, on request."


def test_the_audit_link_behind_the_description_is_counted(september) -> None:
    audit = september.search_audit
    assert (audit.searches, audit.without_reason) == (2, 1)


def test_june_retention(june) -> None:
    assert june.retention_days == 21


def test_june_cameras(june) -> None:
    assert june.camera_count == 61


def test_june_searches(june) -> None:
    assert june.searches_30d == 355


def test_june_sharing_table(june) -> None:
    """May and June 2026 (Berkeley CA PD 2026-05-05): the same table, in the box after label and description."""
    assert june.organizations == SHARED


def test_june_agency(june) -> None:
    assert june.agency == "Example City VA PD"


def test_a_label_followed_by_a_sentence_and_nothing_else_keeps_the_sentence_as_its_value() -> None:
    """A ``<p>`` value that ends in a period, closing its box, is the value, not a description."""
    html = """<html><body><div><p style="font-weight:700">Access Policy</p><p>All access requires a reason.</p></div>
    <div><p style="font-weight:700">Data Retention (days)</p><div>30 days</div></div></body></html>"""
    portal = parse_portal(html)
    assert (portal.policies["Access Policy"], portal.retention_days) == ("All access requires a reason.", 30)


@pytest.mark.parametrize(("label", "kind"), [
    ("Sharing Network Data With", "organizations"),
    ("Receiving Network Data From", "organizations_received"),
    ("Approved NCRIC Share With", "organizations"),
    ("Sharing with Partners", "policy"),
    ("Total Cameras", "cameras"),
    ("LPR Cameras", "cameras"),
    ("Number of LPRs", "cameras"),
    ("Number of Searches", "searches"),
    ("Number of Hotlist Hits", "hotlist_hits"),
    ("Unique Vehicles Detected", "vehicles_detected"),
])
def test_redesign_labels_are_classified_by_their_words(label: str, kind: str) -> None:
    assert classify(label) == kind


@pytest.mark.parametrize(("text", "count"), [
    ("Number of unique plate reads over the last 30 days.\n341,081", 341_081),
    ("Total user search sessions over the last 30 days.", None),
    ("About 40 searches in the last 30 days", 40),
])
def test_a_count_is_never_the_days_of_a_window(text: str, count: int | None) -> None:
    assert parse_count(text) == count


def test_a_sharing_box_saying_it_shares_with_no_one_is_an_empty_list_not_a_name(not_sharing) -> None:
    assert not_sharing.organizations == []


def test_the_received_list_beside_an_empty_sharing_list_is_read(not_sharing) -> None:
    assert not_sharing.organizations_received == RECEIVED


def test_a_camera_box_without_description_far_down_the_page_is_read(not_sharing) -> None:
    assert not_sharing.camera_count == 500


def test_a_bold_value_without_marker_after_a_description_is_the_value() -> None:
    """Hand-made variant: a metric entry whose bold value stands alone (no marker bar before it)."""
    box = entry("numberOfOwnedCameras", "Total Cameras", "Number of LPR and other cameras.", "61", "csv")
    html = f"<html><body>{box.replace(VALUE['text'], VALUE['metric'])}</body></html>"
    assert parse_portal(html).camera_count == 61


def test_a_policy_with_a_description_stays_a_policy_and_a_sharing_list_is_told_by_its_description() -> None:
    """Hand-made labels the rules do not know: only a sharing description may give a box its kind."""
    assert box_kind("Restrictions", "Uses for which searches are never run.") == "policy"
    assert box_kind("Access Policy", "Which officers may see the data.") == "policy"
    assert box_kind("Network Partners", "Organizations granted access to Anytown PD data.") == "organizations"


def test_a_list_naming_no_one_in_passing_keeps_its_names() -> None:
    def box(text: str) -> RawField:
        return RawField(label="Agencies Shared With", text=text)

    assert _names(box("Boise PD (no agencies outside Idaho), Ada County SO")) == [
        "Boise PD (no agencies outside Idaho)", "Ada County SO"]
    assert _names(box("San Diego CA PD is not sharing data with any partner networks.")) == []
