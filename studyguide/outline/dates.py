"""Historical dates: partial, circa, BC/AD, written-out months and ranges.

INTERFACE STUB -- the implementation is being written. Keep these names and signatures.
"""

from __future__ import annotations

from dataclasses import dataclass


class DateError(ValueError):
    """A date a teacher wrote that cannot be understood; the message says why."""


@dataclass(frozen=True)
class DatePoint:
    """A single point: `year` is historical (negative means BC, there is no year 0)."""

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False

    def sort_key(self) -> tuple[int, int, int]:
        raise NotImplementedError

    def as_years(self) -> float:
        """Position on a continuous axis in years (astronomical: 1 BC is 0.0)."""
        raise NotImplementedError

    def display(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class HistDate:
    """A date or a range of two dates (`end` is None for a single date)."""

    start: DatePoint
    end: DatePoint | None = None

    def sort_key(self) -> tuple:
        raise NotImplementedError

    def display(self) -> str:
        raise NotImplementedError


def parse_date(text: str) -> HistDate:
    """Parse a date as written in an outline; raises DateError with a teacher-readable message."""
    raise NotImplementedError
