"""Wiring in one place: which services exist and how each is built from its settings.

Every service package has the same files (``rules.py``, ``reference.py``, ``data/``,
``settings.py``, ``app.py``); ``app.py`` exposes ``Settings``, ``definition(settings)`` and
``reference_data(settings)``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Protocol

from schemas.decision import ServiceName
from services.common.reference_data import DataSet
from services.common.service import ServiceDefinition
from services.common.settings import RuntimeSettings

#: service name -> module of its app, from the contract's list of services (one place);
#: the order is the order `clearway demo` starts them
SERVICES: dict[str, str] = {s.value: f"services.{s.value}.app" for s in ServiceName}


class ServiceModule(Protocol):
    Settings: type[RuntimeSettings]

    def definition(self, settings: Any) -> ServiceDefinition[Any]: ...

    def reference_data(self, settings: Any) -> tuple[DataSet, ...]: ...


@dataclass(frozen=True)
class Registered:
    name: str
    module: ServiceModule

    def settings(self, **overrides: Any) -> RuntimeSettings:
        return self.module.Settings(**overrides)

    def definition(self, settings: RuntimeSettings) -> ServiceDefinition[Any]:
        return self.module.definition(settings)

    def reference_data(self, settings: RuntimeSettings) -> tuple[DataSet, ...]:
        """The reference data sets the service decides on, loaded without starting it."""
        return self.module.reference_data(settings)


class UnknownServiceError(KeyError):
    pass


def get(name: str) -> Registered:
    if name not in SERVICES:
        known = ", ".join(SERVICES) or "none yet"
        msg = f"unknown service {name!r} (known: {known})"
        raise UnknownServiceError(msg)
    module: Any = importlib.import_module(SERVICES[name])
    return Registered(name, module)


def names() -> list[str]:
    return list(SERVICES)
