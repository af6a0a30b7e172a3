"""CPU accounting from /proc: whole machine, our own process tree, single JVMs; and the quiet-machine gate.

"Ours" is the harness plus every live descendant (cluster nodes, tools), counting the CPU of reaped children
too, so the figure stays monotonic when a tool exits. "Others" is everything else the machine did: other
users' processes, and kernel work (writeback, softirq) that cannot be attributed to a process.
"""
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .procs import read_stat

CLK_TCK = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1


@dataclass(frozen=True)
class MachineTimes:
    busy: int    # jiffies in user, nice, system, irq, softirq (all CPUs)
    steal: int
    total: int   # every jiffy, idle and iowait included


def machine_times() -> MachineTimes:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    busy = user + nice + system + irq + softirq
    return MachineTimes(busy, steal, busy + idle + iowait + steal)


def process_jiffies(pid, with_reaped_children=False):
    """utime+stime of pid (all threads), optionally plus its reaped children's; None if it is gone."""
    stat = read_stat(pid)
    if stat is None:
        return None
    used = int(stat[11]) + int(stat[12])
    return used + (int(stat[13]) + int(stat[14]) if with_reaped_children else 0)


def process_memory(pid):
    """(VmRSS in KiB, thread count) from /proc/PID/status; None if the process is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = dict(line.split(":", 1) for line in status if ":" in line)
    return int(values["VmRSS"].split()[0]), int(values["Threads"])


def tree_jiffies(root=None):
    """CPU used by root (default: this process) and all its live and reaped descendants."""
    root = root or os.getpid()
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read_stat(int(entry))
            if stat:
                children.setdefault(int(stat[1]), []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += process_jiffies(pid, with_reaped_children=True) or 0
        todo.extend(children.get(pid, []))
    return total


@dataclass(frozen=True)
class CpuSample:
    at: float
    machine: MachineTimes
    ours: int
    nodes: dict  # node JVM pid -> jiffies


class CpuMeter:
    """Splits the machine's CPU over an interval into cluster nodes, our tools, others and steal."""

    def __init__(self, node_pids):
        self._node_pids = node_pids  # callable returning the live node JVM pids

    def sample(self) -> CpuSample:
        nodes = {pid: process_jiffies(pid) or 0 for pid in self._node_pids()}
        return CpuSample(time.monotonic(), machine_times(), tree_jiffies(), nodes)

    @staticmethod
    def shares(start: CpuSample, end: CpuSample) -> dict:
        """Percent of the whole machine (all CPUs) over the interval."""
        total = max(1, end.machine.total - start.machine.total)
        busy = end.machine.busy - start.machine.busy
        ours = end.ours - start.ours
        # Per pid, so a node killed and restarted in between (W5) counts its new JVM from zero; the killed
        # JVM's last moments are not seen and fall to "tools".
        nodes = sum(used - start.nodes.get(pid, 0) for pid, used in end.nodes.items())
        pct = lambda jiffies: round(100.0 * max(0, jiffies) / total, 1)
        return {"others_pct": pct(busy - ours), "nodes_pct": pct(min(nodes, ours)),
                "tools_pct": pct(ours - nodes), "steal_pct": pct(end.machine.steal - start.machine.steal)}


class QuietGate:
    """Waits until processes other than ours use at most `threshold_pct` of the machine."""

    def __init__(self, meter: CpuMeter, threshold_pct: float, timeout_s: float, log, window_s: float = 5.0):
        self._meter, self._threshold, self._timeout = meter, threshold_pct, timeout_s
        self._log, self._window = log, window_s

    def wait(self) -> dict:
        """Returns how long it waited and the last window's share; `quiet` False if it gave up."""
        started, last_note = time.monotonic(), float("-inf")
        while True:
            first = self._meter.sample()
            time.sleep(self._window)
            others = CpuMeter.shares(first, self._meter.sample())["others_pct"]
            waited = time.monotonic() - started
            if others <= self._threshold:
                return {"waited_s": round(waited), "others_before_pct": others, "quiet": True}
            if waited >= self._timeout:
                self._log(f"  machine still busy after {waited:.0f} s (others {others} %); measuring anyway")
                return {"waited_s": round(waited), "others_before_pct": others, "quiet": False}
            if waited - last_note >= 30:
                self._log(f"  waiting for a quiet machine: others use {others} % (limit {self._threshold} %)")
                last_note = waited
