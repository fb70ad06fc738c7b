"""The rule tables run over a whole column of lines at once, in native code.

Per distinct line, Python's `re` costs microseconds: on the 1M-row benchmark
file the masking table took about 9 µs per text, the regex tier 2 µs and the
canonical view's test for a wrapper 2 µs per line, most of the work per line
(`benchmarks/large_cli.py`). Polars runs Rust's regex engine (finite automata)
over a column of strings in one call. This module runs three tables that way,
with the same answers as their per-line functions for every line (masking
3.2 µs per text, the regex table 0.9 µs and the wrapper test 0.5 µs per line
on the same lines; README, "Issue 17"):

* `plain_messages`: the canonical view of lines without a wrapper
  (`canonical.canonical`), None for the lines it must unwrap;
* `first_rules`: the built-in regex table (`regex_processor.match_rule`);
* `masking_keys`: the masking table (`normalization.normalize`).

Rust's engine has no look-around, and its ``\\w``, ``\\d``, ``\\s`` and ``\\b``
follow Unicode's definitions where Python's follow `str.isalnum` and
`str.isspace`; on printable ASCII (space to tilde: most log lines) they agree.
So a line holding any other character (non-ASCII, a tab, a control character)
is answered by the per-line function, each table's patterns are rewritten with
those classes spelled in ASCII (`rust_pattern`), and a rule whose pattern has
look-around carries a `native` spelling beside it in its table: the same matches
for a masking or regex rule, at least the same for a prefix rule (the column pass
only tells the lines no prefix rule can take). The tests
(`tests/test_column_rules.py`) hold each function equal to its per-line twin
on generated lines and on the evaluation sets.
"""

import functools
from collections.abc import Callable, Sequence

from canonical import PREFIX_RULES
from normalization import MASKING_RULES, normalize
from regex_processor import REGEX_RULES, match_rule

_NOT_PRINTABLE_ASCII = r"[^ -~]"


@functools.cache
def _polars():
    """Polars, imported on first use: a process that imports this module and never runs a column
    pass (the command line's model process, which imports the command line) does not load its 40 MB."""
    import polars

    return polars


# Python's class escapes as they read printable ASCII; \b and \B as ASCII word boundaries.
_OUTSIDE_CLASS = {r"\d": "[0-9]", r"\w": "[0-9A-Za-z_]", r"\s": "[ ]", r"\S": "[!-~]",
                  r"\b": r"(?-u:\b)", r"\B": r"(?-u:\B)"}
_INSIDE_CLASS = {r"\d": "0-9", r"\w": "0-9A-Za-z_", r"\s": " ", r"\S": "!-~"}
_LOOK_AROUND = ("?=", "?!", "?<=", "?<!", "?>")  # after an opening parenthesis


