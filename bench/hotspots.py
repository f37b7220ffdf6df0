"""Where the time goes: cProfile and `python -X importtime` on a build and on `check`.

These runs are not timed against anything; they tell whoever works on speed what to look at.
A build is profiled with `--jobs 1` so the rendering happens in the profiled process.
"""

from __future__ import annotations

import pstats
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TOP = 12


@dataclass(frozen=True)
class Hotspots:
    """The top costs of one command: own time, cumulative time inside studyguide, imports."""

    title: str
    command: str
    total_s: float
    own: list[tuple[str, float, float]]  # (function, own s, cumulative s)
    studyguide: list[tuple[str, float, float]]
    imports: list[tuple[str, float]]  # (top-level package, ms spent importing it)
    import_total_ms: float


def _where(func: tuple[str, int, str]) -> str:
    """`module.py:123(name)`, shortened to the part of the path after site-packages."""
    path, line, name = func
    path = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", path)
    return f"{name}" if path == "~" else f"{path}:{line}({name})"


def summarise_profile(prof: Path) -> tuple[float, list, list]:
    """Total time, the top functions by own time, and studyguide's top by cumulative time."""
    stats = pstats.Stats(str(prof))
    rows = [(func, tt, ct) for func, (_cc, _nc, tt, ct, _callers) in stats.stats.items()]
    own = sorted(rows, key=lambda r: r[1], reverse=True)[:TOP]
    ours = [r for r in rows if "/studyguide/" in r[0][0] and "cli.py" not in r[0][0]]
    ours = sorted(ours, key=lambda r: r[2], reverse=True)[:TOP]
    shown = [[(_where(f), tt, ct) for f, tt, ct in group] for group in (own, ours)]
    return stats.total_tt, shown[0], shown[1]


def summarise_importtime(stderr: str) -> tuple[float, list[tuple[str, float]]]:
    """Total import time and the costliest top-level packages, from `-X importtime` output."""
    per_package: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            own_us = int(line.split(":", 1)[1].split("|")[0])
        except ValueError:
            continue
        package = line.rsplit("|", 1)[1].strip().split(".")[0]
        per_package[package] = per_package.get(package, 0.0) + own_us / 1000
    ranked = sorted(per_package.items(), key=lambda item: item[1], reverse=True)[:TOP]
    return sum(per_package.values()), ranked


def imported_packages(stderr: str) -> set[str]:
    """Every top-level package named in `-X importtime` output."""
    return {line.rsplit("|", 1)[1].strip().split(".")[0]
            for line in stderr.splitlines()
            if line.startswith("import time:") and "self [us]" not in line}


def run_importtime(python: str, args: list[str], cwd: Path,
                   env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `python -X importtime -m studyguide ARGS`; its stderr holds the import times."""
    return subprocess.run([python, "-X", "importtime", "-m", "studyguide", *args], cwd=cwd,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)


def profile(title: str, python: str, args: list[str], cwd: Path, env: dict[str, str],
            out: Path) -> Hotspots:
    """Profile `studyguide ARGS` with cProfile, then again with -X importtime."""
    prof = out / f"{title.replace(' ', '-')}.prof"
    subprocess.run([python, "-m", "cProfile", "-o", str(prof), "-m", "studyguide", *args],
                   cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    total, own, ours = summarise_profile(prof)
    return Hotspots(title, "studyguide " + " ".join(args), total, own, ours, [], 0.0)


def with_imports(spots: Hotspots, stderr: str) -> Hotspots:
    """The same hotspots with the import costs of a second run added."""
    total_ms, ranked = summarise_importtime(stderr)
    return Hotspots(spots.title, spots.command, spots.total_s, spots.own, spots.studyguide,
                    ranked, total_ms)


def markdown(spots: Hotspots) -> list[str]:
    """A section of RESULTS.md for one profiled command."""
    lines = [f"### {spots.title}", "", f"`{spots.command}`: {spots.total_s:.2f} s under cProfile "
             f"(profiling slows it down); imports {spots.import_total_ms:.0f} ms "
             "under `-X importtime`.", "",
             "| own time s | cumulative s | function (top by own time) |", "| ---: | ---: | --- |"]
    lines += [f"| {tt:.3f} | {ct:.3f} | `{name}` |" for name, tt, ct in spots.own]
    lines += ["", "| own time s | cumulative s | studyguide function (top by cumulative) |",
              "| ---: | ---: | --- |"]
    lines += [f"| {tt:.3f} | {ct:.3f} | `{name}` |" for name, tt, ct in spots.studyguide]
    lines += ["", "| import ms | package |", "| ---: | --- |"]
    lines += [f"| {ms:.1f} | `{name}` |" for name, ms in spots.imports]
    return lines + [""]
