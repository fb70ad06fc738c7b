"""Redaction: values masked before log text leaves the machine (for the LLM analysis).

Rules are data (`REDACTION_RULES`), tried in one alternation, in order: at a
position the earlier rule wins. Each rule's group ``value`` is replaced by its
mask; the words around it (``password=``, ``user``, ``Bearer``) stay, so the
model still sees what kind of value was there. IP and e-mail addresses use the
masking table's own rules (`normalization.MASKING_RULES`).
"""

import re
from typing import NamedTuple

from normalization import MASKING_RULES


class RedactionRule(NamedTuple):
    """A value to hide before text leaves the machine: `pattern`'s group `value` becomes `mask`."""

    name: str
    pattern: str
    mask: str


def _masking_rule(name: str, mask: str) -> RedactionRule:
    pattern = next(rule.pattern for rule in MASKING_RULES if rule.name == name)
    return RedactionRule(name, f"(?P<value>{pattern})", mask)


_NAME = r"[\w$@-](?:[\w.$@-]{0,62}[\w$-])?"  # a user name: no dot at either end
# Tried in one alternation, in order: at a position the earlier rule wins.
REDACTION_RULES = (
    RedactionRule("jwt", r"(?P<value>\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+)", "<SECRET>"),
    RedactionRule("bearer", r"\bBearer\s+(?P<value>[\w.~+/=-]{8,})", "<SECRET>"),
    RedactionRule(
        "secret_assignment",
        r"\b(?:api[_-]?key|apikey|access[_-]?key|secret(?:[_-]?key)?|client[_-]?secret|token|"
        r"auth[_-]?token|access[_-]?token|refresh[_-]?token|session[_-]?id|password|passwd|pwd|"
        r"authorization|credentials?)\b[\"']?\s*[:=]\s*[\"']?(?:(?:Bearer|Basic|Token)\s+)?"
        r"(?P<value>[^\s\"',;&}]+)",
        "<SECRET>",
    ),
    RedactionRule(
        "known_key_shape",
        r"(?P<value>\b(?:gsk_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|"
        r"gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,})\b)",
        "<SECRET>",
    ),
    _masking_rule("email", "<EMAIL>"),
    _masking_rule("ipv4", "<IP>"),
    _masking_rule("ipv6", "<IP>"),
    # User names: quoted or assigned after a user-ish word, numbered after "user", sshd's "for X from".
    RedactionRule("user_quoted", r"\b(?:user(?:name)?|login|account|uid|owner|principal)[\"']?"
                  r"(?:\s*[:=]\s*|\s+)[\"'](?P<value>[^\"'\s]{1,64})[\"']", "<USER>"),
    RedactionRule("user_assigned", r"\b(?:user(?:name)?|login|account|uid|owner|principal)[\"']?\s*[:=]\s*"
                  rf"(?P<value>{_NAME})", "<USER>"),
    RedactionRule("user_numbered", rf"\buser(?:name)?\s+(?P<value>(?=[\w.$-]*\d){_NAME})", "<USER>"),
    RedactionRule("user_ssh", r"\b(?:for\s+(?:invalid\s+user\s+)?|invalid\s+user\s+)"
                  rf"(?P<value>(?!<){_NAME})(?=\s+from\b)", "<USER>"),
    RedactionRule("user_shaped", r"(?P<value>\buser[_-]?\d+\b)", "<USER>"),
    RedactionRule("long_token", r"(?P<value>\b(?=[\w+-]*\d)(?=[\w+-]*[A-Za-z])[\w+-]{32,}={0,2})",
                  "<SECRET>"),
)
_REDACT = re.compile("|".join(f"(?P<r{i}>{rule.pattern.replace('(?P<value>', f'(?P<v{i}>')})"
                              for i, rule in enumerate(REDACTION_RULES)), re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with addresses, e-mail addresses, keys, tokens, passwords and user names masked."""

    def mask_value(match: re.Match) -> str:
        index = int(match.lastgroup[1:])
        start, end = match.span(f"v{index}")
        whole = match.group()
        offset = match.start()
        return whole[:start - offset] + REDACTION_RULES[index].mask + whole[end - offset:]

    return _REDACT.sub(mask_value, text)
