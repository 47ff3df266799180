"""The span of dates the portal accepts, for forms and imports alike: wide enough for any
real start, course or expiry date, and narrow enough that date arithmetic never overflows."""

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
