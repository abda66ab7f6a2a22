"""The AsyncAPI document with the contract's payloads on the input channel.

FastStream documents a subscriber's payload from its handler's parameters; the runtime's
handler takes the raw Kafka message (it parses and validates itself, to dead-letter what
does not fit), so FastStream would show an empty payload. This factory fills the input
channel's message with the JSON Schema of the events the service accepts (the same models
``schemas/json/`` is generated from; ``oneOf`` where a service takes several types), their
definitions moved into ``components.schemas`` as AsyncAPI expects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from faststream.specification import AsyncAPI
from faststream.specification.base import Specification
from pydantic import BaseModel

_REF = "#/components/schemas/{model}"


def payload_schemas(models: Sequence[type[BaseModel]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the payload, the schemas it refers to by name) for the events ``models``."""
    schemas: dict[str, Any] = {}
    refs = []
    for model in models:
        schema = model.model_json_schema(ref_template=_REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
        refs.append({"$ref": _REF.format(model=model.__name__)})
    payload = refs[0] if len(refs) == 1 else {"oneOf": refs}
    return payload, schemas


class ContractAsyncAPI(AsyncAPI):
    """FastStream's AsyncAPI factory, with the input channel's payload from the contract."""

    def __init__(
        self, *args: Any, input_channel: str, events: Sequence[type[BaseModel]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.input_channel = input_channel
        self.events = tuple(events)

    def to_specification(self) -> Specification:
        spec = super().to_specification()
        payload, schemas = payload_schemas(self.events)
        components = getattr(spec, "components", None)
        if components is None:
            return spec
        for name, message in (components.messages or {}).items():
            if name.startswith(f"{self.input_channel}:"):
                message.payload = payload
        if components.schemas is not None:
            for name, schema in schemas.items():
                components.schemas.setdefault(name, schema)
            if not any(
                "EmptyPayload" in str(m.payload) for m in (components.messages or {}).values()
            ):
                components.schemas.pop("EmptyPayload", None)
        return spec
