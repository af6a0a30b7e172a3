"""The workloads W1–W6 (issue 8), run against any SystemUnderTest, each measured run behind the quiet gate."""
import time
from dataclasses import dataclass

from . import parsers
from .cpu import CpuMeter, QuietGate
from .failover import measure_failover
from .procs import ToolFailed
from .results import RunRecord
from .scale import ScaleStepper

PARTITIONS = 3


@dataclass(frozen=True)
class Sizes:
    record_size: int
    w1_records: int      # W1 (and each warm-up) record count; W3 reads them back
    w2_records: int
    w2_rate: int         # records/s (the W2 table title states it)
    w4_records: int      # sequential round trips
    w5_rate: int         # records/s into the partition whose leader is killed
    w5_lead_s: float     # producing this long before the kill
    w5_timeout_s: float  # give up waiting for the first ack after the kill
    w6_steps: tuple      # partition counts to step through
    w6_settle_s: float
    w6_window_s: float   # idle CPU is measured over this window


FULL = Sizes(record_size=1024, w1_records=2_000_000, w2_records=300_000, w2_rate=5000, w4_records=10_000,
             w5_rate=1000, w5_lead_s=15, w5_timeout_s=180, w6_steps=(100, 250, 500, 1000), w6_settle_s=30,
             w6_window_s=60)
QUICK = Sizes(record_size=1024, w1_records=20_000, w2_records=10_000, w2_rate=5000, w4_records=500,
              w5_rate=200, w5_lead_s=5, w5_timeout_s=120, w6_steps=(30,), w6_settle_s=5, w6_window_s=10)


