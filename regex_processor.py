r"""Regex tier: a table of anchored patterns for predictable, high-frequency lines, and yours.

Built-in rules (`REGEX_RULES`) must match a whole line and earn their place: at
least 99.5% precision on the evaluation data (`training/evaluate.py` reports each
rule's figures). They are compiled once into one alternation and tried in table
order. They read the message of the line's canonical view (`canonical.py`:
wrappers and the level word off, a multi-line record's headline). A rule that
scans the whole line names in `requires` texts every match of it holds; a line
holding none of them is matched without that rule (same answers, about three
times faster on the benchmark lines, where two such rules cost most of the tier).

User rules come from a CSV file (`RULES_PATH`), one rule per row, columns
``pattern,label`` and optionally ``source``:

    pattern,label,source
    Quote \d+ approval (?:stalled|timed out),Workflow Error,
    ^Feature flag \S+ is scheduled for removal,Deprecation Warning,flags-service

`pattern` is a Python regular expression searched anywhere in the canonical
message (anchor it with ``^`` and ``$`` to match the whole message); `label` is
one of the nine categories; `source`, when given, limits the rule to rows of
that source. User rules are tried first, in file order, and the first that
matches decides; then the built-in table. A file with a bad pattern, an unknown
label, a missing column or a rule for `LegacyCRM` (whose rows always go to the
LLM tier) is refused when the classifier is built, with a `RulesError` naming
the file and line.
"""

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from labels import (
    CATEGORIES,
    CRITICAL_ERROR,
    HTTP_STATUS,
    LLM_ONLY_SOURCE,
    RESOURCE_USAGE,
    SECURITY_ALERT,
    SYSTEM_NOTIFICATION,
    USER_ACTION,
)

_HTTP_METHOD = r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)"
_NOVA_AMOUNT = r"[\d.]+ (?:MB|GB|VCPU)"
# What syslog puts before a daemon's own message: "Mar  3 12:00:01 host sshd[22]: " (optional).
_SYSLOG_SSHD = (r"(?:(?:(?:[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}"
                r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) \S+ )?"
                r"sshd\[\d+\]: )?")


_HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
# A request (method and path) and, further on, its status (`http_request_status`).
_REQUEST_AND_STATUS = (
    r"\"?" + _HTTP_METHOD + r" /\S*(?: HTTP/\d(?:\.\d)?\"?)?\s(?:.*?[\s,;(\[])?"
    r"(?:status(?:[ _]?code)?\s*[:=]?\s*|->\s*|returned\s+|responded(?: with)?\s+)[1-5]\d\d\b.*")


class RegexRule(NamedTuple):
    name: str
    pattern: str
    label: str
    source: str | None = None  # user rules only: rows of this source only
    # Built-in rules that scan the whole line: texts of which every match holds at least one. A line
    # holding none skips the rule without running it (same answers; a substring test is far cheaper).
    requires: tuple[str, ...] = ()
    # Built-in rules whose pattern has look-around: the rule for Rust's regex engine (`column_rules`),
    # matching the same whole lines of printable ASCII without it.
    native: str | None = None


