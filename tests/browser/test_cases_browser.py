"""The officer's loop in a real browser (issue 20, item 5): the screening service decides on
the real broker; an officer signs in through the identity provider (Keycloak), opens the red
case, records a false positive; a second officer signs in and approves it (four eyes); the
partner's next decision shows the suppression naming both; the case is closed. Screenshots
are saved as test artefacts (docs/ holds copies for the README)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import ElementNotInteractableException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.select import Select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from services import registry
from services.auditweb.serve import from_settings
from services.auditweb.settings import AuditSettings
from services.common.pipeline import Judge
from services.common.runtime import build_app
from services.screening import adhoc
from tests.auditweb.serving import serving
from tests.auditweb.test_notify import smtp_server
from tests.browser.test_audit_page_browser import console_errors, on_failure, wait
from tests.fakes import encode, partner_event
from tests.kafkahelp import (
    decision_of,
    produce,
    read_topic,
    running,
    screening_with_page_reviews,
)
from tests.keycloak import CLIENT_ID, CLIENT_SECRET, OFFICERS, Keycloak

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(420)]


@asynccontextmanager
async def adhoc_service(settings: Any) -> AsyncIterator[str]:
    """The screening service's ``POST /screen`` over HTTP, on the same lists (its Kafka side
    runs apart, so the two do not share one consumer)."""
    entry = registry.get("screening")
    definition = entry.definition(settings)
    if definition.prepare is not None:
        await definition.prepare()
    judge = Judge(definition, max_record_bytes=settings.max_record_bytes, code_version="test")

    async def screen(request: Request) -> JSONResponse:
        status, body = adhoc.screen(judge, await request.body(), datetime.now(UTC))
        return JSONResponse(body, status)

    async with serving(Starlette(routes=[Route("/screen", screen, methods=["POST"])])) as url:
        yield url


def sign_in(driver: WebDriver, url: str, name: str) -> None:
    """Through the organisation's sign-in: the provider's own login form, then back."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get(url + "/#/cases")
    link = wait(driver, lambda d: d.find_element(By.ID, "oidc-login"), what="the sign-in link")
    wait(driver, lambda d: link.is_displayed(), what="the sign-in link to show")
    link.click()
    wait(driver, lambda d: d.find_element(By.ID, "username"), what="the provider's form")
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(OFFICERS[name][0])
    driver.find_element(By.ID, "kc-login").click()
    wait(driver, lambda d: d.current_url.startswith(url), what="back on the page")
    driver.get(url + "/#/cases/open")
    wait(driver, lambda d: name in d.find_element(By.ID, "me").text, what=f"{name} signed in")


def open_case(driver: WebDriver, subject: str) -> None:
    """Click the case in the queue; the queue re-renders as it loads, so a row found a moment
    ago may be gone, and a row may be in the page before its view shows (CI once clicked one
    that was not yet interactable): click only a row a person could see, and look it up
    again until the case view shows."""

    def opened(d: WebDriver) -> Any:
        shown = d.find_elements(By.ID, "case-status")
        if shown and shown[0].is_displayed():
            return shown[0]
        rows = d.find_elements(By.CSS_SELECTOR, f'#case-rows tr[data-subject="{subject}"]')
        if rows and rows[0].is_displayed():
            # covered or still drawing: try again on the next poll
            with suppress(ElementNotInteractableException):
                rows[0].click()
        return None

    wait(driver, opened, 60, what="the case view")


def record_false_positive(driver: WebDriver, shot: Path) -> None:
    open_case(driver, "P-1")
    driver.find_element(By.ID, "assign-me").click()
    wait(driver, lambda d: d.find_element(By.ID, "case-assignee").text == "anna", what="assigned")
    note = wait(driver, lambda d: d.find_element(By.ID, "review-note"), what="the review form")
    note.send_keys("A charter company of the same name registered in Spain, not the listed one.")
    driver.find_element(By.CSS_SELECTOR, "#matches button.not-same").click()
    status = lambda d: d.find_element(By.ID, "case-status").get_attribute("data-status")  # noqa: E731
    wait(driver, lambda d: status(d) == "awaiting_second", what="waiting for a second person")
    assert driver.find_elements(By.ID, "approve") == []  # not for the first reviewer
    driver.save_screenshot(str(shot))


