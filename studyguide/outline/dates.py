"""Historical dates: partial, circa, BC/AD, written-out months and ranges.

A date is a year, a year and month, or a full date (`1924`, `1924-01`, `1924-01-21`,
`21 January 1924`, `Jan. 21, 1924`), optionally `c.` (circa) and with an era (`BC`, `BCE`, `AD`,
`CE`; none means AD). A range joins two of them with `/`, an en or em dash, ` - `, ` to `, or a
bare hyphen between two years of three or four digits (`1926-1927`; `1905-10` stays October
1905, as in ISO 8601, but `1861-65` is 1861–1865 because 65 cannot be a month), or is a decade
(`1860s`: 1860–1869).

Month names may be English (full, three letters, `Sept`), or French, German, Spanish, Italian
or Russian in full (`5 de marzo de 1919`, `5. März 1919`, `1er mai 1968`, `5 марта 1919 г.`).
A month and day with no year (`March 5`, `Dec 16`) take the year of the enclosing dated heading
(parse_date's `year`), or are an error: one or two digits after a month are always a day, so
`Oct. 26` is never the year AD 26, and `Jan 99` must be written `January 1999` or `January AD 99`.

In a range like `82/79 BC` the BC written on the end also applies to a start that has no era,
because that is how historians write BC spans (an AD start could never precede a BC end anyway).
An era written only on the start (`44 BC/14`) is not carried over: no era means AD. A range's
start may leave out what its end says, as in `18–31 December 1925`, `17 April – 25 May 1923`
and `February–May 1924` (a bare one- or two-digit start before a full date is a day), so every
range display() writes reads back as the same value.

Years are historical: 44 BC is stored as -44 and there is no year 0; leap years follow the
proleptic Gregorian calendar on astronomical years (1 BC is year 0, so 1 BC and 5 BC are leap).
Partial dates sort before fuller ones of the same year or month; circa does not affect order.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from studyguide.diagnostics import did_you_mean
from studyguide.records import record

MAX_LENGTH = 200
MAX_YEAR = 9999
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_NUMBERS = {name: i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS.update({name[:3]: i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBERS["sept"] = 9
# Month names in the other languages of the shipped fonts' scripts, full names only (plus the
# Russian genitive, the form a date uses): no name below means another month in any of them.
_FOREIGN_MONTHS = {
    "french": "janvier février mars avril mai juin juillet août septembre octobre novembre "
              "décembre",
    "german": "januar februar märz april mai juni juli august september oktober november "
              "dezember",
    "spanish": "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
               "noviembre diciembre",
    "italian": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
               "novembre dicembre",
    "russian": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "russian genitive": "января февраля марта апреля мая июня июля августа сентября октября "
                        "ноября декабря",
}
for _names in _FOREIGN_MONTHS.values():
    _MONTH_NUMBERS.update({name: i for i, name in enumerate(_names.split(), start=1)})
_MONTH_NUMBERS.update({"jänner": 1, "maerz": 3, "aout": 8, "fevrier": 2, "decembre": 12,
                       "setiembre": 9})
EXPECTED = "expected e.g. 1924, 1924-01-21, 21 January 1924, c. 1905, 44 BC"

# No pattern below nests repetitions, so matching stays linear (input is also capped at
# MAX_LENGTH characters before any pattern runs).
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.?)\s*(?=[0-9A-Za-z])", re.IGNORECASE)
_ERA = re.compile(r"(?<![A-Za-z])(B\.?C\.?E\.?|B\.?C\.?|A\.?D\.?|C\.?E\.?)(?![A-Za-z])",
                  re.IGNORECASE)
# A day: `5`, `5th`, `5.` (German), `1er` (French), `1º` (Spanish, Italian).
_DAY = r"([0-9]{1,2})(?:st|nd|rd|th|ST|ND|RD|TH|er|\.|º|°)?"
_WORD = r"([^\W\d_]+)"  # a month name in any script (Unicode letters)
_ISO = re.compile(r"^([0-9]{1,4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?$")
_DAY_MONTH_YEAR = re.compile(rf"^{_DAY}\s+{_WORD}\.?,?\s+([0-9]{{1,4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^{_WORD}\.?\s+{_DAY},?\s+([0-9]{{1,4}})$")
_MONTH_YEAR = re.compile(rf"^{_WORD}\.?,?\s+([0-9]{{1,4}})$")
_DAY_MONTH = re.compile(rf"^{_DAY}\s+{_WORD}\.?$")  # `5 March`, the start of `5 – 9 May 1923`
_MONTH_DAY = re.compile(rf"^{_WORD}\.?\s+{_DAY}$")  # `March 5`: a day, never the year AD 5
_MONTH_ONLY = re.compile(rf"^{_WORD}\.?$")  # the start of `February–May 1924`
_RANGE = re.compile(r"\s*(?:/|–|—|\s-\s|\sto\s|(?<=[0-9]{3})-(?=[0-9]{3}))\s*")
_DECADE = re.compile(r"^([0-9]{2,3}0)'?s$")
# `1861-65`: a year and two digits that cannot be a month are a range within one century.
_SHORT_RANGE = re.compile(r"^((?:circa|ca\.?|c\.?)\s*)?([0-9]{3,4})-([0-9]{2})$", re.IGNORECASE)
# Words around a date in Spanish, Italian and Russian: `5 de marzo de 1919`, `1919 г.`.
_FILLER = re.compile(r"(?<!\S)(?:de|del|г\.?|года|год)(?!\S)", re.IGNORECASE)


class DateError(ValueError):
    """A date a teacher wrote that cannot be understood; the message says why."""


@record
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
        """Chronological key; a missing month or day sorts as 0, before any real one."""
        return (self.astronomical_year, self.month or 0, self.day or 0)

    def as_years(self) -> float:
        """Position on a continuous axis in years (astronomical: 1 BC is 0.0, 1924-07 is 1924.5)."""
        value = float(self.astronomical_year)
        if self.month:
            fraction = (self.day - 1) / _days_in(self.year, self.month) if self.day else 0.0
            value += (self.month - 1 + fraction) / 12
        return value

    def year_text(self) -> str:
        """`1924`, `44 BC`, `AD 14` (AD is written before years below 1000)."""
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


@record
class HistDate:
    """A date or a range of two dates (`end` is None for a single date)."""

    start: DatePoint
    end: DatePoint | None = None

    @property
    def is_range(self) -> bool:
        """True for a range such as `1926/1927`."""
        return self.end is not None

    def sort_key(self) -> tuple:
        """By start, then end; a single date before a range that starts at the same point."""
        if self.end is None:
            return (self.start.sort_key(), 0, self.start.sort_key())
        return (self.start.sort_key(), 1, self.end.sort_key())

    def as_years(self) -> tuple[float, float]:
        """(start, end) on the axis of DatePoint.as_years; end equals start for a single date."""
        start = self.start.as_years()
        return (start, self.end.as_years() if self.end else start)

    def display(self) -> str:
        """`1924`, `1926–1927`, `82–79 BC`, `AD 14–79`, `August 1936 – March 1938`."""
        if self.end is None:
            return self.start.display()
        a, b = self.start, self.end
        years_only = not (a.month or b.month or a.circa or b.circa)
        if years_only and a.year < 0 and b.year < 0:
            return f"{-a.year}–{-b.year} BC"
        if years_only and 0 < a.year < 1000 and 0 < b.year < 1000:
            return f"AD {a.year}–{b.year}"
        if a.year == b.year and not (a.circa or b.circa) and a.month and b.month:
            return _same_year_range(a, b)
        left, right = a.display(), b.display()
        spaced = " " in (left + right).replace("c. ", "")
        return f"{left} – {right}" if spaced else f"{left}–{right}"


def _same_year_range(a: DatePoint, b: DatePoint) -> str:
    """`18–31 December 1925`, `17 April – 25 May 1923`, `February–May 1924`."""
    year = a.year_text()
    assert a.month and b.month  # the one caller checks both
    month_a, month_b = MONTHS[a.month - 1].capitalize(), MONTHS[b.month - 1].capitalize()
    if a.day and b.day:
        if a.month == b.month:
            return f"{a.day}–{b.day} {month_b} {year}"
        return f"{a.day} {month_a} – {b.day} {month_b} {year}"
    if not a.day and not b.day:
        return f"{month_a}–{month_b} {year}"
    return f"{a.display()} – {b.display()}"


def parse_date(text: str, year: int | None = None) -> HistDate:
    """Parse a date as written in an outline; raises DateError with a teacher-readable message.

    `year` is the year of the enclosing dated heading (historical, negative for BC): a
    month and day written without a year (`March 5`, `5 March`) take it; with no such heading
    they are an error, never a guess (`Oct. 26` is not the year AD 26).
    """
    if len(text) > MAX_LENGTH * 4:  # don't even normalise megabytes of text
        raise DateError(f"invalid date '{_quote(text[:40])}…': too long to be a date")
    # Invisible format characters (zero-width space, BOM, soft hyphen) come with copy and paste.
    cleaned = "".join(c for c in text if unicodedata.category(c) != "Cf")
    normal = " ".join(cleaned.split())
    shown = _quote(normal)
    if not normal:
        raise DateError("missing date")
    if len(normal) > MAX_LENGTH:
        raise DateError(f"invalid date '{_quote(normal[:40])}…': too long to be a date")
    normal = " ".join(_FILLER.sub(" ", normal).split()) or normal
    if (short := _short_range(normal, shown)) is not None:
        return short
    parts = _RANGE.split(normal)
    if len(parts) > 2 or not all(parts):
        raise DateError(f"invalid date '{shown}': not a date ({EXPECTED})")
    if len(parts) == 1 and (match := _DECADE.match(parts[0])):
        decade = int(match.group(1))  # `1860s`: the ten years it names
        return HistDate(_point(_Written(decade, None, None, False, None), shown),
                        _point(_Written(decade + 9, None, None, False, None), shown))
    sides = [_split_era(part, shown) for part in parts]
    if len(sides) == 1:
        return HistDate(_point(_with_year(_written(*sides[0], shown), year, shown), shown))
    end = _with_year(_written(*sides[1], shown), year, shown)
    start = _complete(_written(*sides[0], shown, partial=True), end, shown)
    if start.era is None and end.era == "BC":
        start = start._replace(era="BC")  # `82/79 BC`: the end's era covers the start
    first, last = _point(start, shown), _point(end, shown)
    if _ends_before(first, last):
        raise DateError(f"invalid date '{shown}': the range ends before it starts")
    return HistDate(first, last)


def _short_range(normal: str, shown: str) -> HistDate | None:
    """`1861-65`, `1919-23`: a range when the two digits cannot be a month (ISO's `1905-10`
    stays October 1905); the end is in the start's century, or it is an error."""
    match = _SHORT_RANGE.match(normal)
    if match is None or int(match.group(3)) <= 12:
        return None
    circa, start = match.group(1) is not None, int(match.group(2))
    end = start - start % 100 + int(match.group(3))
    if end <= start:
        return None  # `1922-13`: not a range either; reported as the month it is not
    return HistDate(DatePoint(start, circa=circa), DatePoint(end))


