"""Starting, signalling and reaping the processes the benchmark owns.

Every process is started in a session of its own, so a terminal Ctrl-C reaches only the harness (which then
cleans up in order) and a node can be killed together with any wrapper script that launched its JVM. Only
process groups whose leader this registry started are ever signalled.
"""
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class ToolRun:
    """Outcome of one finished tool invocation."""
    returncode: int
    seconds: float
    stdout_path: Path
    stderr_path: Path

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


class ToolFailed(RuntimeError):
    """A tool exited non-zero or timed out; the message names it and quotes its last output lines."""


class ProcessRegistry:
    """The processes this benchmark started; cleanup() stops whatever is still running."""

    def __init__(self, log):
        self._log = log
        self._live = {}  # pid -> (Popen, label)

    def start(self, argv, label, *, stdout, stderr, env=None, cwd=None, stdin=subprocess.DEVNULL):
        proc = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr, env=env, cwd=cwd,
                                start_new_session=True)
        self._live[proc.pid] = (proc, label)
        return proc

    def run(self, argv, label, out_dir: Path, *, timeout: float, env=None, check=True) -> ToolRun:
        """Runs a tool to completion, its output going to out_dir/<label>.out/.err."""
        out_dir.mkdir(parents=True, exist_ok=True)
        out_path, err_path = out_dir / f"{label}.out", out_dir / f"{label}.err"
        started = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = self.start(argv, label, stdout=out, stderr=err, env=env)
            try:
                rc = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.stop(proc, grace=5)
                raise ToolFailed(f"{label} did not finish within {timeout:.0f} s; output in {out_path}")
            # Forgotten only once finished: on Ctrl-C it stays registered, so cleanup() stops it.
            self._forget(proc)
        result = ToolRun(rc, time.monotonic() - started, out_path, err_path)
        if check and rc != 0:
            tail = (result.stderr().strip() or result.stdout().strip()).splitlines()[-5:]
            raise ToolFailed(f"{label} exited with {rc}: " + " | ".join(tail))
        return result

    def kill(self, proc):
        """SIGKILL to the process group, without grace; used for the failover workload."""
        self._signal_group(proc, signal.SIGKILL)
        proc.wait()
        self._signal_group_members(proc.pid, signal.SIGKILL)
        self._forget(proc)

    def stop(self, proc, grace: float):
        """SIGTERM to the process group, then SIGKILL for anything left after `grace` seconds."""
        if proc.poll() is None:
            self._signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self._log(f"{self._label(proc)} (pid {proc.pid}) ignored SIGTERM for {grace:.0f} s; SIGKILL")
                self._signal_group(proc, signal.SIGKILL)
                proc.wait()
        self._signal_group_members(proc.pid, signal.SIGKILL)
        self._forget(proc)

    def stop_all(self, procs, grace: float):
        """Stops several processes in parallel: all get SIGTERM first, then each is awaited."""
        for proc in procs:
            if proc.poll() is None:
                self._signal_group(proc, signal.SIGTERM)
        for proc in procs:
            self.stop(proc, grace)

    def cleanup(self):
        """Stops every process still registered (on normal exit, failure and Ctrl-C alike)."""
        live = [proc for proc, _ in self._live.values()]
        if live:
            self._log(f"cleanup: stopping {len(live)} process(es) the benchmark started")
        self.stop_all(live, grace=30)

    def java_pid(self, proc):
        """The JVM in proc's process group (proc itself, or the java a wrapper script started); None if gone."""
        for pid in group_members(proc.pid):
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                    return pid
            except OSError:
                continue
        return None

    def _label(self, proc):
        return self._live.get(proc.pid, (None, "process"))[1]

    def _forget(self, proc):
        self._live.pop(proc.pid, None)

    @staticmethod
    def _signal_group(proc, sig):
        # Only while the leader is not yet reaped: its pid (= the group id) cannot have been reused.
        if proc.returncode is None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass

    @staticmethod
    def _signal_group_members(pgid, sig):
        # A reaped leader can leave members behind (a JVM outliving its wrapper); the group id stays reserved
        # while members exist, so signalling the group is still safe when /proc shows members.
        if group_members(pgid):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                pass


def group_members(pgid):
    """Pids whose process group is pgid, from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = read_stat(int(entry))
        if stat and int(stat[2]) == pgid:  # fields after comm: state, ppid, pgrp, ...
            members.append(int(entry))
    return members


def read_stat(pid):
    """/proc/PID/stat fields after the command name (index 0 = state), or None if the process is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()