def approve(driver: WebDriver, shot: Path) -> None:
    open_case(driver, "P-1")
    wait(driver, lambda d: d.find_element(By.ID, "approve"), what="the approve button").click()
    status = lambda d: d.find_element(By.ID, "case-status").get_attribute("data-status")  # noqa: E731
    wait(driver, lambda d: status(d) == "closed", what="the case closed")
    history = driver.find_element(By.ID, "case-history").text
    assert "anna" in history and "ben" in history and "approved" in history
    driver.save_screenshot(str(shot))


def search_store(driver: WebDriver, url: str, shot: Path) -> None:
    """The store's search on the page: the screened name finds the partner's decisions."""
    driver.get(url + "/#/search")
    form = wait(driver, lambda d: d.find_element(By.ID, "search-form"), what="the search form")
    wait(driver, lambda d: form.is_displayed(), what="the search view")
    form.find_element(By.NAME, "name").send_keys("aerocaribbean airlines")
    driver.find_element(By.ID, "search-run").click()
    found = wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, '#search-rows tr[data-subject="P-1"]'),
        what="the partner's decisions found",
    )
    assert found[0].get_attribute("class") == "outcome-red_flag"
    driver.save_screenshot(str(shot))


def see_suppression(driver: WebDriver, url: str, decision_id: str, shot: Path) -> None:
    driver.get(f"{url}/#/decision/{decision_id}")
    reason = wait(
        driver,
        lambda d: d.find_element(
            By.CSS_SELECTOR, '#detail .reason[data-code="FALSE_POSITIVE_SUPPRESSED"]'
        ),
        60,
        what="the suppression in the next decision",
    )
    reviewers = reason.find_element(By.CSS_SELECTOR, '[data-field="reviewers"] td').text
    assert "anna" in reviewers and "ben" in reviewers, reviewers
    driver.save_screenshot(str(shot))


def screen_a_name(driver: WebDriver, url: str, shot: Path) -> None:
    """Before any partner event: the officer asks whether a party is on a list, and the page
    answers with the screening service's own decision, recorded nowhere."""
    driver.get(url + "/#/screen")
    form = wait(driver, lambda d: d.find_element(By.ID, "screen-form"), what="the form")
    wait(driver, lambda d: form.is_displayed(), what="the form to show")
    form.find_element(By.NAME, "name").send_keys("Aerocaribbean Airlines")
    form.find_element(By.NAME, "country").send_keys("CU")
    driver.find_element(By.ID, "screen-run").click()
    answer = wait(driver, lambda d: d.find_element(By.ID, "screen-answer"), 60, what="the answer")
    assert answer.get_attribute("data-outcome") == "red_flag", answer.text
    assert "us_ofac_sdn" in driver.find_element(By.ID, "screen-lists").text
    assert "Not recorded" in answer.text
    driver.save_screenshot(str(shot))
    driver.get(url + "/#/cases/open")  # back to the queue the officer works from


def choose_language(driver: WebDriver, language: str, cases: str) -> None:
    """The language chosen at the top of the page: kept for the officer, the page reloads."""
    Select(driver.find_element(By.ID, "language")).select_by_value(language)
    wait(driver, lambda d: d.find_element(By.ID, "nav-cases").text == cases, what="the language")


