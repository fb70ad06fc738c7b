"""The regex tier: every rule of REGEX_RULES with lines it must take and near misses it must leave;
user rules from a file: precedence, sources, and the errors a bad file gets."""

import re

import pytest

from labels import EMBEDDING_LABELS
from regex_processor import REGEX_RULES, RegexClassifier, RulesError, classify_regex, load_rules, match_rule
from tests.conftest import make_settings

TENANT = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
REQ = "req-0b2c7d8e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"
CLAIMS = f"nova.compute.claims [{REQ} 1a2b3c4d5e6f70819203a4b5c6d7e8f9 {TENANT} - - -] " \
         "[instance: 9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d] "
TRACKER = f"nova.compute.resource_tracker [{REQ} - - - - -] "

# rule name -> (lines it must match, lines it must not match)
EXAMPLES = {
    "user_login_logout": (
        ["User u4411 logged in.", "User jane.doe logged out", "User 77 logged in"],
        ["User u4411 failed to log in.", "User jane.doe logged in from 10.0.0.1 via VPN",
         "Admin logged in as User 5"],
    ),
    "account_created": (
        ["Account with ID 8812 created by admin7.", "Account with ID acc-19 created by hr_bot"],
        ["Account with ID 8812 deleted by admin7.", "Account with ID 8812 could not be created"],
    ),
    "backup_started_ended": (
        ["Backup started at 2024-03-01 02:00:00.", "Backup ended at 2024-03-01 02:45:10"],
        ["Backup started at 2024-03-01 02:00:00 but failed", "Backup failed at 2024-03-01 02:00:00"],
    ),
    "backup_completed": (
        ["Backup completed successfully.", "Backup completed successfully"],
        ["Backup completed with errors.", "Backup not completed successfully"],
    ),
    "system_updated": (
        ["System updated to version 4.2.1.", "System updated to version 10.0-rc2"],
        ["System update to version 4.2.1 failed", "System updated to version 4.2.1 with 3 errors"],
    ),
    "file_uploaded": (
        ["File report_q3.xlsx uploaded successfully by user 512.",
         "File a.txt uploaded successfully by user bob"],
        ["File report_q3.xlsx upload failed for user 512",
         "File malware.exe uploaded successfully by user 512 and quarantined"],
    ),
    "disk_cleanup": (
        ["Disk cleanup completed successfully.", "Disk cleanup completed successfully"],
        ["Disk cleanup failed: permission denied", "Disk cleanup completed with warnings"],
    ),
    "reboot_by_user": (
        ["System reboot initiated by user 12.", "System reboot initiated by user ops_admin"],
        ["System reboot failed for user 12", "Unexpected system reboot detected on node 4"],
    ),
    "common_log_format": (
        ['203.0.113.9 - - [11/Mar/2024:22:01:09 -0700] "GET /index.html HTTP/1.1" 200 5123',
         '10.0.0.5 - jdoe [01/Jan/2025:00:00:01 +0000] "POST /api/login HTTP/2.0" 401 - '
         '"https://example.com/" "curl/8.4.0"',
         '192.0.2.44 - - [28/Sep/2023:06:44:12 +0200] "DELETE /api/items/77 HTTP/1.0" 204 -'],
        ['203.0.113.9 - - [11/Mar/2024:22:01:09 -0700] "BREW /pot HTTP/1.1" 418 0',
         "GET /index.html HTTP/1.1 200 5123",
         '203.0.113.9 - - [11/Mar/2024:22:01:09 -0700] "GET /index.html" 200 5123'],
    ),
    "openstack_wsgi_access": (
        [f'nova.osapi_compute.wsgi.server [{REQ} {TENANT} {TENANT} - - -] 10.11.10.1 '
         f'"GET /v2/{TENANT}/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2675118',
         f'nova.metadata.wsgi.server [{REQ} - - - - -] 10.11.10.1 '
         f'"GET /openstack/2013-10-17 HTTP/1.1" HTTP status code - 404 len: 211 time: 0.0968180',
         f'nova.osapi_compute.wsgi.server [{REQ}] 10.0.0.2 "POST /v2/{TENANT}/servers HTTP/1.1" '
         "RCODE  202 len: 733 time: 0.9312231"],
        [f"nova.osapi_compute.wsgi.server [{REQ}] Unexpected exception in API method",
         f'nova.osapi_compute.wsgi.server [{REQ}] 10.0.0.2 "GET /v2/servers HTTP/1.1" '
         "status: 200"],
    ),
    "nova_compute_claims": (
        [CLAIMS + "Attempting claim: memory 2048 MB, disk 20 GB, vcpus 1 CPU",
         CLAIMS + "Total memory: 65536 MB, used: 512.00 MB",
         CLAIMS + "memory limit: 98304.00 MB, free: 97792.00 MB",
         CLAIMS + "Total disk: 1000 GB, used: 20.00 GB",
         CLAIMS + "disk limit not specified, defaulting to unlimited",
         CLAIMS + "Total vcpu: 16 VCPU, used: 3.00 VCPU",
         CLAIMS + "vcpu limit: 64.00 VCPU, free: 61.00 VCPU"],
        [CLAIMS + "Claim successful",
         CLAIMS + "Insufficient compute resources: Free memory 512.00 MB < requested 2048 MB.",
         "Total memory: 65536 MB, used: 512.00 MB"],
    ),
    "nova_resource_tracker": (
        [TRACKER + "Final resource view: name=cp-1.cloud.example.net phys_ram=64386MB "
         "used_ram=2560MB phys_disk=15GB used_disk=20GB total_vcpus=16 used_vcpus=1 pci_stats=[]",
         TRACKER + "Total usable vcpus: 32, total allocated vcpus: 11"],
        [TRACKER + "Compute node record not found for host cp-1",
         TRACKER + "Auditing locally available compute resources for node cp-1"],
    ),
    "sshd_failed_password": (
        ["Failed password for root from 185.220.101.4 port 51234 ssh2",
         "Failed password for invalid user oracle from 61.177.172.19 port 40112 ssh2",
         "Mar  3 12:00:01 bastion-01 sshd[2212]: Failed password for root from 185.220.101.4 port 51234 ssh2",
         "2024-03-03T12:00:01.123+00:00 bastion sshd[2212]: Failed password for git from 10.1.1.1 port 2 ssh2"],
        ["Accepted password for root from 185.220.101.4 port 51234 ssh2",
         "Failed password for root from 185.220.101.4 port 51234 ssh2 extra words here",
         "Mar  3 12:00:01 bastion-01 cron[2212]: Failed password for root from 185.220.101.4 port 51234 ssh2"],
    ),
    "sshd_invalid_user": (
        ["Invalid user oracle from 61.177.172.19 port 40112",
         "Invalid user test from 203.0.113.5"],
        ["Invalid user name supplied in the signup form",
         "Invalid username or password for account 7"],
    ),
    "sshd_accepted": (
        ["Accepted publickey for ci-runner from 10.0.8.15 port 50022 ssh2: RSA SHA256:abcDEF123",
         "Accepted password for carol from 10.0.8.15 port 50022 ssh2",
         "Dec 24 04:21:55 cache-02 sshd[28370]: Accepted publickey for oracle from 149.242.87.63 port 58955 ssh2"],
        ["Accepted connection from 10.0.8.15 port 50022",
         "Accepted terms of service for carol from 10.0.8.15 port 50022 ssh2"],
    ),
    "pam_auth_failure": (
        ["pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
         "rhost=61.177.172.19  user=root",
         "Dec 24 04:22:10 worker-05 sshd[38221]: pam_unix(sshd:auth): authentication failure; "
         "logname= uid=0 euid=0 tty=ssh ruser= rhost=33.172.227.2 user=support",
         "pam_unix(sudo:auth): authentication failure; logname=ec2-user uid=1000 euid=0 "
         "tty=/dev/pts/3 ruser=ec2-user rhost=  user=root"],
        ["pam_unix(sshd:session): session opened for user root by (uid=0)",
         "pam_unix(sshd:auth): check pass; user unknown",
         "pam_unix(sshd:auth): authentication failure for user root, retrying later"],
    ),
    "http_request_status": (
        ["2024-05-01T10:00:00Z checkout request 9f3a GET /api/cart completed with status code 200 in 31 ms",
         "GET /v1/invoices/INV-2231 responded 404 Not Found after 12 ms",
         "INFO HEAD /api/v1/search?page=14&size=20 -> 500 (1714 ms)",
         'envoy "POST /orders HTTP/1.1" status=201 duration=12ms',
         "HTTP request PUT /users/7 status_code=409 latency=3ms"],
        ["GET /api/cart took 31 ms",
         "Failed to GET /api/cart: connection refused",
         "Job GET-REPORT finished with status 200 items",
         "curl'd /api/cart, status 200",
         "GET /api/cart status: ok"],
    ),
    "quoted_request_line": (
        ['"GET /api/recommendations HTTP/1.1" 503 UF upstream_reset_before_response_started',
         '[12/Mar/2024 11:31:02] "GET /admin/jsi18n/ HTTP/1.1" 200 3187',
         'urllib3.connectionpool:https://api.stripe.com:443 "POST /v1/charges HTTP/1.1" 200 1290',
         '172.18.0.1:60412 - "GET /docs HTTP/2" 404 Not Found'],
        ['"GET /docs HTTP/1.1" took 12 ms', 'Request "GET /docs HTTP/1.1" 2000 bytes',
         '"BREW /pot HTTP/1.1" 418'],
    ),
    "kernel_panic": (
        ["Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b",
         "kernel: [ 1204.113] Kernel panic - not syncing: Fatal exception in interrupt"],
        ["System encountered kernel panic during initialization phase",
         "Kernel panic test suite passed"],
    ),
    "out_of_memory_error": (
        ['Exception in thread "batch-worker-3" java.lang.OutOfMemoryError: Java heap space',
         "[pool-3-thread-7] c.acme.ReportJob - Report failed java.lang.OutOfMemoryError: GC overhead limit exceeded",
         "Unhandled exception. System.OutOfMemoryException: Insufficient memory to continue the execution",
         "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"],
        ["OutOfMemory alarm cleared for heap of order-api",
         "java.lang.OutOfMemoryErrorHandler registered",
         "FATAL ERROR: config file missing"],
    ),
    "kernel_oops": (
        ["BUG: unable to handle page fault for address: ffffb8a1c0012000",
         "kernel: BUG: unable to handle kernel NULL pointer dereference at 0000000000000008",
         "BUG: kernel NULL pointer dereference, address: 0000000000000000"],
        ["BUG: ticket JIRA-4412 reopened by qa", "Fixed BUG: unable to log in with SSO"],
    ),
    "segmentation_fault": (
        ["kernel: [5303893.928700] node[7104]: segfault at a4c51414 ip 00003ee984f0f225 "
         "sp 00007ffcf2e1c5f error 6 in libbirch.so.7[70df17000+1f000]",
         "LOG: server process (PID 43136) was terminated by signal 11: Segmentation fault",
         "F libc : Fatal signal 11 (SIGSEGV), code 1, fault addr 0x0 in tid 6756 (system_server)",
         "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a]",
         "systemd[1]: nginx.service: Main process exited, code=killed, status=11/SEGV"],
        ["segfault handler installed for worker 3", "Segmentation faults: 0 in the last hour"],
    ),
    "go_runtime_fatal": (
        ["panic: runtime error: invalid memory address or nil pointer dereference",
         "fatal error: runtime: out of memory",
         "fatal error: concurrent map writes",
         "fatal error: all goroutines are asleep - deadlock!"],
        ["recovered from panic: runtime error: index out of range",
         "fatal error: stdio.h: No such file or directory",
         "http: panic serving 10.0.0.1:5123: runtime error"],
    ),
}
LABELS = {rule.name: rule.label for rule in REGEX_RULES}


