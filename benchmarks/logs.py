"""Synthetic log CSVs for the benchmarks: this project's own templates, fresh values per row.

Each row is one of ~60 templates (web access lines in combined format, OpenStack
nova access lines, nginx errors, sshd/PAM lines, Kubernetes events, database
errors, backup/deploy notices, resource usage, user actions, LegacyCRM free
text...) filled with values drawn afresh for that row from a seeded generator:
ids, IP addresses, ports, byte counts, durations, request ids, timestamps.
Names that a real system has a bounded number of (hosts, pods, services,
tables, people) come from fixed pools, as they would within one log window.

Columns: ``id`` (0-based row number, to check order), ``timestamp``, ``source``,
``log_message``. The same seed always gives the same file.

    from benchmarks.logs import write_csv
    write_csv(path, rows=50_000, seed=1)
"""

import csv
import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import NamedTuple, TextIO

HEADER = ("id", "timestamp", "source", "log_message")
START = datetime(2026, 11, 2, 0, 0, 0, tzinfo=timezone.utc)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Bounded pools (fixed, independent of the row seed) ---------------------------------------------

_pool_rng = random.Random(4242)
SERVICES = ("payment-service", "order-api", "auth-service", "search-indexer", "billing-worker",
            "report-generator", "notification-service", "inventory-api", "user-service",
            "checkout", "gateway", "ledger", "scheduler", "mailer", "cart-service")
_POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"
PODS = tuple(
    f"{service}-{_pool_rng.getrandbits(40):010x}-{''.join(_pool_rng.choices(_POD_CHARS, k=5))}"
    for service in SERVICES for _ in range(3)
)
NAMESPACES = ("default", "prod", "staging", "payments", "platform")
POD_NAMESPACE = {pod: NAMESPACES[i % len(NAMESPACES)] for i, pod in enumerate(PODS)}  # a pod lives in one
HOSTS = tuple(f"{kind}-{n:02d}" for kind in ("web", "app", "db", "worker", "cache") for n in range(1, 9))
TABLES = ("orders", "invoices", "users", "payments", "sessions", "accounts", "shipments",
          "ledger_entries", "audit_log", "products", "subscriptions", "employees")
DATABASES = ("crm", "billing", "hr", "analytics", "inventory")
PEOPLE = tuple(f"{first}.{last}" for first in ("alice", "bob", "carol", "dave", "erin", "frank",
                                                "grace", "heidi", "ivan", "judy", "omar", "priya")
               for last in ("smith", "jones", "garcia", "nguyen", "kumar", "rossi"))
SYSTEM_USERS = ("root", "admin", "deploy", "ubuntu", "postgres", "jenkins", "git", "backup",
                "oracle", "test", "guest", "support")
PATHS = ("/api/orders", "/api/users", "/api/invoices", "/api/cart", "/login", "/logout",
         "/static/app.js", "/static/main.css", "/images/logo.png", "/api/search", "/health",
         "/api/payments", "/checkout", "/admin", "/api/products", "/favicon.ico")
METHODS = ("GET",) * 6 + ("POST",) * 2 + ("PUT", "DELETE", "PATCH", "HEAD")
STATUSES = (200,) * 14 + (201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503)
AGENTS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0 Safari/537.36", "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 "
          "Firefox/126.0", "curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1",
          "kube-probe/1.30")
MOUNTS = ("/", "/var", "/var/lib/postgresql", "/data", "/home", "/tmp", "/var/log")
JOBS = ("nightly-etl", "payroll-export", "invoice-run", "report-build", "index-rebuild",
        "data-sync", "cache-warm", "archive-logs")
VERSIONS = tuple(f"{a}.{b}.{c}" for a in (3, 4, 5) for b in range(0, 4) for c in range(0, 3))
# Each service answers on a few routes of its own.
SERVICE_ROUTES = {service: tuple(_pool_rng.sample(PATHS, 3)) for service in SERVICES}
SOURCES_APP = ("ModernCRM", "ModernHR", "BillingSystem", "AnalyticsEngine", "ThirdPartyAPI",
               "InventoryService", "PaymentGateway")


# Fresh values -------------------------------------------------------------------------------

