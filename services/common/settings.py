"""Settings shared by every service, read once from the environment (``CLEARWAY_`` prefix).

Settings are built once, in the entry point, and passed down. Decision code never
imports this module: it receives reference data and thresholds as arguments.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Literal

from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.topics import Topic
from services.common.integrity import SigningKey, Verifier, load_public_keys
from services.common.limits import Limits

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


class RuntimeSettings(BaseSettings):
    """What every service needs to run: Kafka, topics, HTTP, batching, logging.

    Every field is set by ``CLEARWAY_<FIELD>``; for example ``CLEARWAY_KAFKA_BOOTSTRAP_SERVERS``.
    Each service subclasses this and changes the defaults of ``input_topic`` and ``group_id``.
    """

    model_config = SettingsConfigDict(env_prefix="CLEARWAY_", extra="ignore", frozen=True)

    # Kafka connection
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: SecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA bundle for TLS (Strimzi: the cluster CA certificate)."
    )
    kafka_client_id: str = "clearway"

    # topics and group
    input_topic: str = ""
    audit_topic: str = Topic.AUDIT.value
    deadletter_topic: str = Topic.DEADLETTER.value
    group_id: str = ""
    instance_id: str = Field(
        default="",
        description="Stable name of this instance (the pod name); defaults to the host name.",
    )

    # processing
    processing_guarantee: Literal["exactly_once", "at_least_once"] = Field(
        default="exactly_once",
        description="exactly_once: Kafka transactions per input partition; at_least_once: "
        "acknowledged writes, then offset commits.",
    )
    transactional_id_prefix: str = Field(
        default="",
        description="Prefix of the transactional ids (<prefix>-<topic>-<partition>); "
        "default: the group id.",
    )
    batch_max_records: int = Field(default=1_000, ge=1, le=100_000)
    batch_timeout_ms: int = Field(default=100, ge=1)
    max_record_bytes: int = Field(default=1_048_576, ge=1_024)
    # limits that keep one record from stalling a partition (services/common/limits.py)
    max_names_per_party: int = Field(default=50, ge=1)
    max_parties_per_event: int = Field(default=200, ge=1)
    max_reasons_per_decision: int = Field(default=200, ge=2)
    max_decision_bytes: int = Field(
        default=900_000,
        ge=10_000,
        description="Keep below the audit topic's max.message.bytes (deploy/ sets 1048576).",
    )
    record_deadline_seconds: float = Field(default=10.0, ge=0)
    evaluation_window_days: int = Field(default=31, ge=0)
    # signed decisions and hash chains (services/common/integrity.py, chains.py)
    signing_key_id: str = Field(
        default="", description="Id of the signing key, as verifiers know its public key."
    )
    signing_key_file: Path | None = Field(
        default=None, description="Ed25519 private key (PEM) signing this service's decisions."
    )
    signing_key: SecretStr | None = Field(
        default=None, description="The same key as PEM text (from a Kubernetes secret)."
    )
    public_keys: dict[str, str] = Field(
        default_factory=dict,
        description="Public keys that verify decisions and reviews: key id -> base64url raw "
        "Ed25519 key (JSON). Keep retired keys: old records stay verifiable.",
    )
    public_keys_file: Path | None = Field(
        default=None, description="The same as a JSON file (merged with CLEARWAY_PUBLIC_KEYS)."
    )
    chain_scan_records: int = Field(
        default=50_000,
        ge=1_000,
        description="Records per audit partition read backwards to recover a chain's head.",
    )
    cloudevents_mode: Literal["structured", "binary"] = Field(
        default="structured",
        description="How decisions and dead letters are written: the JSON envelope as the "
        "value (structured), or the data as the value and the attributes as ce_ headers "
        "(binary). Clearway's readers take both.",
    )
    cloudevents_attribute_headers: bool = Field(
        default=False,
        description="Also write a decision's CloudEvent attributes as ce_ headers (the record "
        "stays structured; off by default: some SDKs read any ce_ header as binary mode).",
    )
    # the calendar (services/common/calendar.py)
    calendar_enabled: bool = Field(
        default=True,
        description="Judge a subject again on the date its decision stops holding "
        "(valid_until); off: decisions still carry valid_until, nothing acts on it.",
    )
    calendar_topic: str = Field(
        default="", description="Compacted topic of pending dates; default <group id>.calendar.v1."
    )
    calendar_interval_seconds: float = Field(
        default=60.0, gt=0, description="How often the calendar looks for what is due."
    )
    calendar_max_per_tick: int = Field(
        default=500, ge=1, description="Subjects judged again per look at most (earliest first)."
    )
    retry_backoff_seconds: float = Field(default=1.0, gt=0)
    shutdown_grace_seconds: float = Field(default=20.0, gt=0)

    # HTTP (health, metrics, AsyncAPI) and logs
    http_host: str = "0.0.0.0"  # noqa: S104 - probes must reach the pod
    http_port: int = Field(default=8080, ge=0, le=65_535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @model_validator(mode="after")
    def _sasl_complete(self) -> RuntimeSettings:
        if self.kafka_security_protocol.startswith("SASL_") and not (
            self.kafka_sasl_mechanism and self.kafka_sasl_username and self.kafka_sasl_password
        ):
            msg = "SASL needs CLEARWAY_KAFKA_SASL_MECHANISM, _USERNAME and _PASSWORD"
            raise ValueError(msg)
        return self

    def security(self) -> BaseSecurity | None:
        """The FastStream security object; the same one feeds aiokafka via ``client_options``."""
        use_ssl = self.kafka_security_protocol in ("SSL", "SASL_SSL")
        context = ssl.create_default_context(cafile=self.kafka_ssl_cafile) if use_ssl else None
        if not self.kafka_security_protocol.startswith("SASL_"):
            return BaseSecurity(ssl_context=context, use_ssl=use_ssl) if use_ssl else None
        user = self.kafka_sasl_username or ""
        password = self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else ""
        sasl = {
            "PLAIN": SASLPlaintext,
            "SCRAM-SHA-256": SASLScram256,
            "SCRAM-SHA-512": SASLScram512,
        }
        return sasl[self.kafka_sasl_mechanism or "PLAIN"](
            user, password, ssl_context=context, use_ssl=use_ssl
        )

    def calendar_topic_name(self) -> str:
        return self.calendar_topic or f"{self.group_id}.calendar.v1"

    def bootstrap_servers(self) -> list[str]:
        """The bootstrap servers as a list: ``host:port`` separated by commas (and spaces)."""
        return [s.strip() for s in self.kafka_bootstrap_servers.split(",") if s.strip()]

    def signing(self) -> SigningKey:
        """The configured signing key; without one, a key made for this process only (its
        decisions verify only where its public key, logged and served at /keys, is known)."""
        if self.signing_key is not None:
            pem = self.signing_key.get_secret_value().encode()
            return SigningKey.from_pem(self.signing_key_id or "default", pem)
        if self.signing_key_file is not None:
            return SigningKey.from_file(self.signing_key_id or "default", self.signing_key_file)
        return SigningKey.generate(self.signing_key_id or None)

    def verifier_keys(self) -> dict[str, str]:
        keys = dict(load_public_keys(None, self.public_keys_file)) if self.public_keys_file else {}
        keys.update(self.public_keys)
        return keys

    def verifier(self) -> Verifier:
        return Verifier(self.verifier_keys())

    def limits(self) -> Limits:
        return Limits(
            max_record_bytes=self.max_record_bytes,
            max_names_per_party=self.max_names_per_party,
            max_parties_per_event=self.max_parties_per_event,
            max_reasons_per_decision=self.max_reasons_per_decision,
            max_decision_bytes=self.max_decision_bytes,
            record_deadline_seconds=self.record_deadline_seconds,
            evaluation_window_days=self.evaluation_window_days,
        )

    def client_options(self) -> dict[str, object]:
        """Keyword arguments for aiokafka clients (producer, consumer, admin)."""
        from faststream.kafka.security import parse_security

        return {
            "bootstrap_servers": self.bootstrap_servers(),
            "client_id": self.kafka_client_id,
            **parse_security(self.security()),
        }
