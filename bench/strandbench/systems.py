"""What the workloads need from a system under test, and the node-process bookkeeping both clusters share."""
import time
from dataclasses import dataclass, field
from pathlib import Path

from .net import await_listening


@dataclass(frozen=True)
class Command:
    """A tool invocation: argv plus extra environment variables."""
    argv: list
    env: dict = field(default_factory=dict)


class NodeProcesses:
    """The server processes of one cluster (node ids 1..n), started through the ProcessRegistry."""

    def __init__(self, registry, what: str):
        self._registry, self._what = registry, what
        self._procs = {}
        self._logs = []

    def launch(self, node_id, argv, *, cwd: Path, env=None):
        cwd.mkdir(parents=True, exist_ok=True)
        out, err = open(cwd / "stdout.log", "ab"), open(cwd / "stderr.log", "ab")
        self._logs += [out, err]
        self._procs[node_id] = self._registry.start(argv, f"{self._what}-{node_id}", stdout=out, stderr=err,
                                                    env=env, cwd=cwd)

    def await_ports(self, node_ports: dict, timeout_s: float):
        """node id -> port; fails early if a node exits instead of listening."""
        await_listening(list(node_ports.values()), timeout_s,
                        alive=lambda: all(self.alive(n) for n in node_ports), what=self._what)

    def alive(self, node_id) -> bool:
        proc = self._procs.get(node_id)
        return proc is not None and proc.poll() is None

    def jvm_pid(self, node_id):
        proc = self._procs.get(node_id)
        return self._registry.java_pid(proc) if proc is not None and proc.poll() is None else None

    def jvm_pids(self):
        return [pid for pid in (self.jvm_pid(n) for n in self._procs) if pid]

    def kill(self, node_id):
        self._registry.kill(self._procs.pop(node_id))

    def unexpected_exits(self) -> dict:
        """Node id -> exit code for nodes that exited although nobody stopped or killed them."""
        return {n: proc.returncode for n, proc in self._procs.items() if proc.poll() is not None}

    @staticmethod
    def save_log_tails(node_dirs: dict, dest: Path, prefix: str, lines: int = 300):
        """Copies the last lines of each node's logs into dest (kept with the results, unlike the data)."""
        dest.mkdir(parents=True, exist_ok=True)
        for n, node_dir in sorted(node_dirs.items()):
            for name in ("stdout.log", "stderr.log", "server.log"):
                path = node_dir / name
                if path.exists():
                    tail = path.read_bytes().splitlines()[-lines:]
                    (dest / f"{prefix}-node{n}-{name}").write_bytes(b"\n".join(tail) + b"\n")

    def stop_all(self, grace_s: float):
        self._registry.stop_all(list(self._procs.values()), grace=grace_s)
        self._procs.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()


class NodeCluster:
    """What every benchmarked cluster does with its node processes. Subclasses set `_procs` (NodeProcesses),
    `node_ids`, and define `_launch(node_id)`, `_node_dir(node_id)` and `_client_port(node_id)`."""

    def stop(self):
        self._procs.stop_all(grace_s=90)

    def kill_node(self, node_id):
        self._procs.kill(node_id)

    def restart_node(self, node_id):
        self._launch(node_id)
        self._procs.await_ports({node_id: self._client_port(node_id)}, timeout_s=120)

    def node_pid(self, node_id):
        return self._procs.jvm_pid(node_id)

    def node_pids(self):
        return self._procs.jvm_pids()

    def alive(self, node_id):
        return self._procs.alive(node_id)

    def unexpected_exits(self):
        return self._procs.unexpected_exits()

    def save_logs(self, dest, prefix):
        self._procs.save_log_tails({n: self._node_dir(n) for n in self.node_ids}, dest, prefix)


class SystemUnderTest:
    """One row of the tables: a running cluster plus the commands that drive it.

    Subclasses implement every method below; the load-tool methods return a Command the harness runs (and
    times) itself, the topic methods run their admin tool through `admin`, an AdminRunner.
    """

    name = "?"
    durability = "?"

    def __init__(self, cluster, admin):
        self.cluster, self.admin = cluster, admin

    # topics
    def create_topic(self, topic, partitions, replication_factor): raise NotImplementedError
    def delete_topic(self, topic): raise NotImplementedError
    def describe_leaders(self, topic) -> dict: raise NotImplementedError
    def controller_id(self): raise NotImplementedError
    def fully_replicated(self, topic) -> bool: raise NotImplementedError

    # load tools
    def perf_produce(self, topic, records, record_size, throughput): raise NotImplementedError
    def perf_consume(self, topic, records): raise NotImplementedError
    def end_to_end(self, topic, records, record_size): raise NotImplementedError
    def acking_producer(self, topic, partition): raise NotImplementedError

    def await_leaders(self, topic, partitions, timeout_s=120.0) -> dict:
        """Polls the topic description until every partition has a leader; returns partition -> leader."""
        deadline = time.monotonic() + timeout_s
        leaders = {}
        while time.monotonic() < deadline:
            try:
                leaders = self.describe_leaders(topic)
            except RuntimeError:
                leaders = {}
            if len(leaders) >= partitions and all(l >= 0 for l in leaders.values()):
                return leaders
            time.sleep(2)
        raise RuntimeError(f"{self.name}: topic {topic} still lacks leaders after {timeout_s:.0f} s: {leaders}")


class AdminRunner:
    """Runs short admin commands (create/describe/delete topic) with their output in a scratch directory."""

    def __init__(self, registry, out_dir: Path, base_env: dict):
        self._registry, self._out_dir, self._env = registry, out_dir, base_env
        self._count = 0

    def environment(self, command: Command) -> dict:
        return dict(self._env, **command.env)

    def run(self, command: Command, label: str, timeout_s: float = 120, check=True):
        self._count += 1
        return self._registry.run(command.argv, f"{self._count:05d}-{label}", self._out_dir, timeout=timeout_s,
                                  env=self.environment(command), check=check)