class Row:
    """What a template may use: the generator and the row's own timestamp."""

    __slots__ = ("r", "ts")

    def __init__(self, r: random.Random, ts: datetime):
        self.r = r
        self.ts = ts

    def n(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def pick(self, options):
        return options[int(self.r.random() * len(options))]

    def ip(self) -> str:
        r = self.r.getrandbits(32)
        return f"{(r >> 24) % 223 + 1}.{(r >> 16) & 255}.{(r >> 8) & 255}.{r & 255}"

    def private_ip(self) -> str:
        return f"10.{self.n(0, 255)}.{self.n(0, 255)}.{self.n(1, 254)}"

    def uuid(self) -> str:
        h = f"{self.r.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hexid(self, digits: int = 16) -> str:
        return f"{self.r.getrandbits(4 * digits):0{digits}x}"

    def uid(self) -> str:
        return f"User{self.n(1, 99_999)}"

    def secs(self) -> str:
        return f"{self.r.random() * 30:.3f}"

    def clf_time(self) -> str:
        t = self.ts
        return f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t:%H:%M:%S} +0000"

    def syslog_time(self) -> str:
        t = self.ts
        return f"{MONTHS[t.month - 1]} {t.day:2d} {t:%H:%M:%S}"

    def iso(self) -> str:
        return self.ts.strftime("%Y-%m-%dT%H:%M:%S") + f".{self.n(0, 999):03d}Z"


class Template(NamedTuple):
    weight: float
    sources: tuple[str, ...]
    make: Callable[[Row], str]


def _access(x: Row) -> str:
    path = x.pick(PATHS)
    if path.startswith("/api/") and x.r.random() < 0.7:
        path = f"{path}/{x.n(1, 999_999)}"
    user = "-" if x.r.random() < 0.8 else x.pick(SYSTEM_USERS)
    return (f'{x.ip()} - {user} [{x.clf_time()}] "{x.pick(METHODS)} {path} HTTP/1.1" '
            f'{x.pick(STATUSES)} {x.n(0, 250_000)} "-" "{x.pick(AGENTS)}"')


def _nova(x: Row) -> str:
    verb, path = x.pick((("GET", "/v2/{t}/servers/detail"), ("GET", "/v2/{t}/servers/{u}"),
                         ("POST", "/v2/{t}/os-server-external-events"), ("DELETE", "/v2/{t}/servers/{u}")))
    path = path.format(t=x.hexid(32), u=x.uuid())
    return (f"nova.osapi_compute.wsgi.server [req-{x.uuid()} {x.hexid(32)} {x.hexid(32)} - - -] "
            f'{x.private_ip()} "{verb} {path} HTTP/1.1" status: {x.pick((200, 200, 202, 204, 404))} '
            f"len: {x.n(200, 2_500)} time: {x.r.random():.7f}")


def _pod_event(x: Row, kind: str, text: str) -> str:
    pod = x.pick(PODS)
    return f"{x.iso()} {kind} pod/{pod} " + text.format(ns=POD_NAMESPACE[pod], pod=pod)


WEB = ("WebFrontend",)
AUTH = ("AuthGateway", "ssh-bastion")
K8S = ("k8s-cluster",)
DB = ("PostgresDB", "BillingSystem", "ModernCRM")
OPS = ("BackupService", "DeployBot", "ModernHR", "BillingSystem")
APP = SOURCES_APP

