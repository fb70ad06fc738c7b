"""The one notion of a template: the masking key of a line's canonical view.

`template(message)` is what the embedding tier caches and classifies by, what
the pattern miner (`patterns.KeyIndex`, `template_miner`) groups, and what the
anomaly detector counts: the canonical view's text (`canonical.py`: wrappers,
colour codes, syslog and container prefixes off, a record's level and fields
kept) with the masking table applied (`normalization.py`: timestamps,
addresses, ids and numbers become ``<TS>``, ``<IP>``, ``<NUM>``...).

A line is read up to `CANONICAL_WINDOW` x `max_line_chars` characters (enough
to unwrap a JSON record or reach a stack trace's exception line), and the
canonical text is clipped to `max_line_chars` before masking, as every tier
reads it. Two callers that pass the same `max_line_chars` get the same key for
the same line, so keys computed once (the patterns pass) can be handed on (to
`LogClassifier.classify_batch`) instead of being computed again.
"""

from typing import NamedTuple

from canonical import Canonical, canonical
from normalization import mask, normalize

MAX_LINE_CHARS = 2_000  # the default of settings.Settings.max_line_chars
CANONICAL_WINDOW = 4


class Template(NamedTuple):
    """A line's template key and the values its placeholders stand for, in order."""

    key: str
    values: list[str]


def view(message: str, max_line_chars: int = MAX_LINE_CHARS) -> Canonical:
    """The canonical view the tiers read: `message` windowed, its `message` and `text` clipped."""
    seen = canonical(message[:max_line_chars * CANONICAL_WINDOW])
    if len(seen.text) <= max_line_chars and len(seen.message) <= max_line_chars:
        return seen  # most lines: nothing to clip
    return Canonical(seen.level, seen.message[:max_line_chars], seen.text[:max_line_chars])


def key_of_text(text: str) -> str:
    """The template key of a canonical text already clipped: `template_of_text(text).key`."""
    return normalize(text)


def template_of_text(text: str) -> Template:
    """The template of a canonical text already clipped (`view(message).text`)."""
    return Template(*mask(text))


def template(message: str, max_line_chars: int = MAX_LINE_CHARS) -> Template:
    """The template of a raw log line (any string): key and masked values."""
    return template_of_text(view(message, max_line_chars).text)


def template_key(message: str, max_line_chars: int = MAX_LINE_CHARS) -> str:
    """The template key of a raw log line: `template(message).key`."""
    return key_of_text(view(message, max_line_chars).text)
