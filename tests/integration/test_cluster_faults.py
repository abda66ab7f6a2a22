"""The test the trusted systems of this kind run: a three-broker KRaft cluster (the
project's own local broker started three times, replication factor 3,
``min.insync.replicas`` 2), two service instances in their own processes with exactly-once
on, 10,000 events; one broker is stopped in the middle of the stream and one service
instance is killed with SIGKILL. Read with read_committed, the audit topic must hold exactly
one decision per event: none lost, none duplicated, and the group's committed offsets at the
end of the input.

What it proves: with transactions per input partition, a decision and its offset commit
are one atomic step that survives the loss of a broker (the replicas take over) and of a
consumer (its transactions are fenced and its partitions redone by the other instance from
the committed offsets), so nothing is decided twice or skipped. What it does not prove:
loss of two brokers at once (below min.insync.replicas the cluster refuses writes and the
services wait), or a producer of input events that loses events before Kafka has them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from services.common.kafka import TopicSpec, ensure_topics
from services.common.localkafka import LocalKafkaCluster, free_port
from tests.fakes import encode
from tests.kafkahelp import committed_offsets, produce, read_topic

pytestmark = pytest.mark.kafka
EVENTS = 10_000
ROOT = Path(__file__).resolve().parents[2]


def transfer(i: int) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": f"t-{i}",
        "source": "/cluster-test",
        "type": "data.transfer.requested",
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data": {
            "transfer_id": f"T-{i}",
            "exporter": {"name": "Cluster e.V.", "country": "DE", "role": "controller"},
            "importer": {
                "name": "Partner",
                "country": ["CH", "IN", "FR"][i % 3],
                "role": "processor",
            },
            "data_categories": ["contact"],
            "special_categories": False,
            "mechanism": "scc",
            "scc_module": 2,
            "tia_completed": True,
        },
    }


def instance(name: str, bootstrap: str, unique: str, logs: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CLEARWAY_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CLEARWAY_INPUT_TOPIC": f"in-{unique}",
        "CLEARWAY_AUDIT_TOPIC": f"audit-{unique}",
        "CLEARWAY_DEADLETTER_TOPIC": f"dlq-{unique}",
        "CLEARWAY_GROUP_ID": f"group-{unique}",
        "CLEARWAY_INSTANCE_ID": name,
        "CLEARWAY_PROCESSING_GUARANTEE": "exactly_once",
        "CLEARWAY_HTTP_PORT": str(free_port()),
        "CLEARWAY_BATCH_MAX_RECORDS": "200",
        "CLEARWAY_LOG_LEVEL": "WARNING",
    }
    out = (logs / f"{name}.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-c", "from services.cli import main; main()", "run", "gdpr"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.mark.timeout(900)
async def test_no_decision_lost_or_duplicated_when_a_broker_stops_and_an_instance_dies(
    tmp_path: Path,
) -> None:
    cluster = LocalKafkaCluster(tmp_path / "cluster")
    started = cluster.start()
    print(f"\nthree-node KRaft cluster ready in {started:.1f}s on {cluster.bootstrap_servers}")
    bootstrap = cluster.bootstrap_servers
    unique = f"c{int(time.time())}"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        replicated = {"min.insync.replicas": "2"}
        await ensure_topics(
            {"bootstrap_servers": bootstrap},
            [
                TopicSpec(f"in-{unique}", 6, 3, replicated),
                TopicSpec(f"audit-{unique}", 6, 3, replicated),
                TopicSpec(f"dlq-{unique}", 1, 3, replicated),
            ],
        )
        procs = [instance(n, bootstrap, unique, tmp_path) for n in ("a", "b")]
        events = [(f"T-{i}".encode(), encode(transfer(i))) for i in range(EVENTS)]
        third = EVENTS // 3
        await produce(bootstrap, f"in-{unique}", events[:third])
        await asyncio.sleep(3)
        cluster.nodes[1].stop()  # a broker goes away mid-stream
        await produce(bootstrap, f"in-{unique}", events[third : 2 * third])
        await asyncio.sleep(2)
        os.killpg(procs[0].pid, signal.SIGKILL)  # an instance dies without a goodbye
        procs[0].wait()
        await produce(bootstrap, f"in-{unique}", events[2 * third :])
        cluster.restart(1)  # the broker comes back while the survivor takes over
        decisions = await read_topic(
            bootstrap, f"audit-{unique}", expect=EVENTS, timeout=300, settle=5
        )
        per_event = Counter(d["data"]["source_event_id"] for d in decisions)
        lost = EVENTS - len(per_event)
        duplicated = sum(c - 1 for c in per_event.values())
        print(f"decisions={len(decisions)} lost={lost} duplicated={duplicated}")
        assert lost == 0 and duplicated == 0
        assert set(per_event) == {f"t-{i}" for i in range(EVENTS)}
        for _ in range(60):
            committed, ends = await committed_offsets(bootstrap, f"group-{unique}", f"in-{unique}")
            if committed == ends:
                break
            await asyncio.sleep(1)
        assert committed == ends
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        cluster.stop()