def test_every_rule_has_examples():
    assert set(EXAMPLES) == set(LABELS)


def test_table_is_well_formed():
    names = [rule.name for rule in REGEX_RULES]
    assert len(names) == len(set(names))
    for rule in REGEX_RULES:
        re.compile(rule.pattern)
        assert rule.label in EMBEDDING_LABELS
        assert rule.name.isidentifier()


@pytest.mark.parametrize("name, line", [(n, line) for n, (pos, _) in EXAMPLES.items() for line in pos])
def test_rule_matches(name, line):
    assert match_rule(line) == name
    assert classify_regex([line]) == [LABELS[name]]


@pytest.mark.parametrize("name, line", [(n, line) for n, (_, neg) in EXAMPLES.items() for line in neg])
def test_rule_leaves_near_misses(name, line):
    assert match_rule(line) != name


def test_required_texts_only_skip_rules_that_cannot_match():
    """A rule's `requires` is a shortcut: the table answers as the whole alternation does, on every
    example, the training corpus, the holdout sets and generated benchmark lines."""
    import csv
    from pathlib import Path

    from benchmarks.logs import rows
    from canonical import canonical

    whole = re.compile("|".join(f"(?P<{rule.name}>{rule.pattern})" for rule in REGEX_RULES))
    root = Path(__file__).resolve().parent.parent / "training"
    lines = [line for pos, neg in EXAMPLES.values() for line in (*pos, *neg)]
    for path in [root / "dataset" / "corpus.csv", *sorted((root / "holdout").glob("*.csv"))]:
        with path.open(encoding="utf-8", newline="") as handle:
            lines += [row["log_message"] for row in csv.DictReader(handle)]
    lines += [message for *_, message in rows(5_000, 11)]
    lines += [canonical(line).message for line in lines]
    taken = 0
    for line in lines:
        match = whole.fullmatch(line.strip())
        expected = match.lastgroup if match else None
        assert match_rule(line) == expected, line
        taken += expected is not None and REGEX_RULES[[r.name for r in REGEX_RULES].index(expected)].requires != ()
    assert taken > 100  # the guarded rules were exercised, not only skipped
    for rule in REGEX_RULES:
        for line in EXAMPLES[rule.name][0]:
            assert not rule.requires or any(text in line for text in rule.requires), (rule.name, line)


