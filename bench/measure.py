"""Timing whole processes: steps run in alternation, warm-up rounds first, then counted rounds.

A workload and its reference are steps of one cycle (A, B, A, B, ...), so a slow moment of the
machine falls on both sides instead of on one. A step may prepare its state first (remove the
output folder, edit an outline); preparing is never timed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PROBE = Path(__file__).with_name("probe.py")


@dataclass(frozen=True)
class Step:
    """One measured command: a name, the command, its folder, and what to do before it."""

    name: str
    argv: list[str]
    cwd: Path
    prepare: Callable[[], None] = lambda: None


@dataclass
class Samples:
    """The counted runs of one step."""

    name: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the whole tree
    peak_kib: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # log files of runs that exited non-zero

    @property
    def runs(self) -> int:
        return len(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def low(self) -> float:
        return min(self.seconds, default=float("nan"))

    @property
    def high(self) -> float:
        return max(self.seconds, default=float("nan"))

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def scaled(self, name: str, factor: float, cpu: bool = False) -> "Samples":
        """These runs' times (or CPU times) times `factor`: per outline, per page, ..."""
        values = self.cpu if cpu else self.seconds
        return Samples(name, [v * factor for v in values], [], self.peak_kib, self.failures)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib, default=0) / 1024


@dataclass(frozen=True)
class Runner:
    """Runs steps through the probe with one environment, logging each run's output."""

    env: dict[str, str]
    logs: Path

    def once(self, step: Step, label: str) -> dict:
        """Prepare and run `step` once; the probe's JSON plus the log file's path."""
        step.prepare()
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / f"{label}.log"
        result = self.logs / f"{label}.json"
        with open(log, "w", encoding="utf-8") as out:
            out.write(f"$ (cd {step.cwd} && {' '.join(step.argv)})\n")
            out.flush()
            subprocess.run([sys.executable, str(PROBE), str(result), *step.argv], cwd=step.cwd,
                           env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                           stderr=subprocess.STDOUT, check=True)
        measured = json.loads(result.read_text(encoding="utf-8"))
        measured["log"] = str(log)
        return measured

    def cycle(self, key: str, steps: list[Step], warmup: int, counted: int,
              say: Callable[[str], None]) -> dict[str, Samples]:
        """Run the steps in turn, `warmup` uncounted rounds then `counted` rounds."""
        samples = {s.name: Samples(s.name) for s in steps}
        for round_ in range(warmup + counted):
            counting = round_ >= warmup
            for step in steps:
                label = f"{key}-{step.name}-{'run' if counting else 'warmup'}{round_}"
                measured = self.once(step, label)
                say(f"  {step.name:<28} {'' if counting else '(warm-up) '}"
                    f"{measured['seconds']:7.3f} s  {measured['peak_kib'] / 1024:6.0f} MiB"
                    + ("" if measured["returncode"] == 0 else
                       f"  exit {measured['returncode']}, see {measured['log']}"))
                if not counting:
                    continue
                kept = samples[step.name]
                kept.seconds.append(measured["seconds"])
                kept.cpu.append(measured["cpu"])
                kept.peak_kib.append(measured["peak_kib"])
                if measured["returncode"] != 0:
                    kept.failures.append(measured["log"])
        return samples