REGEX_RULES = (
    RegexRule("user_login_logout", r"User \S+ logged (?:in|out)\.?", USER_ACTION),
    RegexRule("account_created", r"Account with ID \S+ created by \S+?\.?", USER_ACTION),
    RegexRule("backup_started_ended", r"Backup (?:started|ended) at [\d\-: ]+\.?", SYSTEM_NOTIFICATION),
    RegexRule("backup_completed", r"Backup completed successfully\.?", SYSTEM_NOTIFICATION),
    RegexRule("system_updated", r"System updated to version [\w.\-]+?\.?", SYSTEM_NOTIFICATION),
    RegexRule(
        "file_uploaded", r"File \S+ uploaded successfully by user \S+?\.?", SYSTEM_NOTIFICATION
    ),
    RegexRule("disk_cleanup", r"Disk cleanup completed successfully\.?", SYSTEM_NOTIFICATION),
    RegexRule(
        "reboot_by_user", r"System reboot initiated by user \S+?\.?", SYSTEM_NOTIFICATION
    ),
    RegexRule(
        "common_log_format",
        r"\S+ \S+ \S+ \[[^\]]+\] \"" + _HTTP_METHOD + r" \S+ HTTP/\d(?:\.\d)?\" [1-5]\d\d (?:\d+|-).*",
        HTTP_STATUS,
    ),
    RegexRule(
        "openstack_wsgi_access",
        r"nova\.[\w.]+\.wsgi\.server \[[^\]]*\] [\d.,]+ \"" + _HTTP_METHOD
        + r" \S+ HTTP/\d(?:\.\d)?\"\s+[\w :\-]*?[1-5]\d\d\s+len: \d+ time: [\d.]+",
        HTTP_STATUS,
    ),
    RegexRule(
        "nova_compute_claims",
        r"nova\.compute\.claims \[[^\]]*\] \[instance: [0-9a-fA-F\-]+\] (?:"
        r"Attempting claim: memory \d+ MB, disk \d+ GB, vcpus \d+ CPU"
        r"|Total (?:memory|disk|vcpu): " + _NOVA_AMOUNT + r", used: " + _NOVA_AMOUNT
        + r"|(?:memory|disk|vcpu) limit: " + _NOVA_AMOUNT + r", free: " + _NOVA_AMOUNT
        + r"|(?:memory|disk|vcpu) limit not specified, defaulting to unlimited)",
        RESOURCE_USAGE,
    ),
    RegexRule(
        "nova_resource_tracker",
        r"nova\.compute\.resource_tracker \[[^\]]*\] (?:"
        r"Final resource view: name=\S+ phys_ram=\d+MB used_ram=\d+MB phys_disk=\d+GB"
        r" used_disk=\d+GB total_vcpus=\d+ used_vcpus=\d+ pci_stats=\[[^\]]*\]"
        r"|Total usable vcpus: \d+, total allocated vcpus: \d+)",
        RESOURCE_USAGE,
    ),
    RegexRule(
        "sshd_failed_password",
        _SYSLOG_SSHD + r"Failed password for (?:invalid user )?\S+ from \S+ port \d+ ssh2",
        SECURITY_ALERT,
    ),
    RegexRule("sshd_invalid_user", _SYSLOG_SSHD + r"Invalid user \S* from \S+(?: port \d+)?",
              SECURITY_ALERT),
    RegexRule(
        "sshd_accepted",
        _SYSLOG_SSHD + r"Accepted (?:password|publickey|keyboard-interactive/pam) for \S+ from \S+"
        r" port \d+ ssh2(?:: \S+ \S+)?",
        USER_ACTION,
    ),
    RegexRule(
        "pam_auth_failure",
        _SYSLOG_SSHD + r"pam_unix\([\w-]+:auth\): authentication failure; logname=\S* uid=\d+"
        r" euid=\d+ tty=\S* ruser=\S* rhost=\S*(?: +user=\S+)?",
        SECURITY_ALERT,
    ),
    # Any line naming a request (method and path) and its status: access logs of every framework.
    RegexRule(
        "http_request_status",
        r".*?(?<![\w/])" + _REQUEST_AND_STATUS,
        HTTP_STATUS,
        requires=_HTTP_METHODS,
        native=r"(?:.*[^\w/])?" + _REQUEST_AND_STATUS,  # the look-behind as the character before
    ),
    # A quoted request line followed by its status: the shape of every access-log format
    # (Envoy, Django runserver, uvicorn, urllib3, nginx/apache with their prefix cut).
    RegexRule(
        "quoted_request_line",
        r".*?\"" + _HTTP_METHOD + r" \S+ HTTP/\d(?:\.\d)?\" [1-5]\d\d\b.*",
        HTTP_STATUS,
        requires=("HTTP/",),
    ),
    # Fatal errors that end a process, a thread or the node: a crash, whatever the level word says.
    RegexRule("kernel_panic", r"(?:.*\s)?Kernel panic - not syncing: .*", CRITICAL_ERROR,
              requires=("Kernel panic - not syncing: ",)),
    RegexRule(
        "out_of_memory_error",
        r".*(?:\bjava\.lang\.OutOfMemoryError\b|\bSystem\.OutOfMemoryException\b"
        r"|\bFATAL ERROR: .*JavaScript heap out of memory).*",
        CRITICAL_ERROR,
        requires=("OutOfMemory", "JavaScript heap out of memory"),
    ),
    RegexRule(
        "kernel_oops",
        r"(?:.*\s)?BUG: (?:unable to handle (?:kernel )?(?:page fault|paging request"
        r"|NULL pointer dereference)|kernel NULL pointer dereference)\b.*",
        CRITICAL_ERROR,
        requires=("BUG: ",),
    ),
    RegexRule(
        "segmentation_fault",
        r".*(?:\[\d+\]: segfault at [0-9a-f]+ ip [0-9a-f]+ sp [0-9a-f]+ error \d+"
        r"|\bSegmentation fault\b|\bsignal 11 \(SIGSEGV\)|\bSIGSEGV: segmentation violation"
        r"|\bstatus=11/SEGV\b).*",
        CRITICAL_ERROR,
        requires=("segfault at", "Segmentation fault", "SEGV"),
    ),
    RegexRule(
        "go_runtime_fatal",
        r"(?:panic: |fatal error: (?:runtime: |concurrent map |all goroutines are asleep|stack overflow)).*",
        CRITICAL_ERROR,
    ),
)

