"""A real single-node Apache Kafka (KRaft) for local runs, tests and benchmarks, without Docker.

The broker is resolved through Maven from Maven Central (``deploy/local-kafka/pom.xml``)
into ``.cache/kafka/<version>/libs`` (git ignores ``.cache``); a second run reuses it.
``LocalKafka.start`` writes ``server.properties``, formats the storage once, starts
``kafka.Kafka`` in its own process group, and waits until the port accepts connections
and the broker has logged that it started. ``stop`` sends SIGTERM to the recorded PID
and SIGKILL if it has not exited in time.

Errors are :class:`LocalKafkaError` with a message that says what to do.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_VERSION = "4.3.1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
POM = PROJECT_ROOT / "deploy" / "local-kafka" / "pom.xml"
LOG4J2 = PROJECT_ROOT / "deploy" / "local-kafka" / "log4j2.yaml"


class LocalKafkaError(RuntimeError):
    """The local broker could not be resolved, started or stopped."""


def cache_dir() -> Path:
    return Path(os.environ.get("CLEARWAY_CACHE_DIR", PROJECT_ROOT / ".cache"))


def kafka_version() -> str:
    return os.environ.get("CLEARWAY_KAFKA_VERSION", DEFAULT_VERSION)


def ensure_jars(version: str | None = None) -> Path:
    """Resolve the broker and its runtime dependencies through Maven, once per version."""
    version = version or kafka_version()
    libs = cache_dir() / "kafka" / version / "libs"
    if (libs / ".complete").exists():
        return libs
    for tool in ("mvn", "java"):
        if shutil.which(tool) is None:
            msg = f"'{tool}' is not on PATH: the local Kafka broker needs Java 17+ and Maven"
            raise LocalKafkaError(msg)
    staging = libs.with_name(f"libs.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    cmd = [
        "mvn",
        "-B",
        "-q",
        "-f",
        str(POM),
        f"-Dkafka.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}",
        "-DincludeScope=runtime",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        msg = (
            f"Maven could not resolve Kafka {version}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
        raise LocalKafkaError(msg)
    (staging / ".complete").write_text(version)
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)
    return libs


def new_cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes in URL-safe base64. Like Kafka's Uuid.randomUuid,
    never one that starts with "-", which the storage tool would read as an option."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode()[:22]
        if not cluster_id.startswith("-"):
            return cluster_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def free_ports(count: int) -> list[int]:
    """``count`` distinct free ports: each socket stays bound until all are chosen, so the
    system cannot hand out one port twice (two controllers of a test cluster were given
    127.0.0.1:35885, and the second could not bind)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id={node_id}
