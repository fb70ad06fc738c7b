"""Regex tier: a table of anchored patterns for predictable, high-frequency lines.

Every rule must match a whole line and earn its place: at least 99.5% precision
on the evaluation data (`training/evaluate.py` reports each rule's figures).
All rules are compiled once into one alternation and tried in table order.
"""

import re
from collections.abc import Iterable
from typing import NamedTuple

from labels import HTTP_STATUS, RESOURCE_USAGE, SECURITY_ALERT, SYSTEM_NOTIFICATION, USER_ACTION

_HTTP_METHOD = r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)"
_NOVA_AMOUNT = r"[\d.]+ (?:MB|GB|VCPU)"
# What syslog puts before a daemon's own message: "Mar  3 12:00:01 host sshd[22]: " (optional).
_SYSLOG_SSHD = (r"(?:(?:(?:[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}"
                r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) \S+ )?"
                r"sshd\[\d+\]: )?")


class RegexRule(NamedTuple):
    name: str
    pattern: str
    label: str


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
        r".*?(?<![\w/])\"?" + _HTTP_METHOD + r" /\S*(?: HTTP/\d(?:\.\d)?\"?)?\s(?:.*?[\s,;(\[])?"
        r"(?:status(?:[ _]?code)?\s*[:=]?\s*|->\s*|returned\s+|responded(?: with)?\s+)[1-5]\d\d\b.*",
        HTTP_STATUS,
    ),
)

_COMBINED = re.compile("|".join(f"(?P<{rule.name}>{rule.pattern})" for rule in REGEX_RULES))
_LABELS = {rule.name: rule.label for rule in REGEX_RULES}


def match_rule(message: str) -> str | None:
    """Name of the first rule that matches the whole line, or None."""
    match = _COMBINED.fullmatch(message.strip())
    return match.lastgroup if match else None


def classify_regex(messages: Iterable[str]) -> list[str | None]:
    """Label of each message by the rule table, None where no rule matches."""
    labels = []
    for message in messages:
        rule = match_rule(message)
        labels.append(_LABELS[rule] if rule else None)
    return labels
