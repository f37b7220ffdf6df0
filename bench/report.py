"""Writing bench/RESULTS.md: the machine, one row per workload, notes, and the top costs."""

from __future__ import annotations

import math
from pathlib import Path

from hotspots import Hotspots, markdown
from workloads import Row

HEADER = ("| workload | runs | median s | min s | max s | reference median s | ratio | target "
          "| met? |")


def _seconds(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def _runs(row: Row, warmup: int) -> str:
    runs = f"{row.measured.runs}"
    if row.reference and row.reference.runs != row.measured.runs:
        runs += f" (reference {row.reference.runs})"
    warmup = warmup if row.warmup is None else row.warmup
    return runs + (f" + {warmup} warm-up" if warmup else "")


def _met(row: Row) -> str:
    if row.failures:
        return f"**no: {len(row.failures)} run(s) failed**"
    if row.retired:
        return "information (retired as a target)"
    return "yes" if row.met else "**no**"


def _ratio(row: Row) -> str:
    return "–" if row.reference is None or math.isnan(row.ratio) else f"{row.ratio:.3f}"


def table_line(row: Row, warmup: int) -> str:
    """One row of the results table."""
    m, ref = row.measured, row.reference
    reference = f"{_seconds(ref.median)} ({row.reference_name})" if ref else "–"
    return (f"| {row.workload} | {_runs(row, warmup)} | {_seconds(m.median)} | {_seconds(m.low)} "
            f"| {_seconds(m.high)} | {reference} | {_ratio(row)} | {row.target} "
            f"| {_met(row)} |")


SPEED_START = "<!-- bench/run.py writes from here: do not edit by hand -->"
SPEED_END = "<!-- bench/run.py writes up to here -->"


def _short(row: Row) -> str:
    """A row's figures for the README: median and reference, or the ratio."""
    if row.reference is None:
        return f"median {_seconds(row.measured.median)} s"
    return (f"{_seconds(row.measured.median)} s against {_seconds(row.reference.median)} s, "
            f"ratio {_ratio(row)}")


def speed_snippet(machine: dict[str, str], rows: list[Row]) -> list[str]:
    """The README's quotation of RESULTS.md: the machine and load, then every row."""
    lines = [SPEED_START, "",
             f"The latest full run of `python3 bench/run.py` ({machine.get('date', '?')}, "
             f"{machine.get('run time', '?')}): {machine.get('cores', '?')} cores, "
             f"{machine.get('cpu', '?')}, {machine.get('python', '?')}, "
             f"{machine.get('studyguide', '?')}; at start {machine.get('at start', '?')}; at end "
             f"{machine.get('at end', '?')} (CPU scaling 2.0 is an idle two-core machine).", "",
             "| workload | studyguide against the reference | target | met? |",
             "| --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {row.workload} (reference: {row.reference_name}) | {_short(row)} "
                     f"| {row.target} | {_met(row)} |")
    return lines + ["", SPEED_END]


def replace_speed(readme: Path, snippet: list[str]) -> bool:
    """Put `snippet` between the markers in the README; False when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(SPEED_START), text.find(SPEED_END)
    if start < 0 or end < start:
        return False
    text = text[:start] + "\n".join(snippet) + text[end + len(SPEED_END):]
    readme.write_text(text, encoding="utf-8")
    return True


def _notes(rows: list[Row]) -> list[str]:
    lines = []
    for number, row in enumerate(rows, 1):
        for note in row.notes:
            lines.append(f"* Row {number}: {note}.")
        for log in row.failures[:3]:
            lines.append(f"* Row {number}: a run exited non-zero; its output: `{log}`.")
    return lines


def write(path: Path, machine: dict[str, str], rows: list[Row], spots: list[Hotspots],
          warmup: int, quick: bool) -> None:
    """Write the whole results file."""
    lines = ["# Benchmark results", "",
             "Written by `python bench/run.py`" + (" --quick (fewer runs: not the issue's "
                                                   "figures)" if quick else "") +
             "; do not edit by hand. Every figure below comes from that one run.", ""]
    lines += [f"* {key}: {value}" for key, value in machine.items()]
    lines += ["", HEADER, "| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |"]
    lines += [table_line(row, warmup) for row in rows]
    lines += ["", "Times are wall-clock seconds of whole processes (`time.perf_counter` around "
              "`subprocess`, measured in a fresh probe process), with A and B runs alternating "
              "and warm-up runs not counted. Ratio is time / reference time; for throughput "
              "and speed-up it is reference time / time, so bigger is better there. studyguide "
              "runs as the console script of `bench/.venv`, from a scratch copy of the project "
              "under `bench/.work/`.", ""]
    lines += _notes(rows)
    if spots:
        lines += ["", "## Where the time goes", ""]
        for spot in spots:
            lines += markdown(spot)
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
