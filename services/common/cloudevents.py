"""CloudEvents on Kafka in both modes of the Kafka protocol binding, read as one form.

Structured mode carries the whole event as the JSON record value; binary mode carries the
data as the value and the attributes as ``ce_`` headers (``content-type`` holding
``datacontenttype``). Producers use both (the CNCF SDK writes either), and a structured
event may carry its data as ``data_base64`` (the JSON format's form for bytes). Every form
is turned into the structured JSON envelope here, before the one strict validation, so the
same rules apply to all. Pure: bytes and headers in, bytes out.

The mode is told by the ``ce_specversion`` header, never by ``content-type`` alone: the
SDK's structured mode moves ``datacontenttype`` into ``content-type`` too.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from schemas.deadletter import ErrorKind

_DATA_BASE64 = b'"data_base64"'


class NotReadable(ValueError):
    """The record cannot be read as a CloudEvent in either mode; ``kind`` says how not."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _is_json(content_type: str | None) -> bool:
    """JSON data: no content type (JSON is the default), ``application/json`` or ``+json``."""
    if not content_type:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "text/json"


def _json(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise NotReadable(ErrorKind.NOT_JSON, f"{what} is not JSON: {exc}") from exc


def _headers(headers: Sequence[tuple[str, bytes | None]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in headers:
        name = key.lower()
        if name in out:
            raise NotReadable(ErrorKind.NOT_CLOUDEVENT, f"the header {key!r} is repeated")
        try:
            out[name] = (value or b"").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotReadable(
                ErrorKind.NOT_CLOUDEVENT, f"the header {key!r} is not UTF-8 text"
            ) from exc
    return out


def binary_mode(headers: Sequence[tuple[str, bytes | None]]) -> bool:
    return any(key.lower() == "ce_specversion" for key, _ in headers)


def structured(value: bytes, headers: Sequence[tuple[str, bytes | None]] = ()) -> bytes:
    """The record as a structured-mode JSON CloudEvent (``value`` itself where it is one
    already, so the common case costs a header scan)."""
    if binary_mode(headers):
        return _from_binary(value, _headers(headers))
    if _DATA_BASE64 not in value:
        return value
    envelope = _json(value, "the record")
    if not isinstance(envelope, dict) or "data_base64" not in envelope:
        return value
    if "data" in envelope:
        raise NotReadable(ErrorKind.NOT_CLOUDEVENT, "the event has both data and data_base64")
    encoded = envelope.pop("data_base64")
    if not isinstance(encoded, str):
        raise NotReadable(ErrorKind.NOT_CLOUDEVENT, "data_base64 is not a string")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NotReadable(ErrorKind.NOT_CLOUDEVENT, f"data_base64 is not base64: {exc}") from exc
    content_type = envelope.get("datacontenttype")
    if not _is_json(content_type if isinstance(content_type, str) else None):
        raise NotReadable(
            ErrorKind.NOT_JSON, f"the data is {content_type}; Clearway judges JSON data only"
        )
    envelope["data"] = _json(raw, "the data in data_base64")
    return json.dumps(envelope).encode()


def _from_binary(value: bytes, headers: dict[str, str]) -> bytes:
    envelope: dict[str, Any] = {k[3:]: v for k, v in headers.items() if k.startswith("ce_")}
    for name in _INTEGER_ATTRIBUTES & envelope.keys():
        if envelope[name].lstrip("-").isdigit():
            envelope[name] = int(envelope[name])
    for reserved in ("data", "data_base64"):
        if reserved in envelope:
            raise NotReadable(ErrorKind.NOT_CLOUDEVENT, f"ce_{reserved} is not an attribute")
    content_type = headers.get("content-type")
    if content_type is not None:
        envelope["datacontenttype"] = content_type
    if not _is_json(content_type):
        raise NotReadable(
            ErrorKind.NOT_JSON, f"the data is {content_type}; Clearway judges JSON data only"
        )
    if value:
        envelope["data"] = _json(value, "the record value (binary-mode data)")
    return json.dumps(envelope).encode()


#: Clearway's extension attributes that are integers (a header carries them as text)
_INTEGER_ATTRIBUTES = frozenset({"clearwaypartition"})


def readable(value: bytes | None, headers: Sequence[tuple[str, bytes | None]]) -> bytes | None:
    """What a reader of Clearway's own topics takes: a record in either mode as structured
    JSON; one that cannot be read stays as it is (and fails where it is judged)."""
    if value is None:
        return None
    try:
        return structured(value, headers)
    except NotReadable:
        return value


def to_binary(value: bytes) -> tuple[bytes, tuple[tuple[str, bytes], ...]]:
    """A structured event as binary mode: the data as the value, every other attribute as a
    ``ce_`` header (``datacontenttype`` as ``content-type``)."""
    envelope = json.loads(value)
    headers: list[tuple[str, bytes]] = []
    for name, attribute in envelope.items():
        if name in ("data", "data_base64") or attribute is None:
            continue
        text = attribute if isinstance(attribute, str) else json.dumps(attribute)
        key = "content-type" if name == "datacontenttype" else f"ce_{name}"
        headers.append((key, text.encode()))
    return json.dumps(envelope.get("data"), separators=(",", ":")).encode(), tuple(headers)


def attribute_headers(envelope_value: bytes) -> tuple[tuple[str, bytes], ...]:
    """``ce_`` headers repeating a structured event's attributes (an option for consumers
    that route on headers; off by default, since some SDKs then read the record as binary
    mode)."""
    envelope = json.loads(envelope_value)
    return tuple(
        (f"ce_{name}", str(envelope[name]).encode())
        for name in ("specversion", "id", "source", "type", "subject", "time")
        if envelope.get(name) is not None
    )
