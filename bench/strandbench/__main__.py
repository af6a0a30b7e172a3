"""bench/run.sh: Strand vs Apache Kafka, same machine, same workloads (see docs/benchmarks.md)."""
import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import report
from .kafka import KAFKA_VERSION, KafkaCluster, KafkaDistribution, KafkaSystem
from .procs import ProcessRegistry
from .results import Results
from .strand import StrandCluster, StrandInstall, StrandSystem
from .systems import AdminRunner
from .workloads import FULL, QUICK, WorkloadRunner

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO = BENCH_DIR.parent
ALL_SYSTEMS = ("kafka", "kafka-fsync", "strand")
ALL_WORKLOADS = ("W1", "W2", "W3", "W4", "W5", "W6")
SESSION_ORDER = ("W1", "W3", "W2", "W4", "W5")  # W3 reads W1's data; W5 kills a node, so it comes last


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__)
    p.add_argument("--systems", default=",".join(ALL_SYSTEMS), help="comma list of kafka, kafka-fsync, strand")
    p.add_argument("--nodes", type=int, choices=(1, 3), default=3,
                   help="3: cluster with replication factor 3; 1: single node, RF 1 (W1-W4 only)")
    p.add_argument("--runs", type=int, help="measured repetitions per workload (default 3; --quick: 1)")
    p.add_argument("--workloads", default=",".join(ALL_WORKLOADS), help="comma list of W1..W6")
    p.add_argument("--warmup", type=int, help="unmeasured W1+W3 pairs per cluster start (default 3; --quick: 0)")
    p.add_argument("--quick", action="store_true", help="smoke test: tiny record counts, 1 run, no warm-up")
    p.add_argument("--w6-runs", type=int, default=1, help="W6 repetitions (each is a fresh cluster; default 1)")
    p.add_argument("--w6-partitions", help="comma list of W6 partition counts (default 100,250,500,1000)")
    p.add_argument("--quiet-threshold", type=float, default=10.0,
                   help="others may use at most this %% of the machine before and during a run (default 10)")
    p.add_argument("--quiet-timeout", type=float, help="longest wait for a quiet machine, s (default 900; --quick: 30)")
    p.add_argument("--max-redo", type=int, help="repeat a run this often if it was noisy (default 1; --quick: 0)")
    p.add_argument("--results", type=Path, help="results directory (default bench/results/<UTC time>)")
    p.add_argument("--scratch", type=Path, default=BENCH_DIR / "work",
                   help="parent of the scratch directory for data and logs, deleted afterwards (default bench/work)")
    args = p.parse_args(argv)
    args.systems = _choices(args.systems, ALL_SYSTEMS, "system")
    args.workloads = _choices(args.workloads.upper(), ALL_WORKLOADS, "workload")
    args.runs = args.runs or (1 if args.quick else 3)
    args.warmup = args.warmup if args.warmup is not None else (0 if args.quick else 3)
    args.max_redo = args.max_redo if args.max_redo is not None else (0 if args.quick else 1)
    args.quiet_timeout = args.quiet_timeout if args.quiet_timeout is not None else (30 if args.quick else 900)
    if args.nodes == 1 and {"W5", "W6"} & set(args.workloads):
        print("note: W5 and W6 need 3 nodes; skipped with --nodes 1")
        args.workloads = [w for w in args.workloads if w not in ("W5", "W6")]
    return args


def _choices(text, allowed, what):
    chosen = [c.strip() for c in text.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in allowed]
    if unknown or not chosen:
        raise SystemExit(f"unknown {what}(s) {unknown}; choose from {', '.join(allowed)}")
    return [a for a in allowed if a in chosen]


