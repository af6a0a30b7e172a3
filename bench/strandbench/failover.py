"""W5: time from SIGKILL of a partition's leader to the first acknowledged produce on that partition.

An acking producer (Kafka: bench/kafka/probe/KafkaAckingProducer; Strand: `strand produce --print-acks`) gets
one record per stdin line at a fixed rate, all for one partition, and prints one line per acknowledged record.
The harness kills the partition leader's process group with SIGKILL while records flow, then waits for the ack
of a record sent after the kill. Ack times are taken when the harness reads the line (both tools flush per ack).
"""
import subprocess
import threading
import time

SEQ_DIGITS = 10


class FailoverProbe:
    """Feeds records at a fixed rate and timestamps acknowledgements; one instance per measured run."""

    def __init__(self, registry, command, env, label, err_path, rate, record_size):
        self._registry, self._rate = registry, rate
        self._padding = "x" * max(0, record_size - SEQ_DIGITS - 1)
        self._err = open(err_path, "wb")
        self._proc = registry.start(command.argv, label, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=self._err, env=env)
        self.sent = []   # monotonic send time, index = sequence number
        self.acks = []   # (sequence number, monotonic read time)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._feed, daemon=True),
                         threading.Thread(target=self._read, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _feed(self):
        started, seq = time.monotonic(), 0
        while not self._stop.is_set():
            delay = started + seq / self._rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # pacing the load, not waiting for a condition
            self.sent.append(time.monotonic())
            try:
                self._proc.stdin.write(f"{seq:0{SEQ_DIGITS}d} {self._padding}\n".encode())
                self._proc.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                return
            seq += 1

    def _read(self):
        for line in self._proc.stdout:
            fields = line.split(b"\t", 2)
            if len(fields) == 3 and fields[2][:SEQ_DIGITS].isdigit():
                self.acks.append((int(fields[2][:SEQ_DIGITS]), time.monotonic()))

    def alive(self):
        return self._proc.poll() is None

    def first_ack_from(self, seq):
        """Read time of the first ack for a record numbered >= seq, or None."""
        return next((t for s, t in list(self.acks) if s >= seq), None)

    def close(self, timeout_s=60):
        """Stops feeding, lets the producer drain and exit; returns its exit code (None if it had to be killed)."""
        self._stop.set()
        self._threads[0].join(timeout=5)
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            rc = self._proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            rc = None
        self._registry.stop(self._proc, grace=5)
        self._threads[1].join(timeout=5)
        self._err.close()
        return rc


def measure_failover(sut, registry, topic, partition, victim, sizes, raw_dir, label, log) -> dict:
    command = sut.acking_producer(topic, partition)
    probe = FailoverProbe(registry, command, sut.admin.environment(command), label, raw_dir / f"{label}.err",
                          sizes.w5_rate, sizes.record_size)
    try:
        # Lead time counts from the first ack: a tool JVM can take seconds to start on a busy machine.
        _await(lambda: probe.acks and time.monotonic() - probe.acks[0][1] >= sizes.w5_lead_s,
               sizes.w5_lead_s + 120, probe, "no acknowledgement before the kill")
        kill_seq, killed_at = len(probe.sent), time.monotonic()
        log(f"  SIGKILL node {victim} (leader of {topic}/{partition}) after {len(probe.acks)} acks")
        sut.cluster.kill_node(victim)
        _await(lambda: probe.first_ack_from(kill_seq) is not None, sizes.w5_timeout_s, probe,
               f"no acknowledgement within {sizes.w5_timeout_s:.0f} s of the kill")
        first_ack = probe.first_ack_from(kill_seq)
        settle_until = time.monotonic() + 2
        _await(lambda: time.monotonic() >= settle_until, 5, probe, "")
    finally:
        rc = probe.close()
    ack_times = sorted(t for _, t in probe.acks)
    around = [t for t in ack_times if killed_at - 1 <= t <= first_ack + 1]
    gap = max((b - a for a, b in zip(around, around[1:])), default=first_ack - killed_at)
    return {"failover_s": round(first_ack - killed_at, 3), "max_ack_gap_s": round(gap, 3),
            "sent": len(probe.sent), "acked": len(probe.acks), "producer_exit": -1 if rc is None else rc}


def _await(condition, timeout_s, probe, failure):
    deadline = time.monotonic() + timeout_s
    while not condition():
        if not probe.alive():
            raise RuntimeError(f"acking producer exited early ({failure or 'while settling'})")
        if time.monotonic() > deadline:
            if failure:
                raise RuntimeError(failure)
            return
        time.sleep(0.005)