def test_whole_line_only_and_surrounding_whitespace():
    assert match_rule("  Backup completed successfully.  ") == "backup_completed"
    assert match_rule("Note: Backup completed successfully.") is None
    assert classify_regex(["hello there", ""]) == [None, None]


# User rules ------------------------------------------------------------------------------------

def write_rules(tmp_path, text: str):
    path = tmp_path / "rules.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rules_come_first_and_respect_their_source(tmp_path):
    path = write_rules(tmp_path, "pattern,label,source\n"
                       "^User \\S+ logged in\\.$,Security Alert,vpn\n"
                       '"Quote \\d+ approval (?:stalled|timed out)",Workflow Error,\n'
                       "\n"
                       "scheduled for removal,Deprecation Warning,flags\n")
    rules = load_rules(path)
    assert [(r.name, r.label, r.source) for r in rules] == [
        ("rules.csv:2", "Security Alert", "vpn"), ("rules.csv:3", "Workflow Error", None),
        ("rules.csv:5", "Deprecation Warning", "flags")]
    tier = RegexClassifier(rules)
    # A user rule with a source beats the built-in table for that source only.
    assert tier.match("vpn", "User u1 logged in.") == ("rules.csv:2", "Security Alert")
    assert tier.match("web", "User u1 logged in.") == ("user_login_logout", "User Action")
    # Searched anywhere in the message; a source-less rule applies to every source.
    assert tier.match("crm", "Quote 4412 approval stalled for 3 days") == ("rules.csv:3", "Workflow Error")
    assert tier.match("web", "Flag beta-ui is scheduled for removal") is None
    assert tier.match(" flags ", "Flag beta-ui is scheduled for removal")[1] == "Deprecation Warning"
    assert tier.by_source  # so the classifier tells rows of one message apart by their source


