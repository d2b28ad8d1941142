"""The pages in real headless Chromium (Debian's ``chromium`` and ``chromium-driver``, driven by Selenium)
against a uvicorn server on a free 127.0.0.1 port: the map, the table's filter form, a contract's evidence,
and nothing loaded from another host. Screenshots go to tests/artifacts/ (not committed).

Without Chromium the tests skip, except under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.slow


def _require_browser() -> None:
    if CHROMIUM and DRIVER:
        return
    message = "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo_db: str) -> Iterator[str]:
    """The app served by uvicorn in a thread; its base URL."""
    _require_browser()
    import uvicorn

    from tracker.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900",
                 "--no-first-run", "--disable-extensions", "--disable-background-networking"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def _hosts_loaded(driver) -> set[str]:  # type: ignore[no-untyped-def]
    """Origins of the page and every resource it loaded (the Resource Timing entries)."""
    return set(driver.execute_script(
        "return [location.origin, ...performance.getEntriesByType('resource').map(e => new URL(e.name).origin)]"))


def test_the_map_renders_every_jurisdiction(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    circles = browser.find_elements(By.CSS_SELECTOR, "svg#map circle.place")
    assert {c.get_attribute("data-id") for c in circles} == {"civicplus:sample-city-ca", "legistar:sample-county-ca"}
    assert all(c.size["width"] > 0 for c in circles)
    land = browser.find_element(By.CSS_SELECTOR, "svg#map path.land")
    assert land.size["width"] > 500
    assert _hosts_loaded(browser) == {server}
    assert browser.execute_script("return document.querySelectorAll('script').length") == 0
    browser.save_screenshot(str(ARTIFACTS / "home.png"))


def test_the_table_filters(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/contracts")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#contracts tbody tr")) == 2
    field = browser.find_element(By.NAME, "vendor")
    field.send_keys("Flock Safety")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    # The click starts a navigation: read the rows of the filtered page, not of the one being left.
    WebDriverWait(browser, 10).until(lambda b: "vendor=" in b.current_url
                                     and b.execute_script("return document.readyState") == "complete")
    rows = browser.find_elements(By.CSS_SELECTOR, "#contracts tbody tr")
    assert len(rows) == 1 and "flock" in rows[0].text and "vendor=Flock+Safety" in browser.current_url
    assert _hosts_loaded(browser) == {server}
    browser.save_screenshot(str(ARTIFACTS / "contracts-filtered.png"))


def test_a_contract_page_shows_its_evidence(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(server + "/contracts/1")
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".facts mark")]
    assert any("Flock Group Inc." in m for m in marks)
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".facts a")]
    # Each fact links its document: the agenda that proposed it, or the minutes that approved it.
    assert links and all("/AgendaCenter/ViewFile/Agenda/" in link or "/AgendaCenter/ViewFile/Minutes/" in link
                         for link in links)
    assert any("/AgendaCenter/ViewFile/Minutes/" in link for link in links)  # status: approved in the minutes
    titles = browser.find_element(By.CSS_SELECTOR, ".timeline").text
    assert "<script>alert('x')</script>" in titles  # the scraped markup, shown as text
    assert browser.execute_script("return document.querySelectorAll('script').length") == 0
    assert _hosts_loaded(browser) == {server}
    browser.save_screenshot(str(ARTIFACTS / "contract.png"))


def test_the_page_is_usable_on_a_phone(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    browser.set_window_size(390, 844)
    try:
        browser.get(server + "/contracts")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        browser.save_screenshot(str(ARTIFACTS / "contracts-phone.png"))
    finally:
        browser.set_window_size(1200, 900)
