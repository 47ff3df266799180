"""Signals other features subscribe to, so that org knows nothing of them.

Receivers run inside the sender's transaction and must only add to the session (never commit).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with ``session`` and ``person`` when a person is created (UI, CSV import, demo).
person_created = _signals.signal("person-created")

#: Sent with ``session`` and ``person_ids`` when bulk statements, which bypass the session and
#: its events, added or changed people (the CSV import): for data kept from people.
people_written = _signals.signal("people-written")