controller.quorum.voters={voters}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={data_dir}
num.partitions=3
default.replication.factor={replication}
min.insync.replicas={min_isr}
offsets.topic.replication.factor={replication}
offsets.topic.num.partitions=6
transaction.state.log.replication.factor={replication}
transaction.state.log.min.isr={min_isr}
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor={replication}
share.coordinator.state.topic.min.isr={min_isr}
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
message.max.bytes=4194304
replica.fetch.max.bytes=4194304
"""


@dataclass
class LocalKafka:
    """One local broker+controller, identified by its run directory; alone, or a node of a
    :class:`LocalKafkaCluster` (its id, the controller quorum, the shared cluster id)."""

    run_dir: Path
    port: int = 9092
    controller_port: int = 9093
    version: str = DEFAULT_VERSION
    heap: str = "768m"
    node_id: int = 1
    #: controller.quorum.voters (default: this node alone)
    voters: str | None = None
    #: the cluster id every node's storage is formatted with (default: a new one)
    cluster_id: str | None = None
    replication: int = 1
    min_isr: int = 1

    @classmethod
    def default(cls, port: int = 9092) -> LocalKafka:
        return cls(
            cache_dir() / "kafka" / "run" / str(port),
            port=port,
            controller_port=port + 1,
            version=kafka_version(),
        )

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "broker.pid"

    @property
    def log_file(self) -> Path:
        return self.run_dir / "logs" / "server.log"

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return pid

    def running(self) -> bool:
        return self.pid() is not None and _port_open(self.port)

    def start(self, timeout: float = 90.0) -> float:
        """Start the broker (formatting storage on first use); returns seconds until ready."""
        if self.running():
            return 0.0
        started = time.monotonic()
        proc = self.launch()
        self.wait_ready(proc, started + timeout)
        return time.monotonic() - started

    def launch(self) -> subprocess.Popen[bytes]:
        """Format the storage on first use and start the process; do not wait for it."""
        libs = ensure_jars(self.version)
        data_dir = self.run_dir / "data"
        (self.run_dir / "logs").mkdir(parents=True, exist_ok=True)
        properties = self.run_dir / "server.properties"
        properties.write_text(
            SERVER_PROPERTIES.format(
                port=self.port,
                controller_port=self.controller_port,
                data_dir=data_dir,
                node_id=self.node_id,
                voters=self.voters or f"{self.node_id}@127.0.0.1:{self.controller_port}",
                replication=self.replication,
                min_isr=self.min_isr,
            )
        )
        if _port_open(self.port) or _port_open(self.controller_port):
            msg = (
                f"port {self.port} or {self.controller_port} is already in use by another "
                "process; stop it or choose another port"
            )
            raise LocalKafkaError(msg)
        java = [
            "java",
            f"-Xmx{self.heap}",
            "-Xms256m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={LOG4J2}",
            f"-Dkafka.logs.dir={self.run_dir / 'logs'}",
            "-cp",
            f"{libs}/*",
        ]
        if not (data_dir / "meta.properties").exists():
            cluster_id = self.cluster_id or new_cluster_id()
            fmt = subprocess.run(
                [
                    *java,
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    cluster_id,
                    "-c",
                    str(properties),
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            if fmt.returncode != 0:
                msg = f"formatting Kafka storage failed:\n{fmt.stdout[-2000:]}{fmt.stderr[-2000:]}"
                raise LocalKafkaError(msg)
        self.log_file.unlink(missing_ok=True)
        with open(self.run_dir / "logs" / "stdout.log", "ab") as out:
            proc = subprocess.Popen(
                [*java, "kafka.Kafka", str(properties)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        return proc

    def wait_ready(self, proc: subprocess.Popen[bytes], deadline: float) -> None:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                msg = f"the Kafka broker exited with {proc.returncode}; see {self.run_dir / 'logs'}"
                raise LocalKafkaError(msg)
            if _port_open(self.port) and self._logged_started():
                return
            time.sleep(0.2)
        self.stop()
        msg = f"the Kafka broker did not become ready; see {self.log_file}"
        raise LocalKafkaError(msg)

    def _logged_started(self) -> bool:
        try:
            return "Kafka Server started" in self.log_file.read_text(errors="replace")
        except OSError:
            return False

    def stop(self, timeout: float = 30.0) -> bool:
        """SIGTERM by PID, SIGKILL after ``timeout``; returns False if nothing was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
                waited, _ = os.waitpid(pid, os.WNOHANG)
                if waited == pid:
                    break
            except ChildProcessError:
                pass  # not our child (started by another command): poll with kill(0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL, for fault tests that need an abrupt broker death."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


@dataclass
class LocalKafkaCluster:
    """Three (or more) local KRaft nodes, each broker and controller, one cluster: replication
    factor 3 and ``min.insync.replicas`` 2 by default, as a production cluster runs. For the
    tests that stop a broker in the middle of a stream."""

    run_dir: Path
    size: int = 3
    min_isr: int = 2
    heap: str = "512m"
    nodes: list[LocalKafka] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.nodes:
            return
        chosen = free_ports(2 * self.size)
        ports = list(zip(chosen[::2], chosen[1::2], strict=True))
        voters = ",".join(f"{i + 1}@127.0.0.1:{c}" for i, (_, c) in enumerate(ports))
        cluster_id = new_cluster_id()
        self.nodes = [
            LocalKafka(
                self.run_dir / f"node-{i + 1}",
                port=p,
                controller_port=c,
                version=kafka_version(),
                heap=self.heap,
                node_id=i + 1,
                voters=voters,
                cluster_id=cluster_id,
                replication=self.size,
                min_isr=self.min_isr,
            )
            for i, (p, c) in enumerate(ports)
        ]

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(n.bootstrap_servers for n in self.nodes)

    def start(self, timeout: float = 180.0) -> float:
        """Start every node at once (each waits for the controller quorum)."""
        started = time.monotonic()
        procs = [(n, n.launch()) for n in self.nodes if not n.running()]
        for node, proc in procs:
            node.wait_ready(proc, started + timeout)
        return time.monotonic() - started

    def restart(self, index: int, timeout: float = 120.0) -> None:
        node = self.nodes[index]
        node.wait_ready(node.launch(), time.monotonic() + timeout)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