class Benchmark:
    """Owns the scratch directory, the processes and the sessions (one cluster start each)."""

    def __init__(self, args, stamp):
        self.args = args
        self.sizes = QUICK if args.quick else FULL
        if args.w6_partitions:
            steps = tuple(int(n) for n in args.w6_partitions.split(","))
            self.sizes = type(self.sizes)(**{**self.sizes.__dict__, "w6_steps": steps})
        self.results_dir = args.results or BENCH_DIR / "results" / stamp
        self.scratch_parent_existed = args.scratch.exists()
        self.scratch = args.scratch / stamp
        self.raw_dir = self.results_dir / "raw"
        self.registry = ProcessRegistry(self.log)
        self.results = Results(self.results_dir, self._meta(stamp))
        self.kafka_dist = None
        self.strand = None

    def log(self, message):
        line = f"[{datetime.now(timezone.utc):%H:%M:%S}] {message}"
        print(line, flush=True)
        self.results_dir.mkdir(parents=True, exist_ok=True)
        with open(self.results_dir / "run.log", "a") as f:
            f.write(line + "\n")

    def run(self):
        self.scratch.mkdir(parents=True)
        groups = [g for g in ("kafka", "strand") if any(s.startswith(g) for s in self.args.systems)]
        if "kafka" in groups:
            self.kafka_dist = KafkaDistribution(BENCH_DIR, self.scratch, self.log)
            self.kafka_dist.prepare()
        if "strand" in groups:
            self.strand = StrandInstall(REPO, self.log)
            self.strand.prepare()
        session_workloads = [w for w in SESSION_ORDER if w in self.args.workloads]
        for rep in range(1, self.args.runs + 1):
            if session_workloads:
                for group in _alternate(groups, rep):
                    self._session(group, rep, session_workloads, self.args.warmup)
        # W6 measures idle brokers, where flush.messages plays no part: only the kafka and strand rows.
        scale_groups = [g for g in groups if g in self.args.systems]
        if "W6" in self.args.workloads:
            for rep in range(1, self.args.w6_runs + 1):
                for group in _alternate(scale_groups, rep):
                    self._session(group, rep, ["W6"], warmup=0, variants=[group])

    def _session(self, group, rep, workloads, warmup, variants=None):
        root = self.scratch / f"{group}-r{rep}-{'-'.join(workloads)}"
        admin = AdminRunner(self.registry, root / "admin", dict(os.environ))
        cluster = self._cluster(group, root, admin)
        self.log(f"== {group} cluster ({self.args.nodes} node(s)), repetition {rep}: {', '.join(workloads)}")
        suts = self._variants(group, cluster, admin, variants)
        try:
            cluster.start()
            runners = [WorkloadRunner(s, self.registry, self.results, self.sizes, self.raw_dir,
                                      self.args.quiet_threshold, self.args.quiet_timeout, self.args.max_redo,
                                      self.log) for s in suts]
            runners[0].warm_up(warmup)
            for workload in workloads:
                for runner in _alternate(runners, rep):
                    runner.run(workload, rep)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            # The cluster itself failed (start, warm-up): record it against every workload of the session.
            self.log(f"{group} session r{rep} FAILED: {e}")
            for sut in suts:
                for workload in workloads:
                    self.results.fail(sut.name, workload, rep, f"{group} cluster: {e}")
        finally:
            exits = cluster.unexpected_exits()
            if exits:
                self.log(f"{group} node(s) exited on their own during the session (node: exit code): {exits}")
            self.log(f"stopping the {group} cluster; node log tails go to {self.raw_dir}")
            cluster.save_logs(self.raw_dir, root.name)
            cluster.stop()
            shutil.rmtree(root, ignore_errors=True)

    def _cluster(self, group, root, admin):
        if group == "kafka":
            return KafkaCluster(self.kafka_dist, self.registry, root, self.args.nodes, self.log)
        return StrandCluster(self.strand, self.registry, admin, root, self.args.nodes, self.log)

    def _variants(self, group, cluster, admin, only):
        names = [s for s in self.args.systems if s.startswith(group) and (only is None or s in only)]
        if group == "strand":
            return [StrandSystem(cluster, self.strand, admin)]
        return [KafkaSystem(cluster, self.kafka_dist, admin, fsync_each_message=(n == "kafka-fsync")) for n in names]

    def finish(self):
        """Always runs: stop every process we started, delete the scratch data, write the tables."""
        self.registry.cleanup()
        shutil.rmtree(self.scratch, ignore_errors=True)
        if not self.scratch_parent_existed:
            shutil.rmtree(self.args.scratch, ignore_errors=True)
        tables = report.render(self.results, self.args.systems, self.args.workloads) or "(no measured runs)\n"
        steps = report.render_scale_steps(self.results)
        header = _header(self.results.meta)
        (self.results_dir / "results.md").write_text(header + "\n" + tables + "\n" + steps)
        print("\n" + tables + "\n" + steps, flush=True)
        self.log(f"results: {self.results_dir / 'results.md'} (raw tool output in {self.raw_dir})")

    def _meta(self, stamp):
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
        commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                                text=True).stdout.strip()
        mem = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
        args = {k: ",".join(v) if isinstance(v, list) else str(v) for k, v in vars(self.args).items()}
        return {"started_utc": stamp, "args": args,
                "sizes": self.sizes.__dict__, "kafka_version": KAFKA_VERSION, "strand_commit": commit,
                "cpus": os.cpu_count(), "memory": mem.split(":")[1].strip(), "kernel": platform.release(),
                "java": java[0] if java else "?"}


def _alternate(items, rep):
    """Odd repetitions run in the given order, even ones reversed, so drift over time hits every system alike."""
    return list(items) if rep % 2 else list(reversed(items))


def _header(meta):
    args = meta["args"]
    shown = ("systems", "nodes", "runs", "workloads", "warmup", "quick", "quiet_threshold", "max_redo")
    return (f"# Strand vs Apache Kafka {meta['kafka_version']}: benchmark run {meta['started_utc']}\n\n"
            f"- Strand commit {meta['strand_commit']}; {meta['cpus']} CPUs, {meta['memory']} RAM, "
            f"kernel {meta['kernel']}, {meta['java']}\n"
            f"- Options: " + ", ".join(f"{k}={args[k]}" for k in shown) + "\n"
            f"- Sizes: " + ", ".join(f"{k}={v}" for k, v in meta["sizes"].items()) + "\n"
            f"- Cells: median [min–max] over the counted runs (n); ratios are of medians.\n")


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv):
    args = parse_args(argv)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    bench = Benchmark(args, stamp)
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGHUP, _raise_exit)
    started = time.monotonic()
    try:
        bench.run()
        return 1 if bench.results.failures else 0
    except KeyboardInterrupt:
        bench.log("interrupted; cleaning up")
        return 130
    except (RuntimeError, subprocess.CalledProcessError) as e:
        bench.log(f"FAILED: {e}")
        return 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        bench.finish()
        bench.log(f"done in {(time.monotonic() - started) / 60:.1f} min")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
