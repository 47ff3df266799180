"""Signals other features subscribe to, so that org knows nothing of them.

Receivers run inside the sender's transaction and must only add to the session (never commit).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with ``session`` and ``job`` when a job is started through the session: a new person's
#: first job (UI, demo), a job added, a job begun by a change of position, the HR sync's
#: changes. The job has no id until the session is flushed.
job_started = _signals.signal("job-started")

#: Sent with ``session`` and ``person_ids`` when bulk statements added these people with all
#: their jobs (the CSV import, the HR sync's new people), so that receivers can follow the
#: new jobs in bulk too.
jobs_inserted = _signals.signal("jobs-inserted")

#: Sent with ``session`` and ``person_ids`` when bulk statements, which bypass the session and
#: its events, added or changed people (the CSV import): for data kept from people.
people_written = _signals.signal("people-written")
