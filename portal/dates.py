"""The span of dates the portal accepts, for forms and imports alike: wide enough for any
real start, course or expiry date, and narrow enough that date arithmetic never overflows."""

import calendar
from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months``, clamped to the month's end (31 Jan + 1 month = 28/29 Feb), and
    to the calendar's last day rather than past it."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
