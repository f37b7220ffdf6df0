"""Benchmark studyguide against Typst and Pandoc and write bench/RESULTS.md.

    python bench/run.py            # the full run (at most 20 minutes on 2 cores); also README
    python bench/run.py --quick    # fewer repetitions, to try it out (minutes, not the figures)
    python bench/run.py --only help --only check   # some workloads (RESULTS.md has only those)

It sets up what it compares against (Debian's pandoc, installed with apt-get when missing;
WeasyPrint and Typst from PyPI in bench/.venv, which also gets studyguide installed from this
checkout), generates its inputs under bench/.work/, times whole processes with A and B runs
alternating, profiles a cold build and `check`, and writes bench/RESULTS.md. A full run of
every workload also rewrites the marked part of README.md's Speed section from the same
figures. Logs of every run are kept in bench/.work/logs/.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import environment  # noqa: E402 - bench/ is not a package; its modules sit beside this file
import generate  # noqa: E402
import report  # noqa: E402
from measure import Runner  # noqa: E402
from workloads import FULL, QUICK, WORKLOADS, Bench, Row, profiles  # noqa: E402

REPO = BENCH.parent
WORK = BENCH / ".work"


def say(line: str) -> None:
    print(line, flush=True)


def machine_state() -> str:
    """The load average, how many cores two processes get (other work skews every figure) and
    how fast one process is."""
    scaling, alone = environment.cpu_scaling()
    return (f"load {os.getloadavg()[0]:.2f}, two-process CPU scaling {scaling:.2f}, "
            f"one process's 5 million Python additions {alone:.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, to try it out")
    parser.add_argument("--only", action="append", choices=sorted(WORKLOADS),
                        help="run only this workload (repeatable)")
    parser.add_argument("--no-profile", action="store_true", help="skip cProfile/importtime")
    args = parser.parse_args()

    started, state_start = time.perf_counter(), machine_state()
    WORK.mkdir(parents=True, exist_ok=True)
    say("setting up bench/.venv, studyguide from this checkout, WeasyPrint and pandoc ...")
    env = environment.prepare(REPO, BENCH, WORK / "setup.log")
    say("generating inputs under bench/.work/ ...")
    projects = generate.make_inputs(REPO, WORK / "projects")
    repeats = QUICK if args.quick else FULL
    env.machine["rounds"] = (
        f"{repeats.single} for single documents and rebuilds, {repeats.fast} for `--help`, "
        f"`check` and one PDF edition cold (each after {repeats.warmup} warm-up), "
        f"{repeats.fast} warm layouts in one process (after 3), {repeats.saves} saves under "
        f"`watch` (after 1), {repeats.long} for the 100-outline builds (after "
        f"{repeats.long_warmup})")
    logs = WORK / "logs"
    bench = Bench(env, Runner(env.run_env(), logs), projects, repeats, say)

    rows: list[Row] = []
    for name, workload in WORKLOADS.items():
        if args.only is None or name in args.only:
            rows += workload(bench)
    spots = [] if args.no_profile else profiles(bench, WORK / "profiles")
    env.machine["at start"], env.machine["at end"] = state_start, machine_state()
    env.machine["run time"] = f"{time.perf_counter() - started:.0f} s for the whole run"
    report.write(BENCH / "RESULTS.md", env.machine, rows, spots, repeats.warmup, args.quick)
    say(f"wrote bench/RESULTS.md in {time.perf_counter() - started:.0f} s")
    # Only a full run of every workload speaks for the project: it alone updates the README.
    if not args.quick and args.only is None:
        if report.replace_speed(REPO / "README.md", report.speed_snippet(env.machine, rows)):
            say("updated README.md's Speed section from the same figures")
        else:
            say("README.md has no Speed markers: its Speed section was not updated")
    for row in rows:
        say(report.table_line(row, repeats.warmup))
    return 0


if __name__ == "__main__":
    sys.exit(main())
