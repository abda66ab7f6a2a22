"""Headless Chromium from Debian's packages, driven by Selenium through chromedriver.

The browser is the system's (``/usr/bin/chromium``, ``/usr/bin/chromedriver``; ``make
test`` installs them with apt when they are missing), never one a test tool downloads.
Under CI a missing browser fails the run, as a missing broker does.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CLEARWAY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CLEARWAY_CHROMEDRIVER", "/usr/bin/chromedriver")
#: without the background-networking flags Chromium keeps calling home, which this
#: machine's closed network refuses; a fresh profile keeps runs independent
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1400,1000",
)


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """Where screenshots are saved: ``CLEARWAY_TEST_ARTIFACTS`` or ``test-artifacts/``."""
    path = Path(os.environ.get("CLEARWAY_TEST_ARTIFACTS", ROOT / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def browser() -> Iterator[object]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    if missing:
        message = (
            f"{', '.join(missing)} not found; 'make test' installs chromium and chromium-driver"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="clearway-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
