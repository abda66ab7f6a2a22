"""End to end in a real browser: the services decide on the real broker, the audit page
shows the decisions live with their colours, a filter narrows them, the detail view shows
the sanctions evidence, and screenshots are saved as test artefacts."""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from services import registry
from services.auditweb.serve import from_settings
from services.auditweb.settings import AuditSettings
from services.common.runtime import build_app
from tests.auditweb.records import SAMPLES
from tests.auditweb.serving import serving
from tests.kafkahelp import create_topics, produce, read_topic, running, settings_for

pytestmark = pytest.mark.kafka
SERVICES = ("screening", "gdpr", "publication")
#: the traffic-light colours of the style sheet, as the browser computes them
COLOURS = {
    "cleared": "rgba(26, 127, 55, 1)",
    "needs_review": "rgba(200, 138, 4, 1)",
    "red_flag": "rgba(207, 34, 46, 1)",
}


#: the sanctions detail shown is the SDN match of P-022: an operator with a US nexus, for
#: whom US listings bind (by default an EU operator gets FOREIGN_LIST_MATCH, amber, for it)
US_BINDS = {"screening_binding_jurisdictions": ["EU", "UN", "US"]}


def samples(types: set[str]) -> list[bytes]:
    return [line for line in SAMPLES.read_bytes().splitlines() if json.loads(line)["type"] in types]


def wait(driver: WebDriver, condition: Any, timeout: float = 30, what: str = "") -> Any:
    """Wait for ``condition``; an element the page re-rendered meanwhile (stale) is looked
    up again on the next poll, as a person's eye would."""
    return WebDriverWait(
        driver, timeout, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)
    ).until(condition, what)


def on_failure(driver: WebDriver, artefacts: Path, step: Any, *args: Any) -> Any:
    """Run one step; when it fails, save a screenshot and the browser's console beside
    the other artefacts, so a CI failure can be looked at."""
    try:
        return step(driver, *args)
    except Exception:
        driver.save_screenshot(str(artefacts / f"failed-{step.__name__}.png"))
        console = "\n".join(str(e) for e in driver.get_log("browser"))
        (artefacts / f"failed-{step.__name__}.console.txt").write_text(console)
        raise


def open_page(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait(
        driver,
        lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "live",
        what="the live stream to open",
    )
    assert driver.find_elements(By.CSS_SELECTOR, "#rows tr") == []


def rows(driver: WebDriver) -> list[Any]:
    return driver.find_elements(By.CSS_SELECTOR, "#rows tr")


def see_live_rows(driver: WebDriver, expected: dict[str, str], shot: Path) -> None:
    """Every decision arrives without a reload, with the right colour."""
    wait(
        driver,
        lambda d: len(rows(d)) == len(expected),
        90,
        what=f"{len(expected)} rows to arrive live",
    )
    for row in rows(driver):
        outcome = row.get_attribute("data-outcome")
        assert expected[row.get_attribute("data-decision-id")] == outcome
        pill = row.find_element(By.CSS_SELECTOR, ".pill")
        assert pill.value_of_css_property("background-color") == COLOURS[outcome]
        assert row.find_element(By.CSS_SELECTOR, "td:nth-child(4)").text  # subject id
        assert row.find_element(By.CSS_SELECTOR, "td:nth-child(5)").text  # reasons
    total = driver.find_element(By.ID, "count-total")
    wait(driver, lambda d: total.text == str(len(expected)), what="the counts to follow")
    for outcome in COLOURS:
        count = sum(1 for o in expected.values() if o == outcome)
        assert driver.find_element(By.ID, f"count-{outcome}").text == str(count)
    assert driver.find_elements(By.CSS_SELECTOR, "#plot rect")
    driver.save_screenshot(str(shot))


def filter_red(driver: WebDriver, red: int) -> None:
    for outcome in ("cleared", "needs_review"):
        driver.find_element(By.CSS_SELECTOR, f'input[name="outcome"][value="{outcome}"]').click()
    wait(
        driver,
        lambda d: (
            len(rows(d)) == red
            and all(r.get_attribute("data-outcome") == "red_flag" for r in rows(d))
        ),
        what="only red flags to remain",
    )
    assert driver.find_element(By.ID, "count-total").text == str(red)


def open_sanctions_detail(driver: WebDriver, shot: Path) -> None:
    screening = [r for r in rows(driver) if r.get_attribute("data-service") == "screening"]
    partner = next(r for r in screening if r.get_attribute("data-subject") == "P-022")
    partner.click()
    reason = wait(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, '#detail .reason[data-code="SANCTIONS_MATCH"]'),
        what="the detail view",
    )
    text = reason.text
    for label in (
        "Name screened",
        "List entry name",
        "List",
        "Entry id",
        "Programmes",
        "Score",
        "Legal basis",
        "Banco Nacional de Cuba",
        "BANCO NACIONAL DE CUBA",
    ):
        assert label in text, label
    assert "What raised or lowered the score" in driver.find_element(By.ID, "detail").text
    versions = driver.find_element(By.CSS_SELECTOR, '#detail [data-field="rules_version"]')
    assert versions.text.startswith("screening/")
    judged = wait(driver, lambda d: d.find_element(By.ID, "judged-event"), what="judged event")
    assert '"partner_id": "P-022"' in judged.text
    driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.ID, "detail"))
    driver.save_screenshot(str(shot))
    driver.find_element(By.LINK_TEXT, "History of this subject").click()
    history = wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#subject tbody tr"),
        what="the subject history",
    )
    assert history[0].get_attribute("data-outcome") == "red_flag"


