"""A real OpenID Connect provider for the tests: Keycloak from its Maven Central
distribution (``org.keycloak:keycloak-quarkus-dist``, resolved by Maven into ``.cache/``
once, like the Kafka jars), started in development mode on loopback with a realm of its own
imported at start: the page's client, and officers with Clearway's roles as realm roles in
the ID token's ``roles`` claim. Never a mock; if it cannot start, the tests fail."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from services.common.localkafka import cache_dir, free_port

VERSION = os.environ.get("CLEARWAY_KEYCLOAK_VERSION", "26.4.0")
REALM = "clearway"
CLIENT_ID = "clearway-audit-page"
CLIENT_SECRET = "test-client-secret-of-the-page"
#: the realm's officers: name -> (password, realm roles)
OFFICERS = {
    "anna": ("anna-password-1", ["reviewer"]),
    "ben": ("ben-password-22", ["approver"]),
    "olga": ("olga-password-3", []),  # known to the provider, no Clearway role
}


@dataclass(frozen=True)
class Keycloak:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/realms/{REALM}"


def distribution() -> Path:
    """The unpacked distribution, resolved through Maven once per version."""
    home = cache_dir() / "keycloak" / f"keycloak-{VERSION}"
    if (home / "bin" / "kc.sh").exists():
        return home
    if shutil.which("mvn") is None or shutil.which("java") is None:
        pytest.fail("Keycloak needs Java 17+ and Maven on PATH (as the local Kafka does)")
    cache_dir().mkdir(parents=True, exist_ok=True)  # a fresh clone has none yet
    staging = Path(tempfile.mkdtemp(prefix="keycloak-", dir=cache_dir()))
    done = subprocess.run(
        [
            "mvn",
            "-B",
            "-q",
            "dependency:copy",
            f"-Dartifact=org.keycloak:keycloak-quarkus-dist:{VERSION}:zip",
            f"-DoutputDirectory={staging}",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    archives = list(staging.glob("keycloak-quarkus-dist-*.zip"))
    if done.returncode or not archives:
        pytest.fail(f"Maven could not resolve Keycloak {VERSION}: {done.stdout[-2000:]}")
    with zipfile.ZipFile(archives[0]) as archive:
        archive.extractall(staging)
    unpacked = staging / f"keycloak-{VERSION}"
    for script in (unpacked / "bin").glob("*.sh"):
        script.chmod(0o755)
    home.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(home, ignore_errors=True)
    unpacked.rename(home)
    shutil.rmtree(staging, ignore_errors=True)
    return home


def realm() -> dict[str, object]:
    return {
        "realm": REALM,
        "enabled": True,
        "sslRequired": "none",
        "roles": {
            "realm": [{"name": r} for r in ("viewer", "reviewer", "approver", "administrator")]
        },
        "clients": [
            {
                "clientId": CLIENT_ID,
                "enabled": True,
                "publicClient": False,
                "secret": CLIENT_SECRET,
                "standardFlowEnabled": True,
                "directAccessGrantsEnabled": False,
                "redirectUris": ["http://127.0.0.1:*"],
                "webOrigins": ["+"],
                "protocolMappers": [
                    {
                        "name": "clearway roles",
                        "protocol": "openid-connect",
                        "protocolMapper": "oidc-usermodel-realm-role-mapper",
                        "config": {
                            "claim.name": "roles",
                            "multivalued": "true",
                            "jsonType.label": "String",
                            "id.token.claim": "true",
                            "access.token.claim": "true",
                            "userinfo.token.claim": "true",
                        },
                    }
                ],
            }
        ],
        "users": [
            {
                "username": name,
                "enabled": True,
                "emailVerified": True,
                "email": f"{name}@cluster.example",
                "firstName": name.title(),
                "lastName": "Officer",
                "credentials": [{"type": "password", "value": password, "temporary": False}],
                "realmRoles": roles,
            }
            for name, (password, roles) in OFFICERS.items()
        ],
    }


@contextlib.contextmanager
def running() -> Iterator[Keycloak]:
    home = distribution()
    work = Path(tempfile.mkdtemp(prefix="clearway-kc-"))
    # the realm is imported at each start into an in-memory database: nothing carries over
    (home / "data" / "import").mkdir(parents=True, exist_ok=True)
    (home / "data" / "import" / f"{REALM}-realm.json").write_text(json.dumps(realm()))
    port = free_port()
    env = {
        **os.environ,
        "KC_BOOTSTRAP_ADMIN_USERNAME": "admin",
        "KC_BOOTSTRAP_ADMIN_PASSWORD": "admin-of-the-test-realm",
    }
    log = (work / "keycloak.log").open("wb")
    process = subprocess.Popen(
        [
            str(home / "bin" / "kc.sh"),
            "start-dev",
            f"--http-port={port}",
            "--http-host=127.0.0.1",
            "--import-realm",
            "--db=dev-mem",
        ],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                pytest.fail(f"Keycloak stopped: {(work / 'keycloak.log').read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                answer = httpx.get(f"{url}/realms/{REALM}/.well-known/openid-configuration")
                if answer.status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"Keycloak not up: {(work / 'keycloak.log').read_text()[-3000:]}")
            time.sleep(1)
        yield Keycloak(url)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
