"""tracker.portals.blocked and store: a bot challenge or an empty JavaScript shell is ``blocked``, never a portal.

The challenge and the shell are hand-made (``tests/scrapers/files/flock_transparency/README.md``); every real
capture, January and spring 2026, must read as a portal, never as blocked.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from db.repository import Repository
from tracker.portals.blocked import blocked_reason
from tracker.portals.store import NOT_A_PORTAL, store_portal_snapshot
from tracker.sources import register_source

ROOT = Path(__file__).resolve().parents[2]
WALLS = ROOT / "tests" / "scrapers" / "files" / "flock_transparency"
CAPTURES = ROOT / ".." / "shared" / "fixtures" / "flock_transparency"
CHALLENGE = (WALLS / "cloudflare-challenge.html").read_bytes()
SHELL = (WALLS / "javascript-shell.html").read_bytes()


def test_a_cloudflare_challenge_is_blocked_by_its_title() -> None:
    assert blocked_reason(CHALLENGE) == 'a bot challenge page (title "Just a moment...")'


def test_a_challenge_without_its_title_is_known_by_its_script_or_its_words() -> None:
    untitled = CHALLENGE.replace(b"<title>Just a moment...</title>", b"")
    assert blocked_reason(untitled) == 'a bot challenge page ("_cf_chl_opt")'
    words = b"<html><body><p>Enable JavaScript and cookies to continue</p></body></html>"
    assert blocked_reason(words) == 'a bot challenge page ("Enable JavaScript and cookies to continue")'
    captcha = b'<html><body><form><div class="g-recaptcha" data-sitekey="x"></div></form></body></html>'
    assert blocked_reason(captcha) == 'a bot challenge page ("g-recaptcha")'


def test_the_challenge_header_alone_says_blocked() -> None:
    assert blocked_reason(b"<html><body>Sorry</body></html>", "challenge") == (
        "a Cloudflare bot challenge (cf-mitigated: challenge)")


def test_an_empty_javascript_shell_is_blocked() -> None:
    assert blocked_reason(SHELL) == ("an empty JavaScript shell (1 script, 19 characters of text, no portal labels): "
                                     "the page renders only in a browser")


@pytest.mark.parametrize("path", sorted(CAPTURES.glob("*.html")) + sorted(CAPTURES.glob("2026-04/*.html")),
                         ids=lambda path: path.stem)
def test_no_real_portal_capture_is_blocked(path: Path) -> None:
    assert blocked_reason(path.read_bytes()) is None


@pytest.mark.parametrize("body", [b"", b"<html><body><h1>Page not found</h1></body></html>"])
def test_a_page_that_is_neither_a_portal_nor_a_wall_is_not_blocked(body: bytes) -> None:
    assert blocked_reason(body) is None


def stored(repo: Repository, body: bytes):
    source_id = register_source(repo, {"id": "flock_transparency:oakland-ca-pd", "name": "Oakland", "state": "CA",
                                       "platform": "flock_transparency",
                                       "url": "https://transparency.flocksafety.com/oakland-ca-pd"}).id
    document, _ = repo.upsert_document(url="https://transparency.flocksafety.com/oakland-ca-pd",
                                       content_sha256=hashlib.sha256(body).hexdigest(), source_id=source_id,
                                       kind="portal_page")
    return store_portal_snapshot(repo, source_id, document, body), document


def test_a_stored_challenge_is_a_blocked_fetch_not_an_unsupported_page(repo: Repository) -> None:
    (snapshot, state), document = stored(repo, CHALLENGE)
    assert (snapshot, state) == (None, "unchanged")
    assert document.status == "fetch_error"
    assert document.error.startswith('blocked: a bot challenge page (title "Just a moment...");')
    assert "alpr-tracker portals import FILE" in document.error


def test_a_stored_page_without_portal_fields_is_still_unsupported(repo: Repository) -> None:
    (snapshot, _), document = stored(repo, b"<html><body><h1>Page not found</h1></body></html>")
    assert snapshot is None and (document.status, document.error) == ("unsupported", NOT_A_PORTAL)
