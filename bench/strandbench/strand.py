"""Strand through bin/strand: a cluster of `strand server` nodes on loopback, and the CLI's perf tools.

Node i listens on 127.0.0.1:i7070 (gRPC), i7071 (Raft) and i7072 (metrics). Nodes get the same JVM flags as
Kafka's brokers (JAVA_OPTS and STRAND_HEAP_OPTS); start() checks the running JVM really has the 1 GiB heap.
"""
import subprocess
import time
from pathlib import Path

from . import parsers
from .jvm import SERVER_HEAP, SERVER_JVM, TOOL_JVM
from .net import ensure_free
from .systems import Command, NodeCluster, NodeProcesses, SystemUnderTest


def grpc_port(node_id):
    return node_id * 10000 + 7070


def raft_port(node_id):
    return node_id * 10000 + 7071


def metrics_port(node_id):
    return node_id * 10000 + 7072


class StrandInstall:
    """bin/strand of this checkout, built with `mvn package` if the CLI has not been built yet."""

    def __init__(self, repo: Path, log):
        self.repo, self._log = repo, log
        self.launcher = repo / "bin" / "strand"

    def prepare(self):
        if not self.launcher.exists():
            raise RuntimeError(f"{self.launcher} does not exist: this checkout has no Strand CLI yet")
        if not (self.repo / "cli" / "target" / "lib").is_dir():
            self._log("building Strand (mvn -B -q -DskipTests package) because cli/target/lib is missing")
            subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=self.repo, check=True)

    def command(self, *args, jvm=TOOL_JVM, env=None) -> Command:
        return Command([str(self.launcher), *map(str, args)],
                       dict({"JAVA_OPTS": " ".join(jvm), "STRAND_HEAP_OPTS": ""}, **(env or {})))


class StrandCluster(NodeCluster):
    """n `strand server` nodes (n = 1 or 3) on loopback with fresh data directories under `root`."""

    def __init__(self, install: StrandInstall, registry, admin, root: Path, nodes: int, log):
        self._install, self._admin, self._root, self._log = install, admin, root, log
        self.nodes = nodes
        self.node_ids = list(range(1, nodes + 1))
        self.replication_factor = 3 if nodes == 3 else 1
        self._procs = NodeProcesses(registry, "strand")

    @property
    def bootstrap(self):
        return ",".join(f"127.0.0.1:{grpc_port(n)}" for n in self.node_ids)

    def start(self):
        ensure_free([p for n in self.node_ids for p in (grpc_port(n), raft_port(n), metrics_port(n))])
        for n in self.node_ids:
            self._launch(n)
        self._procs.await_ports({n: grpc_port(n) for n in self.node_ids}, timeout_s=120)
        for n in self.node_ids:
            self._check_heap(n)
        self._await_cluster(timeout_s=120)
        self._log(f"strand: {self.nodes} node(s) ready, bootstrap {self.bootstrap}")

    def _client_port(self, node_id):
        return grpc_port(node_id)

    def _node_dir(self, n) -> Path:
        return self._root / f"node{n}"

    def _launch(self, n):
        peers = ",".join(f"{i}=127.0.0.1:{raft_port(i)}" for i in self.node_ids)
        node_dir = self._node_dir(n)
        cmd = self._install.command(
            "server", "--node-id", n, "--data-dir", node_dir / "data", "--grpc-port", grpc_port(n),
            "--raft-port", raft_port(n), "--metrics-port", metrics_port(n), "--bind-host", "127.0.0.1",
            "--advertised-host", "127.0.0.1", "--peers", peers, jvm=SERVER_JVM, env={"STRAND_HEAP_OPTS": " ".join(SERVER_HEAP)})
        self._procs.launch(n, cmd.argv, cwd=node_dir, env=self._admin.environment(cmd))

    def _check_heap(self, n):
        """The comparison is only fair with the same heap; fail loudly if bin/strand did not pass it on."""
        pid = self.node_pid(n)
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if pid else []
        heaps = [a.decode() for a in argv if a.startswith(b"-Xmx")]
        if not heaps or heaps[-1] != "-Xmx1g":
            raise RuntimeError(f"strand node {n}: JVM runs with {heaps or 'no -Xmx'}, not -Xmx1g; "
                               "bin/strand must honour JAVA_OPTS or STRAND_HEAP_OPTS")

    def _await_cluster(self, timeout_s):
        deadline = time.monotonic() + timeout_s
        while True:
            run = self._admin.run(self._install.command("cluster", "describe", "--bootstrap", self.bootstrap),
                                  "cluster-describe", check=False)
            if run.returncode == 0 and parsers.alive_nodes(run.stdout()) >= self.nodes:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"strand cluster not ready after {timeout_s} s: "
                                   f"{(run.stdout() + run.stderr()).strip()[-300:]}")
            time.sleep(2)


class StrandSystem(SystemUnderTest):
    """Strand: acks=all means committed by a Raft majority, each having fsynced the entry."""

    name = "strand"
    durability = "fsync on a Raft majority before ack"

    def __init__(self, cluster: StrandCluster, install: StrandInstall, admin):
        super().__init__(cluster, admin)
        self._install = install

    def _client(self, *args) -> Command:
        return self._install.command(*args[:2], "--bootstrap", self.cluster.bootstrap, *args[2:])

    def create_topic(self, topic, partitions, replication_factor):
        self.admin.run(self._client("topics", "create", topic, "--partitions", partitions,
                                    "--replication-factor", replication_factor), f"create-{topic}", timeout_s=300)

    def delete_topic(self, topic):
        self.admin.run(self._client("topics", "delete", topic), f"delete-{topic}")

    def describe_leaders(self, topic) -> dict:
        run = self.admin.run(self._client("topics", "describe", topic), f"describe-{topic}")
        return parsers.partition_leaders(run.stdout())

    def fully_replicated(self, topic) -> bool:
        """Strand exposes no ISR; a Raft follower catches up on its own, so a described leader per partition is
        what can be checked (the harness also lets the cluster settle after a restart)."""
        leaders = self.describe_leaders(topic)
        return bool(leaders) and all(l >= 0 for l in leaders.values())

    def controller_id(self):
        run = self.admin.run(self._client("cluster", "describe"), "cluster-describe", check=False)
        return parsers.controller_id(run.stdout()) if run.returncode == 0 else None

    def perf_produce(self, topic, records, record_size, throughput) -> Command:
        return self._install.command("perf-produce", "--bootstrap", self.cluster.bootstrap, "--topic", topic,
                                     "--records", records, "--record-size", record_size, "--throughput", throughput,
                                     "--acks", "all", "--producer-props",
                                     "batch.size=65536,linger.ms=5,compression.type=none")

    def perf_consume(self, topic, records) -> Command:
        return self._install.command("perf-consume", "--bootstrap", self.cluster.bootstrap, "--topic", topic,
                                     "--records", records)

    def end_to_end(self, topic, records, record_size) -> Command:
        return self._install.command("perf-e2e", "--bootstrap", self.cluster.bootstrap, "--topic", topic,
                                     "--records", records, "--record-size", record_size)

    def acking_producer(self, topic, partition) -> Command:
        return self._install.command("produce", "--bootstrap", self.cluster.bootstrap, "--topic", topic,
                                     "--partition", partition, "--acks", "all", "--print-acks")
