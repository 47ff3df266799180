"""Signals of documents, so that the features above (onboarding) follow without documents
knowing them. Receivers run inside the sender's transaction and only add to the session."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with ``session``, ``person_id``, ``document`` and ``confirmation`` when a person
#: confirms a document's current version.
document_confirmed = _signals.signal("document-confirmed")