def start_from_now(driver: WebDriver) -> None:
    """Back to the list, still filtered to red flags, now starting from now: empty."""
    driver.find_element(By.LINK_TEXT, "← all decisions").click()
    driver.find_element(By.CSS_SELECTOR, 'input[name="start"][value="now"]').click()
    wait(driver, lambda d: rows(d) == [], what="an empty list from now")
    wait(
        driver,
        lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "live",
        what="the stream to reopen",
    )


def see_one_new_red_flag(driver: WebDriver, subject: str) -> None:
    wait(driver, lambda d: len(rows(d)) == 1, 60, what="the new decision to arrive live")
    (row,) = rows(driver)
    assert row.get_attribute("data-outcome") == "red_flag"
    assert row.get_attribute("data-subject") == subject


def console_errors(driver: WebDriver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


async def test_audit_page_in_chromium(
    kafka_bootstrap: str, unique: str, browser: WebDriver, artefacts: Path
) -> None:
    audit_topic = f"audit-{unique}"
    async with AsyncExitStack() as stack:
        inputs: dict[str, str] = {}
        for name in SERVICES:
            entry = registry.get(name)
            base = settings_for(kafka_bootstrap, f"{unique}-{name}", audit_topic=audit_topic)
            extra = US_BINDS if name == "screening" else {}
            settings = entry.settings(**base.model_dump(exclude_defaults=True), **extra)
            await create_topics(settings)
            definition = entry.definition(settings)
            inputs[name] = settings.input_topic
            await stack.enter_async_context(running(build_app(definition, settings)))
            definition_types = set(definition.accepted_types)
            inputs[name + ":types"] = ",".join(sorted(definition_types))
        page = AuditSettings(
            kafka_bootstrap_servers=kafka_bootstrap,
            audit_topic=audit_topic,
            audit_event_topics=[inputs[name] for name in SERVICES],
        )
        url = await stack.enter_async_context(serving(from_settings(page)))

        started = time.monotonic()
        await asyncio.to_thread(on_failure, browser, artefacts, open_page, url)
        events = 0
        for name in SERVICES:
            lines = samples(set(inputs[name + ":types"].split(",")))
            events += await produce(kafka_bootstrap, inputs[name], [(None, v) for v in lines])
        decisions = await read_topic(kafka_bootstrap, audit_topic, expect=events, settle=0.5)
        expected = {d["data"]["decision_id"]: d["data"]["outcome"] for d in decisions}
        assert len(expected) == events, [
            (d["data"]["source_event_id"], d["data"].get("trigger"), d["data"]["rules_version"])
            for d in decisions
            if d["data"].get("trigger")
            or d["data"]["rules_version"] == "rejected"
            or sum(x["data"]["source_event_id"] == d["data"]["source_event_id"] for x in decisions)
            > 1
        ]
        await asyncio.to_thread(
            on_failure, browser, artefacts, see_live_rows, expected, artefacts / "audit-page.png"
        )
        red = sum(1 for o in expected.values() if o == "red_flag")
        await asyncio.to_thread(on_failure, browser, artefacts, filter_red, red)
        await asyncio.to_thread(open_sanctions_detail, browser, artefacts / "audit-page-detail.png")
        await asyncio.to_thread(on_failure, browser, artefacts, start_from_now)
        late = [json.loads(v) for v in samples({"data.transfer.requested"})]
        late = [e for e in late if e["data"]["transfer_id"] == "DT-014"]  # a red flag
        late[0]["id"] += "-late"
        await produce(kafka_bootstrap, inputs["gdpr"], [(None, json.dumps(late[0]).encode())])
        await asyncio.to_thread(on_failure, browser, artefacts, see_one_new_red_flag, "DT-014")
        errors = await asyncio.to_thread(console_errors, browser)
        assert errors == [], errors
        print(f"\nbrowser scenario: {events} decisions, {time.monotonic() - started:.1f}s")
