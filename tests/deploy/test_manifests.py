"""The Kubernetes manifests: rendered with kustomize, validated offline against the
Kubernetes and CRD schemas, and the properties operations rely on asserted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest

from services.common.settings import RuntimeSettings

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "deploy/k8s/schemas"
CRDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "keda.sh-scaledobject-v1alpha1.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "keda.sh-triggerauthentication-v1alpha1.json",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "monitoring.coreos.com-servicemonitor-v1.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "monitoring.coreos.com-prometheusrule-v1.json",
    ("kafka.strimzi.io/v1", "KafkaTopic"): "kafka.strimzi.io-kafkatopic-v1.json",
    ("kafka.strimzi.io/v1", "KafkaUser"): "kafka.strimzi.io-kafkauser-v1.json",
    ("postgresql.cnpg.io/v1", "Cluster"): "postgresql.cnpg.io-cluster-v1.json",
}
SERVICES = {
    "screening": "partner.events.v1",
    "export-control": "technology.events.v1",
    "gdpr": "datatransfer.events.v1",
    "publication": "publication.events.v1",
}
K8S_VERSION = "1.33.0"

Rendered = tuple[str, list[dict[str, Any]]]


def of_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_every_object_validates(rendered: Rendered) -> None:
    _, docs = rendered
    assert Counter(d["kind"] for d in docs) == {
        "Deployment": 5,
        "Service": 5,
        "PodDisruptionBudget": 4,
        "ScaledObject": 4,
        "TriggerAuthentication": 1,
        "KafkaUser": 7,
        "NetworkPolicy": 5,
        "ServiceMonitor": 5,
        "KafkaTopic": 12,
        "ConfigMap": 1,
        "Secret": 1,
        "ServiceAccount": 1,
        "PersistentVolumeClaim": 1,
        "PrometheusRule": 1,
        "Cluster": 1,
    }
    for doc in docs:
        validate(doc)


def validate(doc: dict[str, Any]) -> None:
    crd = CRDS.get((doc["apiVersion"], doc["kind"]))
    if crd:
        schema = json.loads((SCHEMAS / crd).read_text())
        # no meta-schema check: CRD schemas may carry Go regexes (e.g. "(?i)") Python rejects
        jsonschema.validators.validator_for(schema)(schema).validate(doc)
    else:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_validation_rejects_broken_objects(rendered: Rendered) -> None:
    _, docs = rendered
    scaled = json.loads(json.dumps(next(iter(of_kind(docs, "ScaledObject").values()))))
    scaled["spec"]["maxReplicaCount"] = "three"
    with pytest.raises(jsonschema.ValidationError):
        validate(scaled)
    deployment = json.loads(json.dumps(next(iter(of_kind(docs, "Deployment").values()))))
    deployment["spec"]["template"]["spec"]["containers"][0]["securityContext"]["runAsNonRot"] = True
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(deployment)


def test_deployments_are_locked_down_and_probed(rendered: Rendered) -> None:
    _, docs = rendered
    for name, deployment in of_kind(docs, "Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        sc = container["securityContext"]
        assert sc["runAsNonRoot"] and sc["readOnlyRootFilesystem"], name
        assert sc["allowPrivilegeEscalation"] is False and sc["capabilities"]["drop"] == ["ALL"], (
            name
        )
        assert (
            sc["seccompProfile"]["type"] == "RuntimeDefault"
            and pod["securityContext"]["runAsNonRoot"]
        )
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
        assert {"cpu", "memory"} <= container["resources"]["limits"].keys()
        assert any(
            v["mountPath"] == "/tmp" for v in container["volumeMounts"]
        )  # read-only root works
        grace = RuntimeSettings.model_fields["shutdown_grace_seconds"].default
        assert pod["terminationGracePeriodSeconds"] >= grace + 5
        assert container["envFrom"] == [{"configMapRef": {"name": "clearway-config"}}]
        password = next(e for e in container["env"] if e["name"] == "CLEARWAY_KAFKA_SASL_PASSWORD")
        assert password["valueFrom"]["secretKeyRef"] == {"name": name, "key": "password"}


def test_every_environment_name_is_a_setting(rendered: Rendered) -> None:
    _, docs = rendered
    from services import registry
    from services.auditweb.settings import AuditSettings

    known = (
        {
            f"CLEARWAY_{f.upper()}"
            for name in registry.names()
            for f in registry.get(name).module.Settings.model_fields
        }
        | {"CLEARWAY_SERVICE"}
        | {f"CLEARWAY_{f.upper()}" for f in AuditSettings.model_fields}
    )
    config = next(iter(of_kind(docs, "ConfigMap").values()))
    names = set(config["data"])
    for deployment in of_kind(docs, "Deployment").values():
        names |= {e["name"] for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert names <= known, names - known


def test_scaling_never_exceeds_partitions_and_disruption_is_bounded(rendered: Rendered) -> None:
    _, docs = rendered
    topics = {t["spec"]["topicName"]: t for t in of_kind(docs, "KafkaTopic").values()}
    for svc, topic in SERVICES.items():
        scaled = of_kind(docs, "ScaledObject")[f"clearway-{svc}"]
        (trigger,) = scaled["spec"]["triggers"]
        assert trigger["type"] == "kafka" and trigger["metadata"]["topic"] == topic
        assert scaled["spec"]["maxReplicaCount"] <= topics[topic]["spec"]["partitions"]
        assert (
            of_kind(docs, "PodDisruptionBudget")[f"clearway-{svc}"]["spec"]["maxUnavailable"] == 1
        )
        assert f"clearway-{svc}" in of_kind(docs, "ServiceMonitor")


def test_topics_follow_the_contract(rendered: Rendered) -> None:
    _, docs = rendered
    topics = {
        t["spec"]["topicName"]: t["spec"]["config"] for t in of_kind(docs, "KafkaTopic").values()
    }
    assert {n for n, c in topics.items() if c["cleanup.policy"] == "compact"} == {
        "partner.events.v1",
        "compliance.review.v1",
        "clearway.screening.state.v1",
        *(f"clearway-{svc}.calendar.v1" for svc in SERVICES),
    }
    # a calendar topic has the partitions of its service's input topic (README, "The calendar")
    partitions = {
        t["spec"]["topicName"]: t["spec"]["partitions"]
        for t in of_kind(docs, "KafkaTopic").values()
    }
    for svc, topic in SERVICES.items():
        assert partitions[f"clearway-{svc}.calendar.v1"] == partitions[topic]
    assert topics["compliance.audit.v1"]["retention.ms"] >= 5 * 365 * 24 * 3600 * 1000
    # set, not inherited, and above the largest decision a service writes
    from services.common.kafka import AUDIT_MAX_MESSAGE_BYTES
    from services.common.settings import RuntimeSettings

    assert topics["compliance.audit.v1"]["max.message.bytes"] == AUDIT_MAX_MESSAGE_BYTES
    assert RuntimeSettings().max_decision_bytes < AUDIT_MAX_MESSAGE_BYTES


def test_each_user_may_do_exactly_its_own_reads_and_writes(rendered: Rendered) -> None:
    _, docs = rendered
    for svc, topic in SERVICES.items():
        user = of_kind(docs, "KafkaUser")[f"clearway-{svc}"]
        acls = {
            (a["resource"]["type"], a["resource"]["name"], op)
            for a in user["spec"]["authorization"]["acls"]
            for op in a["operations"]
        }
        group = f"clearway-{svc}"
        assert acls == {
            ("topic", topic, "Read"),
            ("topic", topic, "Describe"),
            ("group", group, "Read"),
            ("group", group, "Describe"),
            ("topic", "compliance.audit.v1", "Write"),
            ("topic", "compliance.audit.v1", "Describe"),
            ("topic", "compliance.audit.v1", "Read"),  # to recover its chains' heads
            ("topic", "compliance.deadletter.v1", "Write"),
            ("topic", "compliance.deadletter.v1", "Describe"),
            ("transactionalId", f"{group}-", "Write"),
            ("transactionalId", f"{group}-", "Describe"),
            ("topic", f"{group}.calendar.v1", "Read"),
            ("topic", f"{group}.calendar.v1", "Write"),
            ("topic", f"{group}.calendar.v1", "Describe"),
        } | (
            {
                ("topic", "compliance.review.v1", "Read"),
                ("topic", "compliance.review.v1", "Describe"),
                ("topic", "clearway.screening.state.v1", "Read"),
                ("topic", "clearway.screening.state.v1", "Write"),
                ("topic", "clearway.screening.state.v1", "Describe"),
            }
            if svc == "screening"
            else set()
        )
        assert user["spec"]["authentication"]["type"] == "scram-sha-512"


def acls_of(user: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (a["resource"]["type"], a["resource"]["name"], op)
        for a in user["spec"]["authorization"]["acls"]
        for op in a["operations"]
    }


def test_only_the_review_recorder_writes_reviews_and_keda_only_describes(
    rendered: Rendered,
) -> None:
    """Least privilege (issue 19): one principal may write compliance.review.v1; KEDA has a
    user of its own that cannot read a record; nobody else writes the audit topic."""
    _, docs = rendered
    users = {name: acls_of(u) for name, u in of_kind(docs, "KafkaUser").items()}
    writers = {
        (name, resource)
        for name, acls in users.items()
        for kind, resource, op in acls
        if kind == "topic" and op == "Write"
    }
    assert {n for n, r in writers if r == "compliance.review.v1"} == {"clearway-review-recorder"}
    assert users["clearway-review-recorder"] == {
        ("topic", "compliance.review.v1", "Write"),
        ("topic", "compliance.review.v1", "Describe"),
    }
    assert {n for n, r in writers if r == "compliance.audit.v1"} == {
        f"clearway-{svc}" for svc in SERVICES
    }
    assert {op for _, _, op in users["clearway-keda"]} == {"Describe"}
    assert {r for k, r, _ in users["clearway-keda"] if k == "topic"} == set(SERVICES.values())
    (auth,) = of_kind(docs, "TriggerAuthentication").values()
    refs = {t["parameter"]: t for t in auth["spec"]["secretTargetRef"]}
    assert refs["password"]["name"] == "clearway-keda"  # the KEDA user's Strimzi secret
    settings = of_kind(docs, "Secret")["clearway-keda-settings"]
    assert settings["stringData"][refs["username"]["key"]] == "clearway-keda"
    for scaled in of_kind(docs, "ScaledObject").values():
        assert (
            scaled["spec"]["triggers"][0]["authenticationRef"]["name"] == auth["metadata"]["name"]
        )


def test_every_service_signs_with_its_own_key_and_prometheus_cannot_read_decisions(
    rendered: Rendered,
) -> None:
    _, docs = rendered
    for svc in SERVICES:
        (container,) = of_kind(docs, "Deployment")[f"clearway-{svc}"]["spec"]["template"]["spec"][
            "containers"
        ]
        env = {e["name"]: e for e in container["env"]}
        for name, key in (
            ("CLEARWAY_SIGNING_KEY", "private.pem"),
            ("CLEARWAY_SIGNING_KEY_ID", "key-id"),
        ):
            ref = env[name]["valueFrom"]["secretKeyRef"]
            assert ref == {"name": f"clearway-{svc}-signing", "key": key}  # not optional
    config = next(iter(of_kind(docs, "ConfigMap").values()))["data"]
    assert json.loads(config["CLEARWAY_PUBLIC_KEYS"]) == {}
    assert json.loads(config["CLEARWAY_REVIEW_KEYS"]) == {}
    monitor = of_kind(docs, "ServiceMonitor")["clearway-audit-page"]
    (endpoint,) = monitor["spec"]["endpoints"]
    scrape = endpoint["authorization"]["credentials"]
    (page,) = of_kind(docs, "Deployment")["clearway-audit-page"]["spec"]["template"]["spec"][
        "containers"
    ]
    env = {e["name"]: e for e in page["env"]}
    assert env["CLEARWAY_AUDIT_METRICS_TOKEN"]["valueFrom"]["secretKeyRef"] == scrape
    assert scrape["name"] != env["CLEARWAY_AUDIT_TOKEN"]["valueFrom"]["secretKeyRef"]["name"]


def test_network_policies_allow_only_kafka_dns_and_list_sources(rendered: Rendered) -> None:
    _, docs = rendered
    for svc in SERVICES:
        policy = of_kind(docs, "NetworkPolicy")[f"clearway-{svc}"]["spec"]
        assert set(policy["policyTypes"]) == {"Ingress", "Egress"}
        ports = sorted(p["port"] for rule in policy["egress"] for p in rule["ports"])
        lists = svc in ("screening", "export-control")
        assert ports == sorted([9093, 53, 53, *([443] if lists else [])])


def test_kafka_credentials_are_scram_over_tls(
    rendered: Rendered, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, docs = rendered
    config = next(iter(of_kind(docs, "ConfigMap").values()))["data"]
    assert config["CLEARWAY_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert config["CLEARWAY_KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    # the settings as a pod reads them from its environment
    for name, value in config.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLEARWAY_KAFKA_SASL_USERNAME", "u")
    monkeypatch.setenv("CLEARWAY_KAFKA_SASL_PASSWORD", "p")
    monkeypatch.setenv("CLEARWAY_KAFKA_SSL_CAFILE", "")
    settings = RuntimeSettings()
    assert settings.public_keys == {}


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_overlays_differ_where_they_should(overlay: str, rendered: Rendered) -> None:
    name, docs = rendered
    if name != overlay:
        return
    namespaces = {d["metadata"].get("namespace") for d in docs}
    assert namespaces == {"clearway-dev" if overlay == "dev" else "clearway"}
    replicas = {d["spec"]["replicas"] for d in of_kind(docs, "Deployment").values()}
    assert replicas == ({1} if overlay == "dev" else {2})


def test_alerts_use_metrics_the_services_export(rendered: Rendered) -> None:
    _, docs = rendered
    from services.common.metrics import ReferenceCollector, ServiceMetrics
    from services.gdpr import reference
    from services.sanctions.runtime import ListCollector
    from services.sanctions.store import ListStore

    metrics = ServiceMetrics("x")
    metrics.registry.register(ReferenceCollector("x", (reference.load(),)))  # type: ignore[arg-type]
    metrics.registry.register(ListCollector(ListStore(["un_sc=un:https://example.org/un.xml"])))
    exported = {m.name for m in metrics.registry.collect()}
    (rule,) = of_kind(docs, "PrometheusRule").values()
    for alert in rule["spec"]["groups"][0]["rules"]:
        used = set(__import__("re").findall(r"clearway_[a-z_]+", alert["expr"]))
        assert {u.removesuffix("_total") for u in used} <= exported, alert["alert"]


def test_the_audit_page_reads_and_never_starts_unprotected(
    rendered: Rendered,
) -> None:
    _, docs = rendered
    from services.auditweb.settings import AuditSettings

    user = of_kind(docs, "KafkaUser")["clearway-audit-page"]
    acls = {
        (a["resource"]["type"], a["resource"]["name"], op)
        for a in user["spec"]["authorization"]["acls"]
        for op in a["operations"]
    }
    readable = {"compliance.audit.v1", *SERVICES.values()}
    assert acls == {("topic", t, op) for t in readable for op in ("Read", "Describe")}
    deployment = of_kind(docs, "Deployment")["clearway-audit-page"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["clearway", "audit", "serve"]
    env = {e["name"]: e for e in container["env"]}
    assert env["CLEARWAY_AUDIT_AUTH"]["value"] == "on"
    assert env["CLEARWAY_AUDIT_TOKEN"]["valueFrom"]["secretKeyRef"]["name"] == (
        "clearway-audit-page-auth"
    )
    port = container["ports"][0]["containerPort"]
    assert int(env["CLEARWAY_AUDIT_PORT"]["value"]) == port
    # the settings as the pod gets them, before the secret exists: refused, fail closed
    values = {
        k.removeprefix("CLEARWAY_").lower(): json.loads(v) if v and v[:1] in "[{" else v
        for k, e in env.items()
        for v in [e.get("value")]
    }
    with pytest.raises(ValueError, match="no credentials"):
        AuditSettings(**{k: v for k, v in values.items() if k.startswith("audit_") and v})
    # its store is the CloudNativePG cluster's database, its reviews signed with its own key
    store = of_kind(docs, "Cluster")["clearway-store"]["spec"]
    assert store["bootstrap"]["initdb"] == {"database": "clearway", "owner": "clearway"}
    assert env["CLEARWAY_AUDIT_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": "clearway-store-app",
        "key": "uri",
    }
    assert env["CLEARWAY_SIGNING_KEY_ID"]["value"] == "clearway-review-recorder"
    assert env["CLEARWAY_AUDIT_REVIEW_TOPIC"]["value"] == "compliance.review.v1"
    # reviews are written as the one principal that may write them
    assert env["CLEARWAY_AUDIT_REVIEW_SASL_USERNAME"]["value"] == "clearway-review-recorder"
    # notifications: subscriptions and the mail server's credentials from a secret, if there
    for name in ("NOTIFY_SUBSCRIPTIONS", "SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD"):
        ref = env[f"CLEARWAY_AUDIT_{name}"]["valueFrom"]["secretKeyRef"]
        assert ref["name"] == "clearway-notifications" and ref["optional"] is True
    policy = of_kind(docs, "NetworkPolicy")["clearway-audit-page"]["spec"]
    ports = {p["port"] for r in policy["egress"] for p in r["ports"]}
    assert ports == {9093, 5432, 8080, 443, 587, 53}
    assert {p["port"] for r in policy["ingress"] for p in r["ports"]} == {port}


def test_production_fetches_the_official_lists_and_keeps_the_last_good_copies(
    rendered: Rendered, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, docs = rendered
    config = next(iter(of_kind(docs, "ConfigMap").values()))["data"]
    for key, value in config.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CLEARWAY_KAFKA_SASL_USERNAME", "u")
    monkeypatch.setenv("CLEARWAY_KAFKA_SASL_PASSWORD", "p")
    monkeypatch.setenv("CLEARWAY_KAFKA_SSL_CAFILE", "")
    from services.sanctions.official import load_official
    from services.sanctions.regimes import DATA_DIR
    from services.sanctions.settings import ListSettings

    settings = ListSettings()
    official = tuple(s.spec for s in load_official(DATA_DIR))
    if name == "dev":
        assert not settings.screening_official_lists
        return
    assert settings.list_plan().specs == official


def test_every_overlay_keeps_lists_and_index_on_a_writable_volume(rendered: Rendered) -> None:
    """The last good copies and the kept index go to an emptyDir (the root filesystem is read
    only): a container restart on the same lists reads them back instead of parsing again."""
    _, docs = rendered
    config = next(iter(of_kind(docs, "ConfigMap").values()))["data"]
    cache = config["CLEARWAY_SCREENING_CACHE_DIR"]
    for deployment in ("clearway-screening", "clearway-export-control"):
        pod = of_kind(docs, "Deployment")[deployment]["spec"]["template"]["spec"]
        mounts = {m["mountPath"]: m["name"] for m in pod["containers"][0]["volumeMounts"]}
        assert cache in mounts, deployment
        volume = next(v for v in pod["volumes"] if v["name"] == mounts[cache])
        assert "emptyDir" in volume, deployment
