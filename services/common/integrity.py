"""Signed records and hash chains: what makes the audit trail tamper-evident (the mechanism;
the writer seals, ``clearway audit verify`` and the audit page check).

A sealed record is a CloudEvent with four extension attributes (Clearway extensions of the
contract):

- ``clearwaywriter``: who wrote it, the transactional id of the producer (one per input
  partition and service), so each chain has one writer;
- ``clearwayprev``: the hash of the previous record this writer wrote to the same audit
  partition (``start`` for the first of a chain, ``start:<why>`` where a writer could not
  find its previous record and begins a new segment);
- ``clearwaypartition``: the audit partition it was written to (a copy on another
  partition does not verify where it lies);
- ``clearwaykeyid``: the id of the Ed25519 key that signed it (keys rotate; old ids stay
  known to verifiers);
- ``clearwaysig``: the Ed25519 signature, base64url, of the *signed payload*: the RFC 8785
  canonical JSON of ``id``, ``source``, ``type``, ``subject``, ``time``, ``data`` and the
  four attributes above. A signature has exactly one spelling (unpadded base64url of 64
  bytes): any other is a bad signature, so a record cannot be re-spelled into a new hash.

A record whose JSON repeats a key is unreadable: parsers disagree on which copy counts.

The record's hash is SHA-256 over the signed payload and the signature; it is also sent as
the Kafka header ``clearway-hash`` (with ``clearway-writer``), so a writer recovering its
chain head reads headers only. A verifier never trusts the header: it recomputes.

Cryptography is the ``cryptography`` package (Ed25519); canonical JSON is ``rfc8785``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

WRITER, PREV, KEYID, SIG = "clearwaywriter", "clearwayprev", "clearwaykeyid", "clearwaysig"
PARTITION = "clearwaypartition"
GENESIS = "start"
HASH_HEADER, WRITER_HEADER = "clearway-hash", "clearway-writer"
_SIGNED = ("id", "source", "type", "subject", "time", "data")

Status = Literal["verified", "unsigned", "unknown_key", "bad_signature", "unreadable"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signed_payload(envelope: Mapping[str, Any], *, chained: bool = True) -> bytes:
    """The bytes a signature covers: the canonical JSON (RFC 8785) of the attributes that
    matter and the data, with the writer, chain link and key id."""
    body: dict[str, Any] = {k: envelope.get(k) for k in _SIGNED}
    body[KEYID] = envelope.get(KEYID)
    if chained:
        body[WRITER] = envelope.get(WRITER)
        body[PREV] = envelope.get(PREV)
        body[PARTITION] = envelope.get(PARTITION)
    return bytes(rfc8785.dumps(body))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        msg = "a JSON object repeats a key"
        raise ValueError(msg)
    return dict(pairs)


def loads_strict(value: bytes | str) -> Any:
    """JSON with every key once (a repeated key is read differently by different parsers)."""
    return json.loads(value, object_pairs_hook=_unique_keys)


def _canonical_signature(text: str) -> bytes | None:
    """The 64 signature bytes, if ``text`` is their one spelling; else None."""
    try:
        raw = _unb64(text)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 64 and _b64(raw) == text else None


#: a run of 16 or more digits: the only way JSON from pydantic (which writes no NaN or
#: Infinity) can hold a number RFC 8785 refuses (an integer beyond 2**53)
_LONG_NUMBER = re.compile(rb"\d{16,}")


def canonical_error(value: bytes) -> str | None:
    """Why a record cannot be signed (an integer beyond what RFC 8785 allows, a non-finite
    number), or ``None``: checked when a decision is made, so such a decision is a dead
    letter with its reason rather than a batch the writer cannot seal. Records without a
    long run of digits or a non-finite literal are signable and skip the full check."""
    if _LONG_NUMBER.search(value) is None and b"NaN" not in value and b"Infinity" not in value:
        return None
    try:
        signed_payload(json.loads(value))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def record_hash(payload: bytes, signature: str) -> str:
    return hashlib.sha256(payload + b"." + signature.encode()).hexdigest()


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key with its id."""

    key_id: str
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls, key_id: str | None = None) -> SigningKey:
        return cls(key_id or f"ephemeral-{secrets.token_hex(4)}", Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, key_id: str, pem: bytes) -> SigningKey:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            msg = "the signing key is not an Ed25519 private key"
            raise ValueError(msg)
        return cls(key_id, key)

    @classmethod
    def from_file(cls, key_id: str, path: Path) -> SigningKey:
        return cls.from_pem(key_id, path.read_bytes())

    def pem(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def public(self) -> str:
        """The public key, raw bytes in base64url: what verifiers configure."""
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return _b64(raw)

    def sign(self, payload: bytes) -> str:
        return _b64(self.private.sign(payload))


def public_key(text: str) -> Ed25519PublicKey:
    """A public key from its base64url raw form (as ``SigningKey.public`` gives it)."""
    return Ed25519PublicKey.from_public_bytes(_unb64(text.strip()))


def seal(
    value: bytes, key: SigningKey, writer: str, prev: str, partition: int | None = None
) -> tuple[bytes, str]:
    """The record signed and linked to ``prev`` on audit ``partition``; returns the new bytes
    and the record's hash."""
    envelope = json.loads(value)
    envelope[WRITER], envelope[PREV], envelope[KEYID] = writer, prev, key.key_id
    envelope[PARTITION] = partition
    payload = signed_payload(envelope)
    envelope[SIG] = key.sign(payload)
    return json.dumps(envelope, separators=(",", ":")).encode(), record_hash(payload, envelope[SIG])


def sign_event(envelope: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """An event (a review) signed without a chain: the component that authenticated the
    person vouches for it."""
    signed = {**envelope, KEYID: key.key_id}
    signed[SIG] = key.sign(signed_payload(signed, chained=False))
    return signed


@dataclass(frozen=True)
class Checked:
    """What a verifier found for one record."""

    status: Status
    key_id: str | None = None
    writer: str | None = None
    prev: str | None = None
    hash: str | None = None
    event_id: str | None = None
    #: the audit partition the record says it was written to
    partition: int | None = None


class Verifier:
    """Checks signatures against the configured public keys (key id -> key)."""

    def __init__(self, public_keys: Mapping[str, str]) -> None:
        self.keys = {k: public_key(v) for k, v in public_keys.items()}

    def check(self, value: bytes | None, *, chained: bool = True) -> Checked:
        try:
            envelope = loads_strict(value or b"")
        except Exception:
            return Checked("unreadable")
        if not isinstance(envelope, dict):
            return Checked("unreadable")
        return self.check_envelope(envelope, chained=chained)

    def check_envelope(self, envelope: Mapping[str, Any], *, chained: bool = True) -> Checked:
        key_id, sig = envelope.get(KEYID), envelope.get(SIG)
        writer, prev = envelope.get(WRITER), envelope.get(PREV)
        ident = envelope.get("id") if isinstance(envelope.get("id"), str) else None
        if not isinstance(key_id, str) or not isinstance(sig, str):
            return Checked("unsigned", event_id=ident)
        try:
            payload = signed_payload(envelope, chained=chained)
        except Exception:
            return Checked("unreadable", key_id, event_id=ident)
        digest = record_hash(payload, sig)
        part = envelope.get(PARTITION)
        found = Checked(
            "verified",
            key_id,
            writer if isinstance(writer, str) else None,
            prev if isinstance(prev, str) else None,
            digest,
            ident,
            part if isinstance(part, int) and not isinstance(part, bool) else None,
        )
        key = self.keys.get(key_id)
        if key is None:
            return replace(found, status="unknown_key")
        raw = _canonical_signature(sig)
        if raw is None:
            return replace(found, status="bad_signature")
        try:
            key.verify(raw, payload)
        except (InvalidSignature, ValueError):
            return replace(found, status="bad_signature")
        return found


def load_public_keys(text: str | None, path: Path | None = None) -> dict[str, str]:
    """Public keys from JSON (``{"key id": "base64url"}``) given inline or in a file."""
    keys: dict[str, str] = {}
    if path is not None:
        keys.update(json.loads(path.read_text()))
    if text:
        keys.update(json.loads(text))
    return keys