TEMPLATES: tuple[Template, ...] = (
    # HTTP (regex tier: combined log format, nova access lines; embedding tier: the rest)
    Template(30, WEB, _access),
    Template(4, ("OpenStack",), _nova),
    Template(1.5, WEB, lambda x: f"{x.iso()} {(s := x.pick(SERVICES))} request {x.hexid()} {x.pick(METHODS)} "
             f"{x.pick(SERVICE_ROUTES[s])} completed with status code {x.pick(STATUSES)} in {x.n(1, 4_000)} ms"),
    Template(1, WEB, lambda x: f"{x.ts:%Y/%m/%d %H:%M:%S} [error] {x.n(100, 9_999)}#{x.n(0, 8)}: *{x.n(1, 10**7)} "
             f"upstream timed out (110: Connection timed out) while reading response header from upstream, "
             f'client: {x.ip()}, server: api.example.com, request: "GET {(path := x.pick(PATHS))} HTTP/1.1", '
             f'upstream: "http://{x.private_ip()}:8080{path}"'),
    Template(1, APP, lambda x: f"Outbound call to partner API returned HTTP {x.pick((404, 429, 500, 502, 503))} "
             f"after {x.n(10, 9_000)} ms (request id {x.hexid(12)})"),
    # User actions (regex tier for logged in/out and account creation)
    Template(6, ("ModernCRM", "ModernHR"), lambda x: f"User {x.uid()} logged {x.pick(('in', 'out'))}."),
    Template(1.5, ("ModernCRM",), lambda x: f"Account with ID {x.n(1, 99_999)} created by {x.uid()}."),
    Template(1, APP, lambda x: f"{x.uid()} updated profile settings (fields changed: {x.n(1, 6)})"),
    Template(1, APP, lambda x: f"User {x.pick(PEOPLE)} exported {x.n(1, 50_000)} records from the {x.pick(TABLES)} report"),
    Template(1, ("ModernHR",), lambda x: f"Password changed for user {x.uid()} from {x.ip()}"),
    Template(1, ("BillingSystem",), lambda x: f"{x.uid()} downloaded invoice INV-{x.n(10_000, 999_999)}"),
    Template(0.8, APP, lambda x: f"User {x.uid()} added item {x.n(1, 99_999)} to cart {x.hexid(8)}"),
    # Security
    Template(3, AUTH, lambda x: f"{x.syslog_time()} {x.pick(HOSTS)} sshd[{x.n(300, 65_000)}]: Failed password for "
             f"invalid user {x.pick(SYSTEM_USERS)} from {x.ip()} port {x.n(1_024, 65_535)} ssh2"),
    Template(1.5, AUTH, lambda x: f"{x.syslog_time()} {x.pick(HOSTS)} sshd[{x.n(300, 65_000)}]: Accepted publickey for "
             f"{x.pick(SYSTEM_USERS)} from {x.ip()} port {x.n(1_024, 65_535)} ssh2"),
    Template(1, AUTH, lambda x: f"{x.syslog_time()} {x.pick(HOSTS)} sshd[{x.n(300, 65_000)}]: pam_unix(sshd:auth): "
             f"authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={x.ip()} user={x.pick(SYSTEM_USERS)}"),
    Template(1, ("AuthGateway",), lambda x: f"Multiple failed login attempts for {x.pick(SYSTEM_USERS)} account from "
             f"{x.ip()} within {x.n(10, 120)} seconds"),
    Template(0.6, ("AuthGateway",), lambda x: f"User {x.uid()} attempted privilege escalation to root on {x.pick(HOSTS)}"),
    Template(0.6, WEB, lambda x: f"Possible SQL injection blocked from {x.ip()}: payload in parameter q of {x.pick(PATHS)}"),
    Template(0.5, ("AuthGateway",), lambda x: f"API key {x.hexid(8)}... used from unrecognized IP {x.ip()}, request denied"),
    Template(0.4, ("AuthGateway",), lambda x: f"Brute force detected: {x.n(50, 5_000)} requests from {x.ip()} in {x.n(1, 10)} minutes, address blocked"),
    # Kubernetes
    Template(2, K8S, lambda x: _pod_event(x, "Normal Scheduled", "Successfully assigned {ns}/{pod} to node "
             + x.pick(HOSTS))),
    Template(1.5, K8S, lambda x: _pod_event(x, "Warning BackOff", "Back-off restarting failed container in pod "
             "{ns}/{pod}")),
    Template(1, K8S, lambda x: f"{x.iso()} Warning OOMKilling node/{x.pick(HOSTS)} Memory cgroup out of memory: "
             f"Killed process {x.n(1_000, 99_999)} (java) total-vm:{x.n(10**6, 9 * 10**6)}kB"),
    Template(1, K8S, lambda x: f"{x.iso()} Normal ScalingReplicaSet deployment/{x.pick(SERVICES)} Scaled up replica set "
             f"to {x.n(2, 40)}"),
    Template(0.8, K8S, lambda x: f"{x.iso()} Warning Unhealthy pod/{x.pick(PODS)} Readiness probe failed: "
             f"HTTP probe failed with statuscode: {x.pick((500, 503))}"),
    Template(0.5, K8S, lambda x: f"{x.iso()} Warning NodeNotReady node/{x.pick(HOSTS)} Node is not ready: "
             f"kubelet stopped posting node status"),
    # Databases and errors
    Template(1.5, DB, lambda x: f"{x.iso()} ERROR: duplicate key value violates unique constraint "
             f"\"{x.pick(TABLES)}_pkey\" (key id={x.n(1, 10**7)})"),
    Template(1, DB, lambda x: f"{x.iso()} ERROR: deadlock detected while updating {x.pick(TABLES)}; process "
             f"{x.n(1_000, 65_000)} waits for ShareLock on transaction {x.n(10**6, 10**8)}"),
    Template(1, DB, lambda x: f"Connection to database {x.pick(DATABASES)} on {x.pick(HOSTS)}:5432 timed out after "
             f"{x.n(5, 60)} s (attempt {x.n(1, 5)})"),
    Template(0.8, DB, lambda x: f"Query on {x.pick(TABLES)} took {x.n(2_000, 90_000)} ms, exceeding the slow query "
             f"threshold"),
    Template(1, APP, lambda x: f"Failed to send confirmation email to customer {x.n(1, 999_999)}: SMTP server "
             f"returned 451"),
    Template(1, APP, lambda x: f"Invoice generation for batch {x.n(1, 9_999)} failed: template file missing"),
    Template(0.8, APP, lambda x: f"Payment {x.uuid()} declined: card processor timeout after {x.secs()} s"),
    Template(0.8, APP, lambda x: f"Unable to parse CSV upload {x.hexid(8)}.csv: unexpected end of line at row "
             f"{x.n(1, 100_000)}"),
    Template(0.6, ("ThirdPartyAPI",), lambda x: f"Webhook delivery {x.hexid(12)} to partner endpoint failed with "
             f"connection reset, will retry in {x.n(1, 300)} s"),
    # Critical
    Template(0.5, OPS, lambda x: f"Kernel panic on host {x.pick(HOSTS)}: system halted and cannot boot"),
    Template(0.5, DB, lambda x: f"Primary database cluster {x.pick(DATABASES)} is down: all {x.n(2, 8)} replicas "
             f"unreachable, writes rejected"),
    Template(0.4, OPS, lambda x: f"RAID array on {x.pick(HOSTS)} degraded: disk {x.n(0, 11)} failed, data loss "
             f"imminent"),
    Template(0.4, APP, lambda x: f"Primary mail relay is down: no outgoing email can be delivered for "
             f"{x.n(10, 9_000)} tenants"),
    Template(0.3, ("PostgresDB",), lambda x: f"{x.iso()} PANIC: could not write to file pg_wal/{x.hexid(24).upper()}: "
             f"No space left on device"),
    # System notifications (regex tier for backups, updates, uploads, cleanup, reboots)
    Template(1.5, OPS, lambda x: "Backup completed successfully."),
    Template(1.5, OPS, lambda x: f"Backup {x.pick(('started', 'ended'))} at {x.ts:%Y-%m-%d %H:%M:%S}."),
    Template(1, OPS, lambda x: f"System updated to version {x.pick(VERSIONS)}."),
    Template(1, APP, lambda x: f"File report_{x.n(1, 9_999)}.csv uploaded successfully by user {x.uid()}."),
    Template(0.8, OPS, lambda x: "Disk cleanup completed successfully."),
    Template(0.6, OPS, lambda x: f"System reboot initiated by user {x.uid()}."),
    Template(1.5, ("DeployBot",), lambda x: f"Deployment of {x.pick(SERVICES)} {x.pick(VERSIONS)} to "
             f"{x.pick(NAMESPACES)} finished in {x.n(20, 900)} s (build {x.n(1_000, 99_999)})"),
    Template(1, OPS, lambda x: f"Scheduled job {x.pick(JOBS)} run {x.n(1, 10**6)} completed, {x.n(0, 10**6)} records processed"),
    Template(0.8, OPS, lambda x: f"Certificate for {x.pick(SERVICES)}.example.com renewed, valid until "
             f"{x.n(2027, 2028)}-{x.n(1, 12):02d}-{x.n(1, 28):02d}"),
    Template(0.6, OPS, lambda x: f"Configuration reloaded on {x.pick(HOSTS)} ({x.n(1, 40)} settings changed)"),
    Template(0.6, ("BackupService",), lambda x: f"Snapshot snap-{x.hexid(17)} of volume vol-{x.hexid(17)} created "
             f"({x.n(1, 2_000)} GB)"),
    # Resource usage
    Template(2, ("AnalyticsEngine", "k8s-cluster", "ModernHR"), lambda x: f"Memory usage on {x.pick(HOSTS)} at "
             f"{x.n(50, 99)}% of {x.pick((8, 16, 32, 64))} GB limit"),
    Template(1.5, APP, lambda x: f"CPU usage of {x.pick(SERVICES)} averaged {x.n(40, 100)}% over the last "
             f"{x.n(1, 15)} minutes"),
    Template(1.5, OPS, lambda x: f"Disk usage of {x.pick(MOUNTS)} on {x.pick(HOSTS)} reached {x.n(70, 99)} percent"),
    Template(0.8, DB, lambda x: f"Connection pool for {x.pick(DATABASES)} at {x.n(80, 100)}/{100} connections in use"),
    Template(0.6, K8S, lambda x: f"Node {x.pick(HOSTS)} network throughput {x.r.random() * 10:.2f} Gbit/s, "
             f"{x.n(60, 99)}% of link capacity"),
    # LegacyCRM: always the LLM tier (Unclassified when the LLM is off)
    Template(0.6, ("LegacyCRM",), lambda x: f"Case escalation for ticket ID {x.n(1, 99_999)} failed: escalation "
             f"matrix has no owner for tier {x.n(1, 4)}."),
    Template(0.4, ("LegacyCRM",), lambda x: f"The 'ReportGenerator' module will be retired in version "
             f"{x.pick(VERSIONS)}; migrate to the new reporting API."),
    Template(0.4, ("LegacyCRM",), lambda x: f"Lead conversion failed for prospect ID {x.n(1, 99_999)} due to "
             f"missing contact information."),
    Template(0.3, ("LegacyCRM",), lambda x: f"Customer follow-up task {x.n(1, 99_999)} for {x.pick(PEOPLE)} "
             f"could not be scheduled: calendar sync disabled."),
)


