"""Apache Kafka 4.3.1 from Maven Central: classpath, a KRaft cluster on loopback, and its perf tools.

Setup as in the project's Kafka anchor (shared notes): combined broker+controller nodes with a static quorum,
node i listening on 127.0.0.1:i9092 (broker) and 127.0.0.1:i9093 (controller), Kafka's default JVM flags with a
1 GiB heap, everything else at broker defaults except min.insync.replicas, the internal topics' replication and
a short segment delete delay (so dropped topics free their disk at once).
"""
import base64
import subprocess
import uuid
from pathlib import Path

from . import parsers
from .jvm import SERVER_JVM, TOOL_JVM
from .net import ensure_free
from .systems import Command, NodeCluster, NodeProcesses, SystemUnderTest

KAFKA_VERSION = "4.3.1"
TOOLS = "org.apache.kafka.tools."


def broker_port(node_id):
    return node_id * 10000 + 9092


def controller_port(node_id):
    return node_id * 10000 + 9093


class KafkaDistribution:
    """Kafka's jars (resolved by Maven into the local repository) plus the compiled W5 probe."""

    def __init__(self, bench_dir: Path, scratch: Path, log):
        self._pom = bench_dir / "kafka" / "pom.xml"
        self._probe_src = bench_dir / "kafka" / "probe" / "KafkaAckingProducer.java"
        self._dir = scratch / "kafka-dist"
        self._log = log
        self.classpath = ""
        self.tools_log4j = self._dir / "tools-log4j2.properties"

    def prepare(self):
        self._dir.mkdir(parents=True, exist_ok=True)
        cp_file = self._dir / "classpath.txt"
        self._log(f"resolving Apache Kafka {KAFKA_VERSION} with Maven ({self._pom})")
        maven = subprocess.run(["mvn", "-q", "-B", "-Dstyle.color=never", "-f", str(self._pom),
                                "dependency:build-classpath", "-Dmdep.includeScope=runtime",
                                f"-Dmdep.outputFile={cp_file}"], capture_output=True, text=True)
        if maven.returncode != 0:
            raise RuntimeError(f"Maven could not resolve Kafka {KAFKA_VERSION}:\n{maven.stdout[-2000:]}")
        self.classpath = cp_file.read_text().strip()
        probe_classes = self._dir / "probe-classes"
        subprocess.run(["javac", "-d", str(probe_classes), "-cp", self.classpath, str(self._probe_src)],
                       check=True)
        self.classpath += f":{probe_classes}"
        self.tools_log4j.write_text(_log4j_console_warn())

    def tool(self, main_class, *args) -> Command:
        return Command(["java", *TOOL_JVM, f"-Dlog4j2.configurationFile={self.tools_log4j}", "-cp",
                        self.classpath, main_class, *map(str, args)])


class KafkaCluster(NodeCluster):
    """n combined broker+controller nodes (n = 1 or 3) on loopback, formatted fresh under `root`."""

    def __init__(self, dist: KafkaDistribution, registry, root: Path, nodes: int, log):
        self._dist, self._root, self._log = dist, root, log
        self.nodes = nodes
        self.node_ids = list(range(1, nodes + 1))
        self.replication_factor = 3 if nodes == 3 else 1
        self.min_insync = 2 if nodes == 3 else 1
        self._procs = NodeProcesses(registry, "kafka")

    @property
    def bootstrap(self):
        return ",".join(f"127.0.0.1:{broker_port(n)}" for n in self.node_ids)

    def start(self):
        ensure_free([p for n in self.node_ids for p in (broker_port(n), controller_port(n))])
        cluster_id = _kafka_uuid()
        for n in self.node_ids:
            node_dir = self._node_dir(n)
            (node_dir / "data").mkdir(parents=True, exist_ok=True)
            (node_dir / "server.properties").write_text(self._server_properties(n))
            (node_dir / "log4j2.properties").write_text(_log4j_file(node_dir / "server.log"))
            fmt = self._dist.tool("kafka.tools.StorageTool", "format", "--config", node_dir / "server.properties",
                                  "--cluster-id", cluster_id, "--ignore-formatted")
            subprocess.run(fmt.argv, check=True, stdout=subprocess.DEVNULL)
        for n in self.node_ids:
            self._launch(n)
        self._procs.await_ports({n: broker_port(n) for n in self.node_ids}, timeout_s=120)
        self._log(f"kafka: {self.nodes} node(s) listening, bootstrap {self.bootstrap}")

    def _client_port(self, node_id):
        return broker_port(node_id)

    def _launch(self, n):
        node_dir = self._node_dir(n)
        argv = ["java", *SERVER_JVM, f"-Dlog4j2.configurationFile={node_dir / 'log4j2.properties'}",
                "-cp", self._dist.classpath, "kafka.Kafka", str(node_dir / "server.properties")]
        self._procs.launch(n, argv, cwd=node_dir)

    def _node_dir(self, n) -> Path:
        return self._root / f"node{n}"

    def _server_properties(self, n) -> str:
        voters = ",".join(f"{i}@127.0.0.1:{controller_port(i)}" for i in self.node_ids)
        rf, isr = self.replication_factor, self.min_insync
        return "\n".join([
            "process.roles=broker,controller",
            f"node.id={n}",
            f"controller.quorum.voters={voters}",
            f"listeners=PLAINTEXT://127.0.0.1:{broker_port(n)},CONTROLLER://127.0.0.1:{controller_port(n)}",
            f"advertised.listeners=PLAINTEXT://127.0.0.1:{broker_port(n)}",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            f"log.dirs={self._node_dir(n) / 'data'}",
            "num.partitions=3",
            f"default.replication.factor={rf}",
            f"min.insync.replicas={isr}",
            f"offsets.topic.replication.factor={rf}",
            f"transaction.state.log.replication.factor={rf}",
            f"transaction.state.log.min.isr={isr}",
            f"share.coordinator.state.topic.replication.factor={rf}",
            f"share.coordinator.state.topic.min.isr={isr}",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            "log.segment.delete.delay.ms=1000",
            ""])


