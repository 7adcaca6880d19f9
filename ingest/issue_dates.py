"""The issue date attached to a citation: "ngày 10/4/2019", "ngày 10 tháng 4 năm 2019".

Dates are day/month/year (vn-legal-documents.md §2f). Markup and line breaks from the
source may sit inside ("ngày 03 tháng 6*\\n\\n*năm 2025").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_GAP = r"[\s*]*+"
# A line break may sit before "ngày" only when the date goes on in lower case: a
# capitalised "Ngày" on the next line opens a new sentence. The runs are possessive
# ("*+"): what follows each never opens with a character of the run, so giving some
# back never helps, and two runs side by side would otherwise take time quadratic in
# a long run of spaces.
DATE_AFTER_RE = re.compile(
    r"(?:[ \t*]*+,?[ \t*]*+(?:(?i:ký|ban\s+hành)[ \t]+)?(?i:ngày)"
    r"|[ \t*]*+\n[ \t*]*+(?:ký[ \t]+)?ngày)"
    + _GAP + r"(?P<d>\d{1,2})" + _GAP + r"(?:(?i:tháng)|[/.-])" + _GAP + r"(?P<m>\d{1,2})" + _GAP
    + r"(?:(?i:năm)|[/.-])" + _GAP + r"(?P<y>(?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class IssueDate:
    end: int  # where the date phrase ends in the text
    iso: str
    year: int


def match_date_after(view: str, pos: int) -> IssueDate | None:
    """The date phrase that starts at ``pos`` (after a symbol or a name), if any."""
    m = DATE_AFTER_RE.match(view, pos)
    if not m:
        return None
    day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return IssueDate(m.end(), f"{year:04d}-{month:02d}-{day:02d}", year)
