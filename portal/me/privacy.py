"""Other people's names and emails taken out of a person's export.

The export holds what was typed or recorded about the person, and what they did; some of
that text names colleagues ("Ny kurssøknad fra Kari Nordmann", an audit event's email). Every
other person's name and email in it becomes "en annen person". Names are found word by word
(an index by first word), so the pass stays linear in the text whatever the organisation's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

WORD = re.compile(r"[\w'’-]+")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


class Redactor:
    """Replaces the names and emails of ``others`` (pairs of name, email) with ``other``."""

    def __init__(
        self, *, own_name: str, own_email: str, others: Iterable[tuple[str, str]], other: str
    ) -> None:
        self.own_email, self.other = own_email.lower(), other
        self.emails: set[str] = set()
        self.names: dict[str, list[tuple[str, ...]]] = {}
        own = _words(own_name)
        for name, email in others:
            self.emails.add(email.lower())
            words = _words(name)
            if words and words != own:
                self.names.setdefault(words[0], []).append(words)
        for candidates in self.names.values():
            candidates.sort(key=len, reverse=True)

    def __call__(self, value: Any) -> Any:
        """``value`` with every string in it redacted, dicts (their values) and lists walked."""
        if isinstance(value, str):
            return self._names(self._emails(value))
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self(item) for item in value]
        return value

    def _emails(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            found = match.group().lower()
            return self.other if found in self.emails and found != self.own_email else match.group()

        return EMAIL.sub(replace, text) if "@" in text else text

    def _names(self, text: str) -> str:
        tokens = list(WORD.finditer(text))
        words = [token.group().casefold() for token in tokens]
        pieces, done, index = [], 0, 0
        while index < len(tokens):
            length = self._name_at(words, index)
            if length:
                pieces += [text[done : tokens[index].start()], self.other]
                done = tokens[index + length - 1].end()
                index += length
            else:
                index += 1
        return "".join(pieces) + text[done:] if pieces else text

    def _name_at(self, words: list[str], index: int) -> int:
        for candidate in self.names.get(words[index], ()):
            if tuple(words[index : index + len(candidate)]) == candidate:
                return len(candidate)
        return 0


def _words(name: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in WORD.findall(name))