class KafkaSystem(SystemUnderTest):
    """Kafka with broker defaults (acks=all reaches min.insync.replicas page caches, no fsync), or with the topic
    config flush.messages=1 (every appended batch fsynced on every replica before it counts as written)."""

    def __init__(self, cluster: KafkaCluster, dist: KafkaDistribution, admin, fsync_each_message: bool):
        super().__init__(cluster, admin)
        self._dist = dist
        self._fsync = fsync_each_message
        self.name = "kafka-fsync" if fsync_each_message else "kafka"
        self.durability = ("fsync before ack (flush.messages=1)" if fsync_each_message
                           else "page cache of min.insync.replicas replicas, no fsync")

    def create_topic(self, topic, partitions, replication_factor):
        configs = [f"min.insync.replicas={min(self.cluster.min_insync, replication_factor)}"]
        if self._fsync:
            configs.append("flush.messages=1")
        args = ["--bootstrap-server", self.cluster.bootstrap, "--create", "--topic", topic,
                "--partitions", partitions, "--replication-factor", replication_factor]
        for config in configs:
            args += ["--config", config]
        self.admin.run(self._dist.tool(TOOLS + "TopicCommand", *args), f"create-{topic}", timeout_s=300)

    def delete_topic(self, topic):
        self.admin.run(self._dist.tool(TOOLS + "TopicCommand", "--bootstrap-server", self.cluster.bootstrap,
                                       "--delete", "--topic", topic), f"delete-{topic}")

    def describe_leaders(self, topic) -> dict:
        run = self.admin.run(self._dist.tool(TOOLS + "TopicCommand", "--bootstrap-server", self.cluster.bootstrap,
                                             "--describe", "--topic", topic), f"describe-{topic}")
        return parsers.partition_leaders(run.stdout())

    def fully_replicated(self, topic) -> bool:
        """Every partition's ISR holds all its replicas (so a second failover does not hit min.insync)."""
        run = self.admin.run(self._dist.tool(TOOLS + "TopicCommand", "--bootstrap-server", self.cluster.bootstrap,
                                             "--describe", "--topic", topic, "--under-replicated-partitions"),
                             f"under-replicated-{topic}")
        return "Partition:" not in run.stdout()

    def controller_id(self):
        run = self.admin.run(self._dist.tool(TOOLS + "MetadataQuorumCommand", "--bootstrap-server",
                                             self.cluster.bootstrap, "describe", "--status"), "quorum-status",
                             check=False)
        return parsers.controller_id(run.stdout()) if run.returncode == 0 else None

    def perf_produce(self, topic, records, record_size, throughput) -> Command:
        return self._dist.tool(TOOLS + "ProducerPerformance", "--bootstrap-server", self.cluster.bootstrap,
                               "--topic", topic, "--num-records", records, "--record-size", record_size,
                               "--throughput", throughput, "--command-property", "acks=all", "batch.size=65536",
                               "linger.ms=5", "compression.type=none")

    def perf_consume(self, topic, records) -> Command:
        return self._dist.tool(TOOLS + "ConsumerPerformance", "--bootstrap-server", self.cluster.bootstrap,
                               "--topic", topic, "--num-records", records, "--timeout", 60000,
                               "--group", f"perf-{topic}-{uuid.uuid4().hex[:8]}")

    def end_to_end(self, topic, records, record_size) -> Command:
        return self._dist.tool(TOOLS + "EndToEndLatency", "--bootstrap-server", self.cluster.bootstrap, "--topic",
                               topic, "--num-records", records, "--producer-acks", "all", "--record-size", record_size)

    def acking_producer(self, topic, partition) -> Command:
        return self._dist.tool("io.strand.bench.KafkaAckingProducer", self.cluster.bootstrap, topic, partition)


def _kafka_uuid():
    """Kafka cluster ids are base64url (no padding) of a random UUID, as StorageTool random-uuid prints them;
    like Kafka, avoid a leading '-' that command-line parsers would take for an option."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


def _log4j_file(path: Path) -> str:
    return "\n".join([
        "status = warn",
        "appender.file.type = File",
        "appender.file.name = FILE",
        f"appender.file.fileName = {path}",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = FILE",
        ""])


def _log4j_console_warn() -> str:
    return "\n".join([
        "status = warn",
        "appender.err.type = Console",
        "appender.err.name = STDERR",
        "appender.err.target = SYSTEM_ERR",
        "appender.err.layout.type = PatternLayout",
        "appender.err.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = WARN",
        "rootLogger.appenderRef.err.ref = STDERR",
        ""])
