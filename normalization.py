"""Masking of variable tokens, so lines from one template share one key.

The key is the first level of this project's one notion of a template: the
embedding tier caches and classifies by it, and `template_miner` mines its
templates from it (Drain merges keys that differ in unmasked words).

Each rule is data: a name, a pattern and what the match becomes. All rules run
in one pass (one alternation); at a given position the earlier rule wins. A
rule whose mask is ``None`` keeps its match verbatim, which protects parts that
carry meaning (an HTTP status code) from the number rule after it.
"""

import re
from typing import NamedTuple


class MaskingRule(NamedTuple):
    name: str
    pattern: str
    mask: str | None
    # The rule for Rust's regex engine (`column_rules`), where `pattern` has look-around or the
    # pre-check below changes its matches: the same matches on printable ASCII, without them.
    native: str | None = None


# A hex word of 8 or more characters holding a digit and a letter, without look-ahead: the first
# change between digits and letters comes within the first 8 characters, or after them. ([a-f]
# takes A-F too: the table is matched ignoring case.)
_HEX_MIXED = "|".join(f"[0-9]{{{k}}}[a-f][0-9a-f]{{{7 - k}}}|[a-f]{{{k}}}[0-9][0-9a-f]{{{7 - k}}}"
                      for k in range(1, 8))


MASKING_RULES = (
    MaskingRule(
        "http_status",
        r"(?:HTTP/\d(?:\.\d)?\"?|\bstatus(?:[ _]code)?|\bRCODE|\breturn code|\bresponse code)"
        r"\s*[:=]?\s*-?\s*[1-5]\d\d\b",
        None,
    ),
    MaskingRule(
        "timestamp",
        r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?",
        "<TS>",
    ),
    MaskingRule(
        "clf_timestamp",
        r"\b\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?",
        "<TS>",
    ),
    MaskingRule(
        "syslog_timestamp",
        r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}",
        "<TS>",
    ),
    MaskingRule("date", r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", "<DATE>"),
    MaskingRule("time", r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b", "<TIME>"),
    MaskingRule(
        "uuid",
        r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b",
        "<UUID>",
    ),
    # `_START` below lets an address start at a word character only.
    MaskingRule("email", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", "<EMAIL>",
                native=r"\b\w[\w.+-]*@[\w-]+(?:\.[\w-]+)+\b"),
    MaskingRule("ipv4", r"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b", "<IP>"),
    MaskingRule("ipv6", r"\b(?:[0-9a-fA-F]{1,4}:){4,7}[0-9a-fA-F]{1,4}\b", "<IP>"),
    # Names numbered by machines: hosts, pods, instances, tickets (db-03, api-7f8c9d-x2k4z).
    MaskingRule(
        "numbered_name",
        r"\b[A-Za-z][\w]*(?:-\w+)*?-(?=[A-Za-z_]*\d)\w+(?:-\w+)*\b",
        "<NAME>",
        native=r"\b[A-Za-z]\w*(?:-\w+)*?-[A-Za-z_]*\d\w*(?:-\w+)*\b",
    ),
    MaskingRule("hex_prefixed", r"\b0x[0-9a-fA-F]+\b", "<HEX>"),
    MaskingRule("hex_id", r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b", "<HEX>",
                native=rf"\b(?:{_HEX_MIXED}|[0-9]{{8,}}[a-f]|[a-f]{{8,}}[0-9])[0-9a-f]*\b"),
    MaskingRule("number", r"\d+(?:\.\d+)?", "<NUM>"),
)

_ALTERNATION = "|".join(f"(?P<{rule.name}>{rule.pattern})" for rule in MASKING_RULES)
# Where a match can start, checked before the alternation is tried there (same matches, faster):
# every rule starts at a word start, a digit or the "h" of "HTTP/"; and its first word holds a
# digit, "@", ":" or "-" (so [^...]*+ stops on one), or the match starts with a word that needs
# none (`http_status`'s "status", "RCODE", "return code", "response code"; `syslog_timestamp`'s
# month). Most words of a line hold none, and are passed over after one scan of their letters.
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_START = (r"(?=\b\w|\d|h)(?=[^\s\d@:-]*+[\d@:-]|status|rcode|return code|response code|"
          + _MONTHS + ")")
_COMBINED = re.compile(f"{_START}(?:{_ALTERNATION})", re.IGNORECASE)
_MASKS = {rule.name: rule.mask for rule in MASKING_RULES}


def _replace(match: re.Match) -> str:
    mask = _MASKS[match.lastgroup]
    return match.group() if mask is None else mask


PLACEHOLDER = re.compile("|".join(sorted({re.escape(r.mask) for r in MASKING_RULES if r.mask})))


def normalize(message: str) -> str:
    """The masking key of a log line: variable tokens masked, whitespace collapsed."""
    return " ".join(_COMBINED.sub(_replace, message).split())


def mask(message: str) -> tuple[str, list[str]]:
    """The masking key (as `normalize`) and the masked values, in the order their placeholders appear."""
    values: list[str] = []

    def replace(match: re.Match) -> str:
        masked = _MASKS[match.lastgroup]
        if masked is None:
            return match.group()
        values.append(match.group())
        return masked

    return " ".join(_COMBINED.sub(replace, message).split()), values
