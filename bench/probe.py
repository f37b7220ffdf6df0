"""Run one command and report its wall time, CPU time, exit code and peak memory as JSON.

    python probe.py RESULT.json COMMAND [ARG...]

The benchmark starts every measured command through this probe so that each measurement comes
from a fresh process: `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` is the peak resident set
of the largest process among all the children a process has waited for, so only a process whose
one child is the measured command reports that command's own peak. The probe's own start-up is
outside the timed span. The CPU time is user plus system time of the same RUSAGE_CHILDREN
record: every process of the tree that was waited for (pool workers, `xargs` children) is in
it. It inherits the benchmark's stdout and stderr (the run's log file).
"""

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    result_path, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    returncode = subprocess.run(argv).returncode
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = usage.ru_maxrss  # KiB on Linux
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                   "returncode": returncode, "peak_kib": peak_kib}, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