def rows(count: int, seed: int = 1) -> Iterator[tuple[int, str, str, str]]:
    """`count` rows (id, timestamp, source, log_message), streamed."""
    r = random.Random(seed)
    weights = [t.weight for t in TEMPLATES]
    ts = START + timedelta(seconds=r.randint(0, 86_400 * 300))
    done = 0
    while done < count:
        block = min(4_096, count - done)
        for template in r.choices(TEMPLATES, weights=weights, k=block):
            ts += timedelta(milliseconds=r.randint(0, 400))
            x = Row(r, ts)
            yield done, ts.strftime("%Y-%m-%d %H:%M:%S"), x.pick(template.sources), template.make(x)
            done += 1


def write_csv(target: TextIO | str, count: int, seed: int = 1) -> int:
    """Write a CSV of `count` rows to a path or an open text file; returns the row count."""
    if isinstance(target, str) or hasattr(target, "__fspath__"):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            return write_csv(handle, count, seed)
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(count, seed))
    return count


# Many templates ---------------------------------------------------------------------------------

_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]


def wide_rows(templates: int, count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """`count` rows (source, log_message, label) spread evenly over `templates` unrelated templates.

    Each template is six made-up words that no other shares, then ``code <n>``
    (five values per template), so Drain keeps them apart; row i has template
    i % templates. Labels by template number t: Error when t % 10 == 0, Security
    Alert when t % 37 == 0, else System Notification.
    """
    r = random.Random(seed)
    words = [" ".join("".join(r.choice(_SYLLABLES) for _ in range(3)) for _ in range(6))
             for _ in range(templates)]

    def label(t: int) -> str:
        return "Error" if t % 10 == 0 else "Security Alert" if t % 37 == 0 else "System Notification"

    return [("svc", f"{words[i % templates]} code {(i // templates) % 5}", label(i % templates))
            for i in range(count)]
