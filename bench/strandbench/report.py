"""One Markdown table per workload: each system's median [min–max] over the counted runs, and Strand's ratios."""
import statistics

WORKLOADS = {
    "W1": ("W1 peak produce throughput (acks=all, unthrottled, batch 64 KiB, linger 5 ms)", [
        ("mib_s", "throughput, MiB/s", "higher"),
        ("records_s", "throughput, records/s", "higher"),
        ("avg_ms", "avg latency, ms (saturated: mostly queueing in the producer)", "lower"),
        ("p99_ms", "p99 latency, ms (saturated)", "lower")]),
    "W2": ("W2 produce latency at a fixed 5,000 records/s (acks=all, batch 64 KiB, linger 5 ms)", [
        ("p50_ms", "p50 latency, ms", "lower"),
        ("p99_ms", "p99 latency, ms", "lower"),
        ("p999_ms", "p99.9 latency, ms", "lower"),
        ("avg_ms", "avg latency, ms", "lower"),
        ("records_s", "achieved records/s", "higher")]),
    "W3": ("W3 consumer catch-up over W1's data (from offset 0)", [
        ("fetch_mib_s", "throughput, MiB/s (fetching; Kafka's group join excluded)", "higher"),
        ("mib_s", "throughput, MiB/s (whole run)", "higher")]),
    "W4": ("W4 end-to-end latency, produce (acks=all) to consume, one record at a time", [
        ("avg_ms", "avg, ms", "lower"),
        ("p50_ms", "p50, ms (whole ms)", "lower"),
        ("p99_ms", "p99, ms (whole ms)", "lower"),
        ("p999_ms", "p99.9, ms (whole ms)", "lower")]),
    "W5": ("W5 failover: SIGKILL of a partition leader while producing at a fixed rate", [
        ("failover_s", "kill to first ack of a record sent after it, s", "lower"),
        ("max_ack_gap_s", "longest gap between acks, s", "lower")]),
    "W6": ("W6 scale: idle nodes with N partitions, replication factor 3", [
        ("stable_partitions", "largest stable partition count", "higher"),
        ("idle_cpu_pct", "idle CPU per node at that count, % of one core", "lower"),
        ("rss_mib", "RSS per node at that count, MiB", "lower"),
        ("threads", "threads per node at that count", "lower"),
        ("cpu_pct_per_100_partitions", "idle CPU per 100 partitions, % of one core", "lower"),
        ("rss_kib_per_partition", "RSS per partition, KiB", "lower"),
        ("threads_per_partition", "threads per partition", "lower")]),
}

BASELINES = ("kafka", "kafka-fsync")


def _fmt(value):
    if value is None or value != value:
        return "–"
    magnitude = abs(value)
    if float(value).is_integer() and magnitude >= 10:
        return f"{value:,.0f}"
    return f"{value:,.0f}" if magnitude >= 100 else f"{value:.1f}" if magnitude >= 10 else f"{value:.2f}"


def _cell(values):
    if not values:
        return "–"
    median = statistics.median(values)
    if len(values) == 1:
        return f"{_fmt(median)} (n=1)"
    return f"{_fmt(median)} [{_fmt(min(values))}–{_fmt(max(values))}] (n={len(values)})"


def render(results, systems, workloads) -> str:
    out = []
    for workload in workloads:
        title, metrics = WORKLOADS[workload]
        runs = {s: results.counted(s, workload) for s in systems}
        if not any(runs.values()) and not _failures(results, workload):
            continue
        shown = [s for s in systems if runs[s] or _failures(results, workload, s)]
        baselines = [b for b in BASELINES if b in shown and "strand" in shown]
        out.append(f"### {title}\n")
        out.append("| metric | " + " | ".join(shown) + "".join(f" | strand/{b}" for b in baselines) + " |")
        out.append("|---" * (1 + len(shown) + len(baselines)) + "|")
        for key, label, better in metrics:
            values = {s: [r.metrics[key] for r in runs[s] if key in r.metrics] for s in shown}
            if not any(values.values()):
                continue
            row = [f"{label} ({better} is better)"] + [_cell(values[s]) for s in shown]
            for base in baselines:
                if values["strand"] and values[base] and statistics.median(values[base]):
                    row.append(f"{statistics.median(values['strand']) / statistics.median(values[base]):.2f}×")
                else:
                    row.append("–")
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        out.extend(_footnotes(results, workload, shown, runs))
        out.append("")
    return "\n".join(out)


def _footnotes(results, workload, shown, runs):
    notes = []
    cpu = [f"{s} {min(r.cpu['others_pct'] for r in runs[s])}–{max(r.cpu['others_pct'] for r in runs[s])} %"
           for s in shown if runs[s]]
    if cpu:
        notes.append("Other processes' share of the machine during the counted runs: " + ", ".join(cpu) + ".")
    noisy = [f"{r.system} r{r.rep}" for s in shown for r in runs[s] if r.noisy]
    if noisy:
        notes.append("Noisy (others above the threshold even after a redo): " + ", ".join(noisy) + ".")
    for s in shown:
        for r in runs[s]:
            if r.note:
                notes.append(f"{s} r{r.rep}: {r.note}")
    for failure in _failures(results, workload):
        notes.append(f"FAILED {failure['system']} r{failure['rep']}: {failure['error']}")
    return [f"- {n}" for n in notes]


def _failures(results, workload, system=None):
    return [f for f in results.failures if f["workload"] == workload and system in (None, f["system"])]


def render_scale_steps(results) -> str:
    """The W6 step rows behind the summary table, per system and repetition."""
    out = []
    for record in results.runs:
        if record.workload != "W6" or not record.detail:
            continue
        out.append(f"W6 steps, {record.system} r{record.rep}:\n")
        out.append("| partitions | stable | idle CPU/node % of a core | RSS/node MiB | threads/node | "
                   "created in s | others % |")
        out.append("|---|---|---|---|---|---|---|")
        for row in record.detail:
            stable = "yes" if row["stable"] else f"no: {row['broke']}"
            out.append(f"| {row['partitions']} | {stable} | {_fmt(row.get('cpu_pct'))} | "
                       f"{_fmt(row.get('rss_mib'))} | {_fmt(row.get('threads'))} | {_fmt(row.get('create_s'))} | "
                       f"{_fmt(row.get('others_pct'))} |")
        out.append("")
    return "\n".join(out)
