"""Historical dates: partial, circa, BC/AD, written-out months and ranges.

A date is a year, a year and month, or a full date, optionally `c.` (circa) and with an era
(`BC`, `BCE`, `AD`, `CE`; none means AD). A range joins two of them with `/`, an en dash or
` to `. In a range like `82/79 BC` the era written on the end also applies to a start that has
none, because that is how historians write BC spans. Years are historical: 44 BC is stored as
-44 and there is no year 0; leap years follow the proleptic Gregorian calendar.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MAX_LENGTH = 200
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_NUMBERS = {name: i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS.update({name[:3]: i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBERS["sept"] = 9
EXPECTED = "expected e.g. 1924, 1924-01-21, 21 January 1924, c. 1905, 44 BC"

_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.?)\s*(?=[0-9A-Za-z])", re.IGNORECASE)
_ERA = re.compile(r"(?<![A-Za-z])(B\.?C\.?E\.?|B\.?C\.?|A\.?D\.?|C\.?E\.?)(?![A-Za-z])",
                  re.IGNORECASE)
_ISO = re.compile(r"^([0-9]{1,4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?$")
_DAY_MONTH_YEAR = re.compile(r"^([0-9]{1,2})\s+([A-Za-z]+)\.?,?\s+([0-9]{1,4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+([0-9]{1,2}),?\s+([0-9]{1,4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+([0-9]{1,4})$")
_RANGE = re.compile(r"\s*(?:/|–|—|\s-\s|\sto\s)\s*")


class DateError(ValueError):
    """A date a teacher wrote that cannot be understood; the message says why."""


@dataclass(frozen=True)
class DatePoint:
    """A single point: `year` is historical (negative means BC, there is no year 0)."""

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False

    @property
    def astronomical_year(self) -> int:
        """1 BC is 0, 2 BC is -1: the numbering arithmetic needs."""
        return self.year if self.year > 0 else self.year + 1

    def sort_key(self) -> tuple[int, int, int]:
        return (self.astronomical_year, self.month or 0, self.day or 0)

    def as_years(self) -> float:
        """Position on a continuous axis in years (astronomical: 1 BC is 0.0)."""
        value = float(self.astronomical_year)
        if self.month:
            fraction = (self.day - 1) / _days_in(self.year, self.month) if self.day else 0.0
            value += (self.month - 1 + fraction) / 12
        return value

    def year_text(self) -> str:
        if self.year < 0:
            return f"{-self.year} BC"
        return f"AD {self.year}" if self.year < 1000 else str(self.year)

    def display(self) -> str:
        """`21 January 1924`, `January 1924`, `c. 1905`, `15 March 44 BC`, `AD 14`."""
        parts = [str(self.day)] if self.day else []
        if self.month:
            parts.append(MONTHS[self.month - 1].capitalize())
        parts.append(self.year_text())
        return ("c. " if self.circa else "") + " ".join(parts)


@dataclass(frozen=True)
class HistDate:
    """A date or a range of two dates (`end` is None for a single date)."""

    start: DatePoint
    end: DatePoint | None = None

    @property
    def is_range(self) -> bool:
        return self.end is not None

    def sort_key(self) -> tuple:
        """By start; a single date before a range that starts at the same point."""
        if self.end is None:
            return (self.start.sort_key(), 0, self.start.sort_key())
        return (self.start.sort_key(), 1, self.end.sort_key())

    def as_years(self) -> tuple[float, float]:
        start = self.start.as_years()
        return (start, self.end.as_years() if self.end else start)

    def display(self) -> str:
        """`1924`, `1926–1927`, `82–79 BC`, `August 1936 – March 1938`."""
        if self.end is None:
            return self.start.display()
        a, b = self.start, self.end
        if a.year < 0 and b.year < 0 and not (a.month or b.month or a.circa or b.circa):
            return f"{-a.year}–{-b.year} BC"
        if a.year == b.year and not (a.circa or b.circa) and a.month and b.month:
            return _same_year_range(a, b)
        left, right = a.display(), b.display()
        spaced = " " in (left + right).replace("c. ", "")
        return f"{left} – {right}" if spaced else f"{left}–{right}"


def _same_year_range(a: DatePoint, b: DatePoint) -> str:
    """`18–31 December 1925`, `17 April – 25 May 1923`, `February–May 1924`."""
    year = a.year_text()
    month_a, month_b = MONTHS[a.month - 1].capitalize(), MONTHS[b.month - 1].capitalize()
    if a.day and b.day:
        if a.month == b.month:
            return f"{a.day}–{b.day} {month_b} {year}"
        return f"{a.day} {month_a} – {b.day} {month_b} {year}"
    if not a.day and not b.day:
        return f"{month_a}–{month_b} {year}"
    return f"{a.display()} – {b.display()}"


def parse_date(text: str) -> HistDate:
    """Parse a date as written in an outline; raises DateError with a teacher-readable message."""
    shown = " ".join(text.split())
    if not shown:
        raise DateError("missing date")
    if len(shown) > MAX_LENGTH:
        raise DateError(f"invalid date '{shown[:40]}…': too long to be a date")
    parts = _RANGE.split(shown)
    if len(parts) > 2 or not all(parts):
        raise DateError(f"invalid date '{shown}': not a date ({EXPECTED})")
    points = [_split_era(part, shown) for part in parts]
    if len(points) == 2 and points[0][1] is None and points[1][1] == "BC":
        points[0] = (points[0][0], "BC")  # `82/79 BC`: the end's era covers the start
    start, *rest = (_point(core, era, shown) for core, era in points)
    end = rest[0] if rest else None
    if end is not None and end.sort_key() < start.sort_key():
        raise DateError(f"invalid date '{shown}': the range ends before it starts")
    return HistDate(start, end)


def _split_era(part: str, shown: str) -> tuple[str, str | None]:
    """Take the era word out of one side of a date: ('15 March 44', 'BC')."""
    eras = _ERA.findall(part)
    if len(eras) > 1:
        raise DateError(f"invalid date '{shown}': more than one era")
    if not eras:
        return part, None
    era = eras[0].upper().replace(".", "")
    core = " ".join(_ERA.sub(" ", part).split())
    return core, ("BC" if era.startswith("B") else "AD")


def _point(core: str, era: str | None, shown: str) -> DatePoint:
    circa_match = _CIRCA.match(core)  # no English month starts with "c", so this is safe
    circa = circa_match is not None
    if circa_match:
        core = core[circa_match.end():]
    year, month, day = _fields(core, shown)
    if year == 0:
        raise DateError(f"invalid date '{shown}': there is no year 0")
    if era == "BC":
        year = -year
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"invalid date '{shown}': month {month} does not exist")
    if day is not None:
        limit = _days_in(year, month or 1)
        if not 1 <= day <= limit:
            raise DateError(f"invalid date '{shown}': {MONTHS[(month or 1) - 1].capitalize()} "
                            f"{DatePoint(year).year_text()} has {limit} days, not {day}")
    return DatePoint(year, month, day, circa)


def _fields(core: str, shown: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) from one date without era or circa."""
    if match := _ISO.match(core):
        y, m, d = match.groups()
        return int(y), int(m) if m else None, int(d) if d else None
    if match := _DAY_MONTH_YEAR.match(core):
        d, name, y = match.groups()
        return int(y), _month(name, shown), int(d)
    if match := _MONTH_DAY_YEAR.match(core):
        name, d, y = match.groups()
        return int(y), _month(name, shown), int(d)
    if match := _MONTH_YEAR.match(core):
        name, y = match.groups()
        return int(y), _month(name, shown), None
    raise DateError(f"invalid date '{shown}': not a date ({EXPECTED})")


def _month(name: str, shown: str) -> int:
    number = _MONTH_NUMBERS.get(name.lower())
    if number is None:
        from studyguide.diagnostics import did_you_mean

        hint = did_you_mean(name.capitalize(), [m.capitalize() for m in MONTHS])
        raise DateError(f"invalid date '{shown}': unknown month '{name}'{hint}")
    return number


def _days_in(year: int, month: int) -> int:
    astronomical = year if year > 0 else year + 1
    leap = astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)
    return 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
