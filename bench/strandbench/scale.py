"""W6: idle CPU, resident memory and threads per node as the partition count (replication factor 3) grows.

Steps add topics until the total partition count reaches each target. A step is stable when creation finished
within its timeout, every partition has a leader, no leader changed during the measuring window and every node
is still running. Stepping stops at the first unstable step; its reason is what broke first. Per-partition cost
is (value at the largest stable count - value with no partitions) / that count.
"""
import time

from .cpu import CLK_TCK, CpuMeter, process_jiffies, process_memory
from .procs import ToolFailed


def measure_idle(cluster, window_s) -> dict:
    """Per node over window_s: CPU in % of one core (utime+stime of all threads), then VmRSS and threads."""
    pids = {n: cluster.node_pid(n) for n in cluster.node_ids}
    start = {n: process_jiffies(pid) for n, pid in pids.items() if pid}
    started = time.monotonic()
    time.sleep(window_s)  # the measuring window itself
    elapsed = time.monotonic() - started
    per_node = {}
    for n, pid in pids.items():
        end, memory = (process_jiffies(pid), process_memory(pid)) if pid else (None, None)
        if end is None or memory is None or start.get(n) is None:
            per_node[n] = None
            continue
        per_node[n] = {"cpu_pct": 100.0 * (end - start[n]) / CLK_TCK / elapsed,
                       "rss_mib": memory[0] / 1024.0, "threads": memory[1]}
    return per_node


def _mean(per_node, key):
    values = [v[key] for v in per_node.values() if v]
    return sum(values) / len(values) if values else float("nan")


class ScaleStepper:
    """Runs the W6 steps on a fresh cluster of one system."""

    def __init__(self, sut, gate, meter: CpuMeter, sizes, log):
        self._sut, self._gate, self._meter, self._sizes, self._log = sut, gate, meter, sizes, log
        self._topics = {}  # topic -> partitions

    def run(self) -> tuple:
        """Returns (summary metrics, step rows)."""
        sizes = self._sizes
        rows = [self._measure_step(0)]
        if not rows[0]["stable"]:
            raise RuntimeError(f"W6 {self._sut.name}: unstable before any partition was added: {rows[0]['broke']}")
        largest = rows[0]
        for target in sizes.w6_steps:
            row = self._grow_to(target)
            rows.append(row)
            if not row["stable"]:
                self._log(f"  W6 {self._sut.name}: {target} partitions not stable: {row['broke']}")
                break
            largest = row
        base, n = rows[0], largest["partitions"]
        summary = {"stable_partitions": n, "idle_cpu_pct": largest["cpu_pct"], "rss_mib": largest["rss_mib"],
                   "threads": largest["threads"]}
        if n:
            summary.update({
                "cpu_pct_per_100_partitions": 100.0 * (largest["cpu_pct"] - base["cpu_pct"]) / n,
                "rss_kib_per_partition": 1024.0 * (largest["rss_mib"] - base["rss_mib"]) / n,
                "threads_per_partition": (largest["threads"] - base["threads"]) / n})
        return summary, rows

    def _grow_to(self, target) -> dict:
        total = sum(self._topics.values())
        topic = f"w6-{target}"
        started = time.monotonic()
        timeout_s = max(180.0, 0.6 * target)
        try:
            self._sut.create_topic(topic, target - total, 3)
            self._topics[topic] = target - total
            for name, partitions in self._topics.items():
                remaining = timeout_s - (time.monotonic() - started)
                self._sut.await_leaders(name, partitions, timeout_s=max(10.0, remaining))
        except (ToolFailed, RuntimeError) as e:
            return {"partitions": target, "stable": False, "broke": f"creation: {e}"}
        created_s = round(time.monotonic() - started, 1)
        self._log(f"  W6 {self._sut.name}: {target} partitions led after {created_s} s; measuring idle")
        return dict(self._measure_step(target), create_s=created_s)

    def _measure_step(self, partitions) -> dict:
        cluster = self._sut.cluster
        time.sleep(self._sizes.w6_settle_s)  # let creation work and leader moves finish before measuring
        before = self._leaders()
        gate = self._gate.wait()
        first = self._meter.sample()
        per_node = measure_idle(cluster, self._sizes.w6_window_s)
        cpu = CpuMeter.shares(first, self._meter.sample())
        after = self._leaders()
        broke = None
        if any(v is None for v in per_node.values()) or not all(cluster.alive(n) for n in cluster.node_ids):
            broke = "a node died"
        elif any(l < 0 for l in after.values()) or len(after) < partitions:
            broke = "partitions without a leader"
        elif before != after:
            changed = sum(1 for k in after if before.get(k) != after[k])
            broke = f"{changed} leader change(s) while idle"
        row = {"partitions": partitions, "stable": broke is None, "broke": broke,
               "others_pct": cpu["others_pct"], "quiet": gate["quiet"]}
        if broke != "a node died":
            row.update({"cpu_pct": round(_mean(per_node, "cpu_pct"), 2),
                        "rss_mib": round(_mean(per_node, "rss_mib"), 1),
                        "threads": round(_mean(per_node, "threads"), 1), "per_node": per_node})
        return row

    def _leaders(self) -> dict:
        leaders = {}
        for topic in self._topics:
            try:
                for partition, leader in self._sut.describe_leaders(topic).items():
                    leaders[(topic, partition)] = leader
            except (ToolFailed, RuntimeError):
                pass
        return leaders