def _with_year(written: "_Written", year: int | None, shown: str) -> "_Written":
    """A month and day with no year take the enclosing heading's year, or are an error."""
    if written.year is not None:
        return written
    if written.month is None or year is None:
        raise DateError(f"invalid date '{shown}': no year (write it, e.g. "
                        f"'{_example(written)}', or put the item under a heading "
                        "that is a year, such as '### 1770')")
    return written._replace(year=abs(year), era=written.era or ("BC" if year < 0 else None))


def _example(written: "_Written") -> str:
    if written.month is None:
        return "5 March 1770"
    month = MONTHS[written.month - 1].capitalize()
    return f"{written.day} {month} 1770" if written.day else f"{month} 1770"


class _Written(NamedTuple):
    """One side of a date as written, before validation; year is unsigned, era apart."""

    year: int | None
    month: int | None
    day: int | None
    circa: bool
    era: str | None


def _complete(start: _Written, end: _Written, shown: str) -> _Written:
    """Fill a range's start from its end: `18–31 December 1925`, `February–May 1924`."""
    number = start.year if start.month is None and start.era is None else None
    if number is not None and number < 100 and not start.circa and end.day is not None:
        # A bare one- or two-digit start before a full date is a day, not the year AD 18.
        return start._replace(year=end.year, month=end.month, day=number, era=end.era)
    if start.year is None:
        if end.month is None:
            raise DateError(f"invalid date '{shown}': the start of the range has no year")
        return start._replace(year=end.year, era=start.era or end.era)
    return start