_LABELS = {rule.name: rule.label for rule in REGEX_RULES}
_MATCHES = {rule.name: (rule.name, rule.label) for rule in REGEX_RULES}  # one answer object per rule
_REQUIRED = tuple(sorted({text for rule in REGEX_RULES for text in rule.requires}))
# One scan for any of them: most lines hold none, and then no substring needs testing one by one.
_ANY_REQUIRED = re.compile("|".join(re.escape(text) for text in _REQUIRED))


@functools.lru_cache(maxsize=None)
def _table(found: frozenset[str]) -> re.Pattern:
    """The built-in rules as one alternation, in table order, less those `found` rules out."""
    kept = [rule for rule in REGEX_RULES if not rule.requires or found.intersection(rule.requires)]
    return re.compile("|".join(f"(?P<{rule.name}>{rule.pattern})" for rule in kept))


_UNSCANNED = _table(frozenset())  # the table for a line that holds no required text (most lines)


def match_rule(message: str) -> str | None:
    """Name of the first rule that matches the whole line, or None."""
    message = message.strip()
    table = (_table(frozenset(filter(message.__contains__, _REQUIRED)))
             if _ANY_REQUIRED.search(message) else _UNSCANNED)
    match = table.fullmatch(message)
    return match.lastgroup if match else None


def classify_regex(messages: Iterable[str]) -> list[str | None]:
    """Label of each message by the built-in table, None where no rule matches."""
    labels = []
    for message in messages:
        rule = match_rule(message)
        labels.append(_LABELS[rule] if rule else None)
    return labels


class RulesError(ValueError):
    """A user rules file that cannot be used; the message names the file and the line."""


RULES_COLUMNS = ("pattern", "label", "source")


def load_rules(path: str | Path) -> tuple[RegexRule, ...]:
    """User rules from a CSV file (see the module docstring), named ``<file>:<line>``.

    Raises `RulesError` for a file that cannot be read, a missing column, an
    empty or invalid pattern, a label outside the nine categories, or a rule for
    `LegacyCRM`.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"rules file {path}: cannot read it: {error}") from None
    reader = csv.reader(text.splitlines())
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in RULES_COLUMNS[:2] if column not in header]
    if missing:
        raise RulesError(f"rules file {path}: line 1: the header must name the columns "
                         f"pattern,label (and optionally source); missing: {', '.join(missing)}")
    at = {column: header.index(column) for column in RULES_COLUMNS if column in header}
    rules = []
    for row in reader:
        where = f"rules file {path}: line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        cells = {column: row[i] if i < len(row) else "" for column, i in at.items()}
        pattern, label = cells["pattern"], cells["label"].strip()
        source = cells.get("source", "").strip() or None
        if not pattern.strip():
            raise RulesError(f"{where}: the pattern is empty")
        try:
            re.compile(pattern)
        except re.error as error:
            raise RulesError(f"{where}: bad pattern {pattern!r}: {error}") from None
        if label not in CATEGORIES:
            raise RulesError(f"{where}: unknown label {label!r}; use one of: {', '.join(CATEGORIES)}")
        if source == LLM_ONLY_SOURCE:
            raise RulesError(f"{where}: rows of {LLM_ONLY_SOURCE} always go to the LLM tier, "
                             "so this rule would never apply")
        rules.append(RegexRule(f"{path.name}:{reader.line_num}", pattern, label, source))
    return tuple(rules)


class RegexClassifier:
    """The regex tier: user rules first (searched, file order), then the built-in table (whole line)."""

    def __init__(self, user_rules: Sequence[RegexRule] = ()):
        self.user_rules = tuple(user_rules)
        self._user = [(re.compile(rule.pattern), rule.source, (rule.name, rule.label))
                      for rule in self.user_rules]
        self.by_source = any(rule.source is not None for rule in self.user_rules)
        """True when a user rule names a source: then a line's answer depends on its source."""

    @classmethod
    def from_settings(cls, settings) -> "RegexClassifier":
        """Built-in rules plus those of `settings.rules_path`, if set. Raises `RulesError`."""
        return cls(load_rules(settings.rules_path) if settings.rules_path else ())

    def match(self, source: str, message: str) -> tuple[str, str] | None:
        """(rule name, label) of the first rule that takes this canonical message, or None."""
        return self.match_user(source, message) or builtin_answer(match_rule(message))

    def match_user(self, source: str, message: str) -> tuple[str, str] | None:
        """(rule name, label) of the first user rule that takes this canonical message, or None."""
        if self._user:
            source = source.strip()
            for pattern, only, answer in self._user:
                if (only is None or only == source) and pattern.search(message):
                    return answer
        return None


def builtin_answer(name: str | None) -> tuple[str, str] | None:
    """(rule name, label) of a built-in rule by name (one object per rule), None for None."""
    return _MATCHES[name] if name else None
