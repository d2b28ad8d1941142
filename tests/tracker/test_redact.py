"""tracker.redact: logins in URLs and webhook URLs (credentials) never reach stored errors or listings."""

from __future__ import annotations

import pytest

from db.models import Source
from tracker.redact import masked_url, without_credentials


@pytest.mark.parametrize(("text", "expected"), [
    ("https://bob:hunter2@city.example/AgendaCenter: HTTP 401", "https://***@city.example/AgendaCenter: HTTP 401"),
    ("ftp://anonymous@files.example/a.pdf", "ftp://***@files.example/a.pdf"),
    ("two: http://a:b@x.example/ and https://c:d@y.example/", "two: http://***@x.example/ and https://***@y.example/"),
    ("no login: https://city.example/a@b.pdf", "no login: https://city.example/a@b.pdf"),
    ("mail bob@example.org about it", "mail bob@example.org about it"),
])
def test_a_url_keeps_its_host_and_loses_its_login(text: str, expected: str) -> None:
    assert without_credentials(text) == expected


@pytest.mark.parametrize(("url", "shown"), [
    ("https://hooks.slack.com/services/T024BE7LD/B01234567/Zr9XkL2mQ8vT1pWc", "https://hooks.slack.com/…1pWc"),
    ("https://discord.com/api/webhooks/1234567890/AbCdEfGh-token", "https://discord.com/…oken"),
    ("https://hooks.example.org:8443/in?token=abcdef123", "https://hooks.example.org:8443/…f123"),
    ("https://hooks.example.org/", "https://hooks.example.org/"),
])
def test_a_webhook_shows_its_host_and_last_characters(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_a_stored_source_error_has_no_login(repo) -> None:
    repo.upsert_jurisdiction(id="ocd-division/country:us/state:nc/place:x", name="X", kind="city")
    source, _ = repo.upsert_source(jurisdiction_id="ocd-division/country:us/state:nc/place:x", platform="civicplus",
                                   url="https://x.example/AgendaCenter")
    repo.record_source_result(source.id, ok=False, error="https://bob:hunter2@x.example/AgendaCenter: HTTP 500")
    assert repo.session.get(Source, source.id).last_error == "https://***@x.example/AgendaCenter: HTTP 500"