def _quote(text: str) -> str:
    """The text as a message may show it: control and other unprintable characters escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def _ends_before(start: DatePoint, end: DatePoint) -> bool:
    """Compare only as precisely as the vaguer side: `May 1924 – 1924` is not backwards."""
    depth = min(_precision(start), _precision(end))
    return end.sort_key()[:depth] < start.sort_key()[:depth]


def _precision(point: DatePoint) -> int:
    return 3 if point.day else 2 if point.month else 1


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


def _written(core: str, era: str | None, shown: str, partial: bool = False) -> _Written:
    """Read one side of a date (era already taken out); `partial` allows a missing year."""
    circa_match = _CIRCA.match(core)  # no English month starts with "c", so this is safe
    if circa_match:
        core = core[circa_match.end():]
    year, month, day = _fields(core, shown, partial, era is not None)
    return _Written(year, month, day, circa_match is not None, era)


def _point(written: _Written, shown: str) -> DatePoint:
    """A validated point: year 0, month and day ranges checked."""
    year, month, day, circa, era = written
    if year is None:  # only a range's start can lack one, and _complete filled it in
        raise DateError(f"invalid date '{shown}': no year")
    if year == 0:
        raise DateError(f"invalid date '{shown}': there is no year 0")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"invalid date '{shown}': month {month} does not exist"
                        f"{_range_hint(year, month, day, era)}")
    year = -year if era == "BC" else year
    if day is not None:
        limit = _days_in(year, month or 1)
        if not 1 <= day <= limit:
            raise DateError(f"invalid date '{shown}': {MONTHS[(month or 1) - 1].capitalize()} "
                            f"{DatePoint(year).year_text()} has {limit} days, not {day}")
    return DatePoint(year, month, day, circa)


def _range_hint(year: int, month: int, day: int | None, era: str | None) -> str:
    """`82-79 BC` reads as year 82, month 79: if it makes sense as a range, say how to write one."""
    if day is not None:
        return ""
    if era == "BC" and month < year:
        return f" (for a range write {year}/{month} BC)"
    if era != "BC" and year < month:
        return f" (for a range write {year}/{month})"
    return ""


def _fields(core: str, shown: str, partial: bool, era: bool
            ) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from one date without era or circa. The year is None for a month
    and day (`March 5`, `5 March`), and for a month alone when `partial`. Without an era a
    written-out year has three or four digits: `March 5` is a day, `Jan 99` is refused."""
    if match := _ISO.match(core):
        y, m, d = match.groups()
        return int(y), int(m) if m else None, int(d) if d else None
    if match := _DAY_MONTH_YEAR.match(core):
        d, name, y = match.groups()
        return _year(y, era, shown), _month(name, shown), int(d)
    if match := _MONTH_DAY_YEAR.match(core):
        name, d, y = match.groups()
        return _year(y, era, shown), _month(name, shown), int(d)
    if not era and (match := _MONTH_DAY.match(core)) and int(match.group(2)) <= 31:
        name, d = match.groups()  # `Oct. 26`: one or two digits after a month are a day
        return None, _month(name, shown), int(d)
    if match := _MONTH_YEAR.match(core):
        name, y = match.groups()
        return _year(y, era, shown), _month(name, shown), None
    if match := _DAY_MONTH.match(core):
        d, name = match.groups()
        return None, _month(name, shown), int(d)
    if partial and (match := _MONTH_ONLY.match(core)):
        return None, _month(match.group(1), shown), None
    raise DateError(f"invalid date '{shown}': {_why_not(core)}")