class WorkloadRunner:
    """Runs workloads on one started system and records every measured run in `results`."""

    def __init__(self, sut, registry, results, sizes: Sizes, raw_dir, gate_threshold, gate_timeout, max_redo, log):
        self.sut, self._registry, self._results, self.sizes = sut, registry, results, sizes
        self._raw_dir, self._threshold, self._max_redo, self._log = raw_dir, gate_threshold, max_redo, log
        self.meter = CpuMeter(sut.cluster.node_pids)
        self.gate = QuietGate(self.meter, gate_threshold, gate_timeout, log)
        self._w1_topic = {}  # rep -> topic written by W1, read by W3

    @property
    def rf(self):
        return self.sut.cluster.replication_factor

    def run(self, workload, rep):
        """Runs one workload; a failure is recorded and logged, and the benchmark goes on."""
        try:
            getattr(self, workload.lower())(rep)
        except (ToolFailed, RuntimeError, ValueError) as e:
            exits = self.sut.cluster.unexpected_exits()
            dead = f" (nodes that exited on their own, node: exit code: {exits})" if exits else ""
            self._log(f"{workload} {self.sut.name} r{rep} FAILED: {e}{dead}")
            self._results.fail(self.sut.name, workload, rep, str(e) + dead)

    def warm_up(self, count):
        for i in range(1, count + 1):
            self._log(f"warm-up {i}/{count} on {self.sut.name}: {self.sizes.w1_records:,} records")
            topic = self._topic("warmup", i, 0)
            self._produce_unmeasured(topic, f"warmup{i}")
            self._tool(self.sut.perf_consume(topic, self.sizes.w1_records), f"warmup{i}-consume", 1800)
            self.sut.delete_topic(topic)

    def w1(self, rep):
        def body(attempt):
            topic = self._fresh_topic("w1", rep, attempt)
            run = self._tool(self.sut.perf_produce(topic, self.sizes.w1_records, self.sizes.record_size, -1),
                             f"W1-r{rep}-a{attempt}", 3600)
            if rep in self._w1_topic:
                self.sut.delete_topic(self._w1_topic[rep])
            self._w1_topic[rep] = topic
            return parsers.produce_summary(run.stdout()), ""
        self._measured("W1", rep, body)

    def w3(self, rep):
        topic = self._w1_topic.pop(rep, None)
        if topic is None:
            topic = self._topic("w3src", rep, 0)
            self._produce_unmeasured(topic, f"W3src-r{rep}")

        def body(attempt):
            run = self._tool(self.sut.perf_consume(topic, self.sizes.w1_records), f"W3-r{rep}-a{attempt}", 1800)
            return parsers.consume_summary(run.stdout()), ""
        try:
            self._measured("W3", rep, body)
        finally:
            self.sut.delete_topic(topic)

    def w2(self, rep):
        def body(attempt):
            topic = self._fresh_topic("w2", rep, attempt)
            run = self._tool(self.sut.perf_produce(topic, self.sizes.w2_records, self.sizes.record_size,
                                                   self.sizes.w2_rate), f"W2-r{rep}-a{attempt}", 3600)
            self.sut.delete_topic(topic)
            return parsers.produce_summary(run.stdout()), ""
        self._measured("W2", rep, body)

    def w4(self, rep):
        def body(attempt):
            topic = self._fresh_topic("w4", rep, attempt)
            run = self._tool(self.sut.end_to_end(topic, self.sizes.w4_records, self.sizes.record_size),
                             f"W4-r{rep}-a{attempt}", 3600)
            self.sut.delete_topic(topic)
            return parsers.end_to_end_summary(run.stdout()), ""
        self._measured("W4", rep, body)

    def w5(self, rep):
        if self.sut.cluster.nodes < 3:
            raise RuntimeError("W5 needs 3 nodes")

        def body(attempt):
            topic = self._topic("w5", rep, attempt)
            self.sut.create_topic(topic, PARTITIONS, self.rf)
            leaders = self.sut.await_leaders(topic, PARTITIONS)
            controller = self.sut.controller_id()
            # Prefer a partition led by a node that is not also the metadata/controller leader, so the figure is
            # the data partition's failover and not a controller election too.
            partition = next((p for p, l in sorted(leaders.items()) if l != controller), 0)
            victim = leaders[partition]
            metrics = measure_failover(self.sut, self._registry, topic, partition, victim, self.sizes,
                                       self._raw_dir, f"{self.sut.name}-W5-r{rep}-a{attempt}", self._log)
            self._recover(victim, topic)
            self.sut.delete_topic(topic)
            both = " (also the controller)" if victim == controller else ""
            return metrics, f"killed node {victim}{both}, leader of partition {partition}"
        self._measured("W5", rep, body)

    def w6(self, rep):
        if self.sut.cluster.nodes < 3:
            raise RuntimeError("W6 needs 3 nodes")
        summary, rows = ScaleStepper(self.sut, self.gate, self.meter, self.sizes, self._log).run()
        others = max(row.get("others_pct", 0) for row in rows)
        record = RunRecord(self.sut.name, "W6", rep, 0, summary, {"others_pct": others}, {},
                           noisy=others > self._threshold, detail=rows)
        if rows[-1]["broke"]:
            record.note = f"{rows[-1]['partitions']} partitions: {rows[-1]['broke']}"
        self._results.add(record)

    def _recover(self, victim, topic):
        """Restarts the killed node and waits until it is a full replica again."""
        self._log(f"  restarting node {victim}")
        self.sut.cluster.restart_node(victim)
        deadline = time.monotonic() + 300
        while not self.sut.fully_replicated(topic):
            if time.monotonic() > deadline:
                raise RuntimeError(f"node {victim} did not rejoin within 300 s")
            time.sleep(2)

    def _measured(self, workload, rep, body):
        for attempt in range(1, self._max_redo + 2):
            gate = self.gate.wait()
            self._log(f"{workload} {self.sut.name} r{rep}" + (f" (redo {attempt - 1})" if attempt > 1 else ""))
            first = self.meter.sample()
            metrics, note = body(attempt)
            cpu = CpuMeter.shares(first, self.meter.sample())
            noisy = cpu["others_pct"] > self._threshold
            self._results.add(RunRecord(self.sut.name, workload, rep, attempt, metrics, cpu, gate, noisy, note))
            self._log(f"  -> {_summary(metrics)}; others {cpu['others_pct']} %, nodes {cpu['nodes_pct']} %, "
                      f"tools {cpu['tools_pct']} % of the machine")
            if not noisy:
                return
            self._log(f"  others used {cpu['others_pct']} % (> {self._threshold} %) during the run")

    def _produce_unmeasured(self, topic, label):
        self.sut.create_topic(topic, PARTITIONS, self.rf)
        self.sut.await_leaders(topic, PARTITIONS)
        self._tool(self.sut.perf_produce(topic, self.sizes.w1_records, self.sizes.record_size, -1), label, 3600)

    def _fresh_topic(self, prefix, rep, attempt):
        topic = self._topic(prefix, rep, attempt)
        self.sut.create_topic(topic, PARTITIONS, self.rf)
        self.sut.await_leaders(topic, PARTITIONS)
        return topic

    def _topic(self, prefix, rep, attempt):
        return f"{prefix}-{self.sut.name}-r{rep}-a{attempt}"

    def _tool(self, command, label, timeout_s):
        return self._registry.run(command.argv, f"{self.sut.name}-{label}", self._raw_dir, timeout=timeout_s,
                                  env=self.sut.admin.environment(command))


def _summary(metrics):
    keys = [k for k in ("mib_s", "fetch_mib_s", "p50_ms", "p99_ms", "avg_ms", "failover_s") if k in metrics]
    return ", ".join(f"{k}={metrics[k]}" for k in keys)
