"""The benchmark's own environment: bench/.venv with studyguide, WeasyPrint and Typst, Debian's
pandoc.

WeasyPrint is Pandoc's PDF engine for the reference runs, and Typst (the `typst` package from
PyPI: the compiler as a Python extension) compiles the reference handout; both live only in
the bench's environment and are never a dependency of studyguide. studyguide is installed from the
repository without `-e`, so the `studyguide` console script is the real entry point and every
run measures the code as it is now.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Environment:
    """Where the measured programs are, and what the machine is."""

    venv: Path
    pandoc: str
    machine: dict[str, str]

    @property
    def studyguide(self) -> str:
        return str(self.venv / "bin" / "studyguide")

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    def run_env(self) -> dict[str, str]:
        """The environment every measured process gets: the bench venv first on PATH, so
        pandoc finds weasyprint, and nothing that would change how Python starts."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "VIRTUAL_ENV", "SOURCE_DATE"))}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
        env["LC_ALL"] = "C.UTF-8"
        return env


def _run(argv: list[str], log: Path) -> None:
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(argv)}\n")
        out.flush()
        subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, check=True)


def _ensure_tool(command: str, package: str, log: Path) -> str:
    """A Debian tool; installed with apt-get when missing (update only if the first try fails)."""
    found = shutil.which(command)
    if found:
        return found
    env_install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package]
    try:
        _run(env_install, log)
    except subprocess.CalledProcessError:
        _run(["apt-get", "update", "-qq"], log)
        _run(env_install, log)
    found = shutil.which(command)
    if not found:
        raise RuntimeError(f"{command} is still missing after apt-get install {package}")
    return found


def _ensure_venv(repo: Path, venv: Path, log: Path) -> None:
    """Create bench/.venv once; reinstall studyguide from the repository on every run."""
    python = venv / "bin" / "python"
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(venv)], log)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # The first install brings studyguide's dependencies, WeasyPrint and Typst (a no-op once
    # there); the second replaces the installed studyguide with the code as it is now.
    _run(pip + [str(repo), "weasyprint", "typst"], log)
    _run(pip + ["--force-reinstall", "--no-deps", str(repo)], log)


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (out.strip().splitlines() or ["unknown"])[0]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit(repo: Path) -> str:
    head = _version(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
    dirty = _version(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"])
    return head + (" (with uncommitted changes)" if dirty != "unknown" and dirty else "")


def _spin(_: int) -> float:
    start, total = time.perf_counter(), 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - start


def cpu_scaling() -> tuple[float, float]:
    """How many cores' worth of pure-Python work two processes get at once (2.0 on an idle
    two-core machine, less while other work competes for the cores and skews every figure),
    and the median seconds one process takes for 5 million additions alone: machines of the
    same name differ from day to day, and the absolute rows (watch) move with this figure."""
    from concurrent.futures import ProcessPoolExecutor

    ratios, alones = [], []
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, range(2)))  # start both workers before timing
        for _ in range(3):
            alone = pool.submit(_spin, 0).result()
            start = time.perf_counter()
            list(pool.map(_spin, range(2)))
            ratios.append(2 * alone / (time.perf_counter() - start))
            alones.append(alone)
    return sorted(ratios)[1], sorted(alones)[1]


def prepare(repo: Path, bench: Path, log: Path) -> Environment:
    """Install what the benchmark compares, and describe the machine it runs on."""
    pandoc = _ensure_tool("pandoc", "pandoc", log)
    _ensure_tool("pdfinfo", "poppler-utils", log)  # the Typst rows' page counts
    venv = bench / ".venv"
    _ensure_venv(repo, venv, log)
    python = str(venv / "bin" / "python")
    machine = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": _cpu_model(),
        "cores": str(len(os.sched_getaffinity(0))),
        "python": _version([python, "--version"]),
        "pandoc": _version([pandoc, "--version"]),
        "weasyprint": _version([str(venv / "bin" / "weasyprint"), "--version"]),
        "typst": "typst (Python package) " + _version(
            [python, "-c", "from importlib.metadata import version; print(version('typst'))"]),
        "studyguide": f"{_version([str(venv / 'bin' / 'studyguide'), '--version'])}, "
                      f"commit {_commit(repo)}",
        "system": f"{platform.system()} {platform.release()}",
    }
    return Environment(venv, pandoc, machine)