def _year(digits: str, era: bool, shown: str) -> int:
    """A written-out date's year; one or two digits with no era could be a day or a short
    year (`Jan 99`), so they need an era: `January AD 99`."""
    if len(digits) <= 2 and not era:
        raise DateError(f"invalid date '{shown}': is {digits} the year? Write the year in full "
                        f"(e.g. 1999 or AD {int(digits)})")
    return int(digits)


def _why_not(core: str) -> str:
    """Why a side is not a date: a friendlier word for a few common mistakes."""
    if core.isascii() and core.isdigit():
        return f"years go up to {MAX_YEAR}"
    if _DECADE.match(core):
        start = int(core.rstrip("'s"))
        return f"write a decade in a range as its years, e.g. {start}/{start + 9}"
    return f"not a date ({EXPECTED})"


def _month(name: str, shown: str) -> int:
    """The number of a month name, full or abbreviated (English), in any case."""
    number = _MONTH_NUMBERS.get(name.lower())
    if number is None:
        hint = did_you_mean(name.capitalize(), [m.capitalize() for m in MONTHS])
        raise DateError(f"invalid date '{shown}': unknown month '{name}'{hint}")
    return number


def _days_in(year: int, month: int) -> int:
    """Days in a month of a historical year, leap years by the proleptic Gregorian rule."""
    astronomical = year if year > 0 else year + 1
    leap = astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}; must be 1-12")  # as calendar.monthrange
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


# calendar.monthrange's lengths of a common year (importing calendar took 4 ms of start-up)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
