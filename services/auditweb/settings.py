"""Settings of the audit page (``CLEARWAY_AUDIT_*``, plus the shared Kafka settings).

Protection: with ``CLEARWAY_AUDIT_USERNAME`` and ``CLEARWAY_AUDIT_PASSWORD`` set, the
API takes HTTP basic credentials; with ``CLEARWAY_AUDIT_TOKEN``, a bearer token; both
may be set. ``CLEARWAY_AUDIT_AUTH`` says when protection is required:

- ``auto`` (default): required when the page listens on anything but a loopback
  address, so a page reachable from the network never starts unprotected;
- ``on``: always required; ``off``: never (behind a proxy that authenticates).

When protection is required and no credentials are configured, the page does not start.

Officers by name: ``CLEARWAY_AUDIT_USERS`` (JSON: name -> password and roles) sign in with
their own passwords; each action on a case is attributed to them. The single configured
user and the token act with ``CLEARWAY_AUDIT_ROLES``.

The decision store (search and cases): ``CLEARWAY_AUDIT_DATABASE_URL``, SQLite in a file by
default, PostgreSQL through a ``postgresql://`` URL. Reviews from the page are written to
``CLEARWAY_AUDIT_REVIEW_TOPIC`` when set, signed with the page's key.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

from schemas.topics import Topic
from services.common.settings import RuntimeSettings

INPUT_TOPICS = (Topic.PARTNER, Topic.TECHNOLOGY, Topic.DATA_TRANSFER, Topic.PUBLICATION)


RoleName = Literal["viewer", "reviewer", "approver", "administrator"]


def _viewer() -> list[RoleName]:
    return ["viewer"]


#: names that stand for something other than a person: never an officer's
RESERVED_NAMES = frozenset({"clearway", "api-token"})


class Officer(BaseModel):
    """A named officer of ``CLEARWAY_AUDIT_USERS``."""

    password: SecretStr = Field(min_length=12)
    roles: list[RoleName] = Field(min_length=1)


class AuditSettings(RuntimeSettings):
    """Where the page listens, who may read it, and how much it holds."""

    audit_host: str = Field(default="127.0.0.1", description="Address the page listens on.")
    audit_port: int = Field(default=8090, ge=0, le=65_535)
    audit_auth: Literal["auto", "on", "off"] = "auto"
    audit_username: str | None = None
    audit_password: SecretStr | None = None
    audit_token: SecretStr | None = None
    audit_metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token that opens /metrics and nothing else (for Prometheus).",
    )
    audit_start: Literal["beginning", "now"] = Field(
        default="beginning",
        description="Where the reader starts on the audit topic: its oldest record or now.",
    )
    audit_capacity: int = Field(
        default=200_000,
        ge=1,
        description="Decisions held in memory (about 1 KB each); the oldest are dropped.",
    )
    audit_max_streams: int = Field(
        default=32, ge=1, description="Live streams (/api/stream) served at once; more: 429."
    )
    audit_max_exports: int = Field(
        default=2, ge=1, description="Exports (/api/export.*) running at once; more: 429."
    )
    audit_reader_liveness_seconds: float = Field(
        default=300,
        gt=0,
        description="A reader that cannot reach the broker for this long fails the liveness "
        "probe, so Kubernetes restarts the page.",
    )
    audit_event_topics: list[str] = Field(
        default_factory=lambda: [t.value for t in INPUT_TOPICS],
        description="Input topics indexed so the detail view can show the judged event; "
        "empty to turn that off.",
    )

    audit_users: dict[str, Officer] = Field(
        default_factory=dict,
        description='Named officers: {"anna": {"password": "...", "roles": ["reviewer"]}}.',
    )
    audit_roles: list[RoleName] = Field(
        default_factory=_viewer,
        description="Roles of the single configured user and of the bearer token (a shared "
        "credential: it reads; acting on cases is for named officers).",
    )
    audit_store_enabled: bool = Field(
        default=True, description="Keep the decision store (search, cases) up to date."
    )
    audit_database_url: str = Field(
        default="sqlite:///.clearway/decisions.db",
        description="The decision store: SQLite in a file, or postgresql://user@host/db.",
    )
    audit_review_topic: str | None = Field(
        default=None,
        description="Where reviews recorded on the page are written (signed with the page's "
        "key); unset: the page records no reviews.",
    )

    audit_review_sasl_username: str | None = Field(
        default=None,
        description="The Kafka principal reviews are written as (clearway-review-recorder in "
        "deploy/), where the page's own principal may only read; unset: the page's own.",
    )
    audit_review_sasl_password: SecretStr | None = None

    audit_notify_subscriptions: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Who is told of which decisions (JSON list): {name, channel: email or "
        "webhook, address, kinds: [red, amber, changed], services: [...]}; needs the store.",
    )
    audit_smtp_host: str | None = Field(default=None, description="SMTP server for e-mail.")
    audit_smtp_port: int = 25
    audit_smtp_username: str | None = None
    audit_smtp_password: SecretStr | None = None
    audit_smtp_starttls: bool = Field(default=False, description="STARTTLS after connecting.")
    audit_smtp_tls: bool = Field(default=False, description="TLS from the start (port 465).")
    audit_smtp_from: str = "clearway@localhost"
    audit_page_url: str | None = Field(
        default=None, description="The page's address, for links in notifications."
    )
    audit_notify_email_domains: list[str] = Field(
        default_factory=list,
        description="Mail domains officers may have their own notices sent to (chosen on the "
        "page); empty: none (notices leave the organisation only where named).",
    )
    audit_notify_webhook_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts of the chat webhooks officers may choose on the page (the page "
        "posts to them: an allow-list, never any address); empty: none.",
    )
    audit_notify_max_attempts: int = Field(default=8, ge=1)
    audit_notify_retry_seconds: float = Field(default=30.0, gt=0)
    audit_notify_interval_seconds: float = Field(default=5.0, gt=0)

    audit_screening_url: str | None = Field(
        default=None,
        description="The screening service's HTTP address (http://clearway-screening:8080): "
        "ad-hoc screening on the page; unset, the page offers none.",
    )
    audit_oidc_issuer: str | None = Field(
        default=None,
        description="Sign-in through OpenID Connect: the provider's issuer URL (its "
        "/.well-known/openid-configuration is read).",
    )
    audit_oidc_client_id: str | None = None
    audit_oidc_client_secret: SecretStr | None = None
    audit_oidc_roles_claim: str = Field(
        default="roles", description="Where the ID token carries the roles (dotted path)."
    )
    audit_public_url: str | None = Field(
        default=None, description="The page's address as officers reach it (the redirect back)."
    )
    audit_session_secret: SecretStr | None = Field(
        default=None, description="Signs the session cookie; required with OpenID Connect."
    )

    def subscriptions(self) -> tuple[Any, ...]:
        """The notification subscriptions, parsed (refused at start when malformed)."""
        from services.auditweb.notify.rules import subscriptions_of

        return subscriptions_of(self.audit_notify_subscriptions)

    def channels(self) -> Any:
        """What officers may choose for their own notices on the page."""
        from services.auditweb.db.preferences import Channels

        return Channels(
            bool(self.audit_smtp_host),
            frozenset(d.lower() for d in self.audit_notify_email_domains),
            frozenset(h.lower() for h in self.audit_notify_webhook_hosts),
        )

    def smtp(self) -> Any:
        """The SMTP server notifications are mailed through, or None."""
        from services.auditweb.notify.deliver import Smtp

        if not self.audit_smtp_host:
            return None
        return Smtp(
            self.audit_smtp_host,
            self.audit_smtp_port,
            self.audit_smtp_username,
            self.audit_smtp_password.get_secret_value() if self.audit_smtp_password else None,
            self.audit_smtp_starttls,
            self.audit_smtp_tls,
            self.audit_smtp_from,
        )

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.audit_oidc_issuer)

    def review_client_options(self) -> dict[str, object]:
        """Kafka client options of the review writer: the page's, with the review
        recorder's principal where one is configured."""
        if not self.audit_review_sasl_username:
            return self.client_options()
        return self.model_copy(
            update={
                "kafka_sasl_username": self.audit_review_sasl_username,
                "kafka_sasl_password": self.audit_review_sasl_password,
            }
        ).client_options()

    @model_validator(mode="after")
    def _officers_distinct(self) -> AuditSettings:
        """One name, one person: no officer named like the shared user, a reserved name, or
        another officer but for case (four eyes compares names without case)."""
        seen: set[str] = set()
        for name in self.audit_users:
            folded = name.strip().casefold()
            shared = (self.audit_username or "").strip().casefold()
            if not folded or folded in RESERVED_NAMES or folded == shared or folded in seen:
                msg = f"CLEARWAY_AUDIT_USERS: {name!r} is reserved, shared or given twice"
                raise ValueError(msg)
            seen.add(folded)
        return self

    @model_validator(mode="after")
    def _credentials_complete(self) -> AuditSettings:
        if bool(self.audit_username) != bool(self.audit_password):
            msg = "basic protection needs both CLEARWAY_AUDIT_USERNAME and CLEARWAY_AUDIT_PASSWORD"
            raise ValueError(msg)
        if self.oidc_enabled and not (
            self.audit_oidc_client_id
            and self.audit_oidc_client_secret
            and self.audit_session_secret
            and len(self.audit_session_secret.get_secret_value()) >= 32
        ):
            msg = (
                "OpenID Connect needs CLEARWAY_AUDIT_OIDC_CLIENT_ID, _CLIENT_SECRET and "
                "CLEARWAY_AUDIT_SESSION_SECRET (at least 32 characters)"
            )
            raise ValueError(msg)
        if self.auth_required and not self.has_credentials:
            where = (
                "protection is on (CLEARWAY_AUDIT_AUTH=on)"
                if self.audit_auth == "on"
                else f"the audit page listens on {self.audit_host}, beyond this machine"
            )
            msg = (
                f"{where} but no credentials are configured: set CLEARWAY_AUDIT_TOKEN or "
                "CLEARWAY_AUDIT_USERNAME and CLEARWAY_AUDIT_PASSWORD (or "
                "CLEARWAY_AUDIT_AUTH=off behind a proxy that authenticates)"
            )
            raise ValueError(msg)
        return self

    @property
    def has_credentials(self) -> bool:
        return bool(
            self.audit_token
            or (self.audit_username and self.audit_password)
            or self.audit_users
            or self.audit_oidc_issuer
        )

    @property
    def auth_required(self) -> bool:
        if self.audit_auth == "auto":
            return not is_loopback(self.audit_host) or self.has_credentials
        return self.audit_auth == "on"


def is_loopback(host: str) -> bool:
    """``localhost`` and loopback addresses; anything else (``0.0.0.0`` included) is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
