"""Every measured run, kept as it happens in results.json (so a failed or interrupted benchmark keeps what it
measured), and the choice of which runs count."""
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class RunRecord:
    """One measured run of one workload on one system."""
    system: str
    workload: str
    rep: int
    attempt: int
    metrics: dict
    cpu: dict      # shares of the whole machine during the run, percent (others, nodes, tools, steal)
    gate: dict     # the quiet-machine wait before the run
    noisy: bool    # others used more than the threshold during the run
    note: str = ""
    detail: list = field(default_factory=list)


class Results:
    def __init__(self, out_dir: Path, meta: dict):
        self.out_dir, self.meta = out_dir, meta
        self.runs, self.failures = [], []

    def add(self, record: RunRecord):
        self.runs.append(record)
        self.save()

    def fail(self, system, workload, rep, message):
        self.failures.append({"system": system, "workload": workload, "rep": rep, "error": message})
        self.save()

    def save(self):
        self.out_dir.mkdir(parents=True, exist_ok=True)
        data = {"meta": self.meta, "runs": [asdict(r) for r in self.runs], "failures": self.failures}
        (self.out_dir / "results.json").write_text(json.dumps(data, indent=1, default=str))

    def counted(self, system, workload):
        """Per repetition the last quiet attempt, else the last attempt (then flagged noisy)."""
        chosen = {}
        for record in self.runs:
            if record.system != system or record.workload != workload:
                continue
            previous = chosen.get(record.rep)
            if previous is None or not record.noisy or previous.noisy:
                chosen[record.rep] = record
        return [chosen[rep] for rep in sorted(chosen)]
