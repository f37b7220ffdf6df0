"""Running the CLI in-process with a guard that turns a hang into a failure.

A SIGALRM raises Hang, which is not an Exception, so the CLI's last line of defence cannot
swallow it; a test asserts `not isinstance(result.exception, Hang)`. There is no wall-clock
assertion: the limit is far above any real run.
"""

from __future__ import annotations

import signal

from click.testing import CliRunner

from studyguide.cli import main


class Hang(BaseException):
    pass


def run_cli(args: list[str] | tuple[str, ...], seconds: int = 60):
    """Invoke the CLI with `args`, failing (not hanging) if it never returns."""
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