def test_source_column_is_optional(tmp_path):
    rules = load_rules(write_rules(tmp_path, "label,pattern\nError,timed out\n"))
    assert [(r.pattern, r.label, r.source) for r in rules] == [("timed out", "Error", None)]


@pytest.mark.parametrize(("text", "message"), [
    ("pattern,label\nfine,Error\n(unclosed,Error\n", "line 3: bad pattern '(unclosed'"),
    ("pattern,label\nfine,Eror\n", "line 2: unknown label 'Eror'; use one of: HTTP Status"),
    ("pattern,label\n,Error\n", "line 2: the pattern is empty"),
    ("pattern,label,source\nstalled,Workflow Error,LegacyCRM\n", "line 2: rows of LegacyCRM always go"),
    ("regex,category\nx,Error\n", "line 1: the header must name the columns pattern,label"),
    ("", "missing: pattern, label"),
])
def test_bad_rules_files_name_the_line(tmp_path, text, message):
    with pytest.raises(RulesError) as raised:
        load_rules(write_rules(tmp_path, text))
    assert message in str(raised.value)
    assert "rules.csv" in str(raised.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(RulesError, match="cannot read it"):
        load_rules(tmp_path / "nowhere.csv")


def test_rules_path_setting(tmp_path):
    path = write_rules(tmp_path, "pattern,label\nstalled,Workflow Error\n")
    assert RegexClassifier.from_settings(make_settings()).user_rules == ()
    assert RegexClassifier.from_settings(make_settings(rules_path="")).user_rules == ()
    tier = RegexClassifier.from_settings(make_settings(rules_path=str(path)))
    assert [rule.label for rule in tier.user_rules] == ["Workflow Error"]
