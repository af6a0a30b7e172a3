"""Parsers for the perf tools' output.

Strand's perf commands print the same shapes as Kafka's tools (issue 4), so one parser serves both systems.
Each parser returns a dict of floats and raises ValueError when the output lacks the summary.
"""
import re

_NUM = r"([\d.]+)"

# ProducerPerformance final line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
# P ms 50th, P ms 95th, P ms 99th, P ms 99.9th."
_PRODUCE_SUMMARY = re.compile(
    rf"^\s*(\d+)[^,\n]*records sent, {_NUM} records/sec \({_NUM} MB/sec\), {_NUM} ms avg latency, "
    rf"{_NUM} ms max latency, {_NUM} ms 50th, {_NUM} ms 95th, {_NUM} ms 99th, {_NUM} ms 99\.9th", re.MULTILINE)


def produce_summary(text: str) -> dict:
    matches = _PRODUCE_SUMMARY.findall(text)
    if not matches:
        raise ValueError("no final 'records sent ... 99.9th' summary line in the producer output")
    records, rps, mib, avg, mx, p50, p95, p99, p999 = (float(x) for x in matches[-1])
    return {"records": records, "records_s": rps, "mib_s": mib, "avg_ms": avg, "max_ms": mx,
            "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "p999_ms": p999}


def consume_summary(text: str) -> dict:
    """ConsumerPerformance: a 'start.time, end.time, ...' header line of comma-separated names, then one line of
    values. (A progress header, 'time, threadId, ...', may come first; it is not the summary.)"""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines[:-1]):
        if line.startswith("start.time") and "MB.sec" in line:
            names = [n.strip() for n in line.split(",")]
            values = [v.strip() for v in lines[i + 1].split(",")]
            row = dict(zip(names, values))
            result = {"mib": float(row["data.consumed.in.MB"]), "mib_s": float(row["MB.sec"]),
                      "records": float(row["data.consumed.in.nMsg"]), "records_s": float(row["nMsg.sec"])}
            if "fetch.MB.sec" in row:
                result["fetch_mib_s"] = float(row["fetch.MB.sec"])
                result["rebalance_ms"] = float(row.get("rebalance.time.ms", 0))
            else:
                result["fetch_mib_s"] = result["mib_s"]
            return result
    raise ValueError("no 'data.consumed.in.MB, MB.sec, ...' header followed by values in the consumer output")


_E2E_AVG = re.compile(rf"Avg latency:\s*{_NUM}\s*ms")
# Whole milliseconds, as Kafka's EndToEndLatency truncates them; the comparable figures.
_E2E_PCT = re.compile(rf"Percentiles:\s*50th\s*=\s*{_NUM},\s*99th\s*=\s*{_NUM},\s*99\.9th\s*=\s*{_NUM}")
# Strand's perf-e2e adds an untruncated line; kept in the raw results, not compared.
_E2E_PRECISE = re.compile(rf"Percentiles \(ms\):\s*50th\s*=\s*{_NUM},\s*99th\s*=\s*{_NUM},\s*99\.9th\s*=\s*{_NUM}")


def end_to_end_summary(text: str) -> dict:
    """EndToEndLatency: 'Avg latency: A ms' and 'Percentiles: 50th = a, 99th = b, 99.9th = c' (whole ms)."""
    avg, pct = _E2E_AVG.findall(text), _E2E_PCT.findall(text)
    if not avg or not pct:
        raise ValueError("no 'Avg latency' / 'Percentiles: 50th = ...' lines in the end-to-end output")
    p50, p99, p999 = (float(x) for x in pct[-1])
    result = {"avg_ms": float(avg[-1]), "p50_ms": p50, "p99_ms": p99, "p999_ms": p999}
    precise = _E2E_PRECISE.findall(text)
    if precise:
        result.update(zip(("p50_ms_precise", "p99_ms_precise", "p999_ms_precise"), map(float, precise[-1])))
    return result


_KV_LEADER = re.compile(r"\bpartition\b\s*[:=]?\s*(\d+).*?\bleader\b\s*[:=]?\s*(-?\d+|none)", re.IGNORECASE)


def partition_leaders(text: str) -> dict:
    """Partition -> leader node id (-1 = none) from a topic description.

    Understands Kafka's TopicCommand lines ("Partition: 0  Leader: 2  Replicas: ...") and a table with a header
    row naming PARTITION and LEADER columns (whitespace separated), which is how CLI tables usually look.
    """
    leaders = {}
    lines = text.splitlines()
    for line in lines:
        match = _KV_LEADER.search(line)
        if match:
            leaders[int(match.group(1))] = _leader_id(match.group(2))
    if leaders:
        return leaders
    for i, line in enumerate(lines):
        header = [h.lower() for h in line.split()]
        if "partition" in header and "leader" in header:
            p_col, l_col = header.index("partition"), header.index("leader")
            for row in lines[i + 1:]:
                cells = row.split()
                if len(cells) > max(p_col, l_col) and cells[p_col].isdigit():
                    leaders[int(cells[p_col])] = _leader_id(cells[l_col])
            break
    return leaders


def _leader_id(text: str) -> int:
    text = text.strip().lower()
    return int(text) if text.lstrip("-").isdigit() else -1


def alive_nodes(text: str) -> int:
    """Rows of `strand cluster describe` (ID ADDRESS RAFT ALIVE ...) whose ALIVE column says yes."""
    rows = [line.split() for line in text.splitlines()]
    header = next((row for row in rows if "ALIVE" in row), None)
    if header is None:
        return 0
    column = header.index("ALIVE")
    return sum(1 for row in rows if row and row[0].isdigit() and len(row) > column and row[column] == "yes")


_CONTROLLER = re.compile(r"\b(?:LeaderId|controller(?:[ _-]?id)?)\b\s*[:=]?\s*(\d+)", re.IGNORECASE)


def controller_id(text: str):
    """Metadata/controller leader: Kafka's MetadataQuorumCommand prints 'LeaderId: 1'; `strand cluster describe`
    prints a node table whose ROLE column says 'metadata-leader' on that node's row (first column = id)."""
    for line in text.splitlines():
        cells = line.split()
        if "metadata-leader" in cells and cells[0].isdigit():
            return int(cells[0])
    match = _CONTROLLER.search(text)
    return int(match.group(1)) if match else None
