"""A bare Granicus site (``https://city.granicus.com``) gets its view_id from the pages it serves.

Real pages (``../shared/fixtures/granicus``, read in place, served on 127.0.0.1 by :mod:`scrapers.replay`):
West Hollywood's City Council view and San Diego's Public Safety committee view stand in for what a site's
home page or ViewPublisher index shows. Granicus sites name their views only in links, so the one
hand-made page here is an index linking three views, to show the governing body's is preferred.
"""

from __future__ import annotations

from pathlib import Path

from scrapers.replay import Exchange, page, replaying
from tracker.registry import RegistryEntry, detect_platform
from tracker.registry.check import check_source
from tracker.registry.detect import granicus_views

GRANICUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "granicus"
WEHO = "https://weho.granicus.com"
INDEX = b"""<html><head><title>Video Archives</title></head><body>
<a href="ViewPublisher.php?view_id=15">Public Safety Committee</a>
<a href="//x.granicus.com/ViewPublisherRSS.php?view_id=15&amp;mode=agendas">RSS</a>
<a href="ViewPublisher.php?view_id=3">City Council</a>
<a href="ViewPublisher.php?view_id=7">Planning Commission</a></body></html>"""


def bare(url: str) -> RegistryEntry:
    return RegistryEntry(id="granicus:x", name="X", state="CA", platform="granicus", url=url)


def test_a_real_view_page_names_its_view_and_the_index_prefers_the_governing_body() -> None:
    (weho,) = granicus_views(f"{WEHO}/", (GRANICUS / "west-hollywood-ca-viewpublisher.html").read_bytes())
    assert (weho.url, weho.view_id, weho.title) == (f"{WEHO}/ViewPublisher.php?view_id=22", 22,
                                                    "City Council Meetings - iframe")
    assert weho.rank == 2 and weho.links == 225  # RSS feeds and players of the view count as its links
    ranked = granicus_views("https://x.granicus.com/ViewPublisher.php", INDEX)
    assert [(v.view_id, v.title, v.rank) for v in ranked] == [
        (3, "City Council", 2), (15, "Public Safety Committee", 0), (7, "Planning Commission", 0)]


def test_detect_lists_the_views_of_a_bare_site_best_first_and_says_what_to_do_without_any() -> None:
    found = detect_platform("https://x.granicus.com/ViewPublisher.php", INDEX)
    assert [d.url for d in found] == [f"https://x.granicus.com/ViewPublisher.php?view_id={n}" for n in (3, 15, 7)]
    assert "titled 'City Council'" in found[0].evidence
    (nothing,) = detect_platform(f"{WEHO}/", b"<html><title>Granicus</title></html>")
    assert nothing.url == WEHO and "no view_id, and the page links no view: run `alpr-tracker sources check`" in (
        nothing.evidence)


def test_check_follows_the_home_page_of_a_bare_site_to_its_view() -> None:
    home = Exchange(url=f"{WEHO}/", status=302,
                    headers={"Location": "//weho.granicus.com/ViewPublisher.php?view_id=22"})
    view = page(f"{WEHO}/ViewPublisher.php?view_id=22", GRANICUS / "west-hollywood-ca-viewpublisher.html")
    with replaying([home, view]) as site:
        result = check_source(bare(site.base("weho.granicus.com")), "alpr-tracker tests", timeout=5)
        local = site.base("weho.granicus.com")
        assert site.unmatched == ["http://weho.granicus.com/ViewPublisher.php"]  # the index first: none here
    assert not result.ok
    assert result.message == (f"no view_id; found view_id=22 (City Council Meetings - iframe): set the row's url to "
                              f"{local}/ViewPublisher.php?view_id=22")


def test_check_reads_the_viewpublisher_index_of_a_bare_site() -> None:
    index = page("https://sandiego.granicus.com/ViewPublisher.php",
                 GRANICUS / "san-diego-ca-public-safety-viewpublisher.html")
    with replaying([index]) as site:
        result = check_source(bare(site.base("sandiego.granicus.com")), "alpr-tracker tests", timeout=5)
        local = site.base("sandiego.granicus.com")
    # The index is what the crawl reads: the source is crawlable as it stands, through that view.
    assert result.ok
    assert result.message == (f"no view_id: the crawl follows view_id=15 (Webcasts | City of San Diego Official "
                              f"Website); to pin it, set the url to {local}/ViewPublisher.php?view_id=15")


def test_check_says_what_to_do_when_a_bare_site_links_no_view() -> None:
    with replaying([Exchange(url=f"{WEHO}/", body=b"<html><title>Granicus</title></html>",
                             headers={"Content-Type": "text/html"})]) as site:
        local = site.base("weho.granicus.com")
        result = check_source(bare(local), "alpr-tracker tests", timeout=5)
    assert not result.ok
    assert result.message == (f"no view_id, and neither {local}/ViewPublisher.php nor {local}/ links a view"
                              f" ({local}/ViewPublisher.php: HTTP 404): open the city's meetings page, copy its"
                              " ViewPublisher.php?view_id=N address and set it as the row's url")