def read_in_german(driver: WebDriver, url: str, shots: Path) -> None:
    """Ben reads the page in German: he chooses his own notices (kept for him, in German),
    and the partner's reasons read in German, as the rules' translations say them."""
    driver.get(url + "/#/settings")
    wait(driver, lambda d: d.find_element(By.ID, "nav-settings").is_displayed(), what="settings")
    choose_language(driver, "de", "Fälle")
    form = wait(driver, lambda d: d.find_element(By.ID, "subscription-form"), what="the form")
    wait(driver, lambda d: form.is_displayed(), what="the subscription form")
    assert "Meine Benachrichtigungen" in driver.find_element(By.ID, "settings-view").text
    form.find_element(By.NAME, "address").send_keys("ben@example.org")
    driver.find_element(By.ID, "subscription-add").click()
    row = wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, '#subscription-rows tr[data-channel="email"]'),
        what="the subscription kept",
    )
    assert "eine rote Entscheidung" in row[0].text and "sofort" in row[0].text, row[0].text
    driver.save_screenshot(str(shots / "settings-de.png"))
    driver.get(url + "/#/subject/P-1")
    german = wait(
        driver,
        lambda d: [
            e for e in d.find_elements(By.CSS_SELECTOR, "#subject li") if "stimmt" in e.text
        ],
        60,
        what="a reason in German",
    )
    assert "SANCTIONS_MATCH" in german[0].text, german[0].text
    driver.save_screenshot(str(shots / "subject-de.png"))
    choose_language(driver, "en", "Cases")  # and back: the browser is shared with other tests


async def test_two_officers_clear_a_false_positive_in_chromium(
    kafka_bootstrap: str,
    unique: str,
    browser: WebDriver,
    artefacts: Path,
    keycloak: Keycloak,
    shared_dir: Path,
    tmp_path: Path,
) -> None:
    settings, page_key = await screening_with_page_reviews(
        kafka_bootstrap, unique, shared_dir / "data/sanctions/ofac_sdn/sdn_2024-05-03_jackdwyer.csv"
    )
    entry = registry.get("screening")
    page = AuditSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        audit_topic=settings.audit_topic,
        audit_event_topics=[settings.input_topic],
        audit_auth="on",
        audit_oidc_issuer=keycloak.issuer,
        audit_oidc_client_id=CLIENT_ID,
        audit_oidc_client_secret=CLIENT_SECRET,
        audit_session_secret="a-session-secret-of-at-least-32-characters",
        audit_database_url=f"sqlite:///{tmp_path / 'store.db'}",
        audit_review_topic=settings.review_topic,
        signing_key_id=page_key.key_id,
        signing_key=page_key.pem().decode(),
        audit_smtp_host="127.0.0.1",
        audit_notify_email_domains=["example.org"],
    )
    partner = {**partner_event(1, name="AEROCARIBBEAN AIRLINES", country="CU"), "id": f"{unique}-1"}
    async with AsyncExitStack() as stack:
        _, smtp_port = stack.enter_context(smtp_server())
        page = page.model_copy(update={"audit_smtp_port": smtp_port})
        await stack.enter_async_context(running(build_app(entry.definition(settings), settings)))
        page = page.model_copy(
            update={"audit_screening_url": await stack.enter_async_context(adhoc_service(settings))}
        )
        url = await stack.enter_async_context(serving(from_settings(page)))
        await produce(kafka_bootstrap, settings.input_topic, [(b"P-1", encode(partner))])
        await read_topic(kafka_bootstrap, settings.audit_topic, expect=1)

        def step(fn: Any, *args: Any) -> Any:
            return asyncio.to_thread(on_failure, browser, artefacts, fn, *args)

        await step(sign_in, url, "anna")
        await step(screen_a_name, url, artefacts / "adhoc-screen.png")
        await step(record_false_positive, artefacts / "case-review.png")
        await step(sign_in, url, "ben")
        await step(approve, artefacts / "case-approved.png")
        await step(search_store, url, artefacts / "case-search.png")
        await step(read_in_german, url, artefacts)

        await asyncio.sleep(2)  # the screening service follows the review topic
        await produce(
            kafka_bootstrap,
            settings.input_topic,
            [(b"P-1", encode({**partner, "id": f"{unique}-2"}))],
        )
        second = await decision_of(kafka_bootstrap, settings.audit_topic, f"{unique}-2")
        assert second["data"]["outcome"] == "cleared", json.dumps(second["data"]["reasons"])
        await step(
            see_suppression, url, second["data"]["decision_id"], artefacts / "case-suppressed.png"
        )
        errors = await asyncio.to_thread(console_errors, browser)
    assert [e for e in errors if "/api/" not in e] == [], errors