def rust_pattern(pattern: str) -> str:
    """`pattern` (Python `re` syntax) for Rust's regex engine: the same matches on printable ASCII.

    Rewrites ``\\d \\w \\s \\S \\b \\B`` and ``.`` (which on printable ASCII matches
    anything) in ASCII, inside and outside character classes. Raises ValueError for
    look-around, atomic groups and possessive quantifiers, which Rust does not have, and for
    ``&&``, ``--`` and ``~~`` in a class, which are set operations there.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escape = pattern[i:i + 2]
            out.append((_INSIDE_CLASS if in_class else _OUTSIDE_CLASS).get(escape, escape))
            i += 2
            continue
        if in_class:
            if pattern.startswith(char * 2, i) and char in "&-~":
                raise ValueError(f"{char * 2} in a class of {pattern!r} is a set operation in Rust")
            in_class = char != "]"
            out.append(r"\[" if char == "[" else char)  # a bracket in a class opens a nested one in Rust
        elif char == "[":
            negated = pattern.startswith("^", i + 1)
            out.append("[^" if negated else "[")
            i += 2 if negated else 1
            if pattern.startswith("]", i):  # a leading bracket is a literal one
                out.append(r"\]")
                i += 1
            in_class = True
            continue
        elif char == "(" and pattern.startswith(_LOOK_AROUND, i + 1):
            raise ValueError(f"look-around in {pattern!r}: give the rule a native spelling")
        elif char in "*+?}" and pattern[i + 1:i + 2] == "+":
            raise ValueError(f"possessive quantifier in {pattern!r}")
        else:
            out.append("[ -~]" if char == "." else char)
        i += 1
    return "".join(out)


def _column(texts: Sequence[str]):
    """`texts` as a Polars column of strings; a text that is no UTF-8 (a lone surrogate, which a
    Python caller can pass) becomes a NUL there, so that it takes the per-line path."""
    pl = _polars()
    try:
        return pl.Series(texts, dtype=pl.String)
    except UnicodeEncodeError:
        return pl.Series([text if _encodes(text) else "\x00" for text in texts], dtype=pl.String)


def _encodes(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _answers(texts: Sequence[str], native: Callable, per_line: Callable[[str], str | None],
             ) -> list[str | None]:
    """`native`'s answer (a Polars Series from a Series) for each text, `per_line`'s for a text
    that is not printable ASCII."""
    column = _column(texts)
    answers = native(column).to_list()
    for at in column.str.contains(_NOT_PRINTABLE_ASCII).arg_true().to_list():
        answers[at] = per_line(texts[at])
    return answers


@functools.cache
def _prefixes() -> str:
    return "^(?:" + "|".join(rust_pattern(rule.native or rule.pattern) for rule in PREFIX_RULES) + ")"


def plain_messages(lines: Sequence[str], max_line_chars: int) -> list[str | None]:
    """For each line (a raw log line), its canonical message when the line has no wrapper, else None.

    A line of printable ASCII, at most `max_line_chars` long, that no prefix rule of
    `canonical.PREFIX_RULES` can match at its start has the view
    `Canonical("", message, message)` (`log_templates.view`), its message being the
    line with runs of spaces collapsed and the ends stripped. None: the line needs
    the per-line view (a wrapper, another character, or a longer line).
    """
    if not lines:
        return []
    pl = _polars()
    column = _column(lines)
    stripped = column.str.strip_chars(" ")
    plain = (~column.str.contains(_NOT_PRINTABLE_ASCII) & (column.str.len_bytes() <= max_line_chars)
             & ~stripped.str.contains(_prefixes()))
    messages = stripped.str.replace_all(" {2,}", " ")
    return pl.select(pl.when(plain).then(messages)).to_series().to_list()


@functools.cache
def _table(first: int, last: int) -> str:
    """Built-in regex rules first..last-1, anchored at both ends as `re.fullmatch` reads them."""
    rules = REGEX_RULES[first:last]
    return "^(?:" + "|".join(rust_pattern(rule.native or rule.pattern) for rule in rules) + ")$"


def _first_rules(column):
    pl = _polars()
    names: list[str | None] = [None] * len(column)

    def narrow(rows, messages, first: int, last: int) -> None:
        # Each of `rows` matches a rule in first..last-1: halve the range until one rule is left.
        if rows.is_empty():
            return
        if last - first == 1:
            for row in rows.to_list():
                names[row] = REGEX_RULES[first].name
            return
        middle = (first + last) // 2
        earlier = messages.str.contains(_table(first, middle))
        narrow(rows.filter(earlier), messages.filter(earlier), first, middle)
        narrow(rows.filter(~earlier), messages.filter(~earlier), middle, last)

    messages = column.str.strip_chars(" ")
    matched = messages.str.contains(_table(0, len(REGEX_RULES)))
    narrow(pl.int_range(len(column), eager=True).filter(matched), messages.filter(matched),
           0, len(REGEX_RULES))
    return pl.Series(names, dtype=pl.String)


def first_rules(messages: Sequence[str]) -> list[str | None]:
    """The built-in regex rule that takes each message, or None: `regex_processor.match_rule` of each.

    The table is halved until one rule is left (about five passes over the matched
    messages): a rule's match is a test of the whole message, with no captures.
    """
    if not messages:
        return []
    return _answers(messages, _first_rules, match_rule)


@functools.cache
def _masking() -> tuple[str, str, list[str], list[str]]:
    r"""The masking table for one pass: a pattern with a group per mask (consecutive rules of one mask
    share it), the replacement that marks a match with its group, and the marks as literals with
    the masks they become.

    A match becomes \x01, the text of a rule that keeps its match, then a \x00 before the text
    of each masking group (one of them not empty), then \x02. A second pass puts \x03 in place
    of each masking group's text, so each mark is one of a few literals that a last pass (one
    Aho-Corasick scan) writes as its mask.
    """
    groups: list[tuple[str | None, list[str]]] = []
    for rule in MASKING_RULES:
        pattern = rust_pattern(rule.native or rule.pattern)
        if groups and groups[-1][0] == rule.mask:
            groups[-1][1].append(pattern)
        else:
            groups.append((rule.mask, [pattern]))
    pattern = "(?i)" + "|".join(f"(?P<g{i}>{'|'.join(patterns)})" for i, (_, patterns) in enumerate(groups))
    kept = [f"${{g{i}}}" for i, (mask, _) in enumerate(groups) if mask is None]
    masked = [(f"${{g{i}}}", mask) for i, (mask, _) in enumerate(groups) if mask is not None]
    marked = "\x01" + "".join(kept) + "".join("\x00" + group for group, _ in masked) + "\x02"
    count = len(masked)
    marks = ["\x01" + "\x00" * (j + 1) + "\x03" + "\x00" * (count - 1 - j) + "\x02" for j in range(count)]
    # After them, what is left of the mark around a kept match: its ends, taken off.
    return pattern, marked, [*marks, "\x01", "\x00" * count + "\x02"], [*(m for _, m in masked), "", ""]


def _masking_keys(column):
    pattern, marked, marks, masks = _masking()
    keys = (column.str.replace_all(pattern, marked)
            .str.replace_all("\x00[^\x00\x02]+", "\x00\x03")
            .str.replace_many(marks, masks, leftmost=True))  # leftmost: earlier literals first
    return keys.str.replace_all(" {2,}", " ").str.strip_chars(" ")


def masking_keys(texts: Sequence[str]) -> list[str]:
    """The masking key of each text: `normalization.normalize` of each, in one pass of the table over
    the column and two to write the masks."""
    if not texts:
        return []
    return _answers(texts, _masking_keys, normalize)
