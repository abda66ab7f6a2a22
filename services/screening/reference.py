"""The screening service's reference data: the EU country regimes, and the sanctions lists
held in a list store. Both live in the shared sanctions package, since export control
screens end users against the same lists and regimes; this module names what screening
reads."""

from __future__ import annotations

from services.sanctions.regimes import DATA_DIR, Regimes, load_regimes

__all__ = ["DATA_DIR", "Regimes", "load_regimes"]
