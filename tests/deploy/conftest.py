from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
KUSTOMIZE_VERSION = "v5.7.1"


def kustomize() -> Path:
    """kustomize from .cache/bin, built from the Go module proxy on first use."""
    target = ROOT / ".cache" / "bin" / "kustomize"
    if target.exists():
        return target
    if shutil.which("go") is None:
        pytest.fail("rendering the manifests needs Go (to build kustomize) on PATH")
    env = {**os.environ, "GOBIN": str(target.parent), "GOFLAGS": "-mod=mod"}
    done = subprocess.run(
        ["go", "install", f"sigs.k8s.io/kustomize/kustomize/v5@{KUSTOMIZE_VERSION}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0 or not target.exists():
        pytest.fail(f"could not build kustomize: {done.stderr[-2000:]}")
    return target


@pytest.fixture(scope="session", params=["dev", "prod"])
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    out = subprocess.run(
        [str(kustomize()), "build", str(ROOT / "deploy/k8s/overlays" / request.param)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return request.param, [d for d in yaml.safe_load_all(out) if d]
