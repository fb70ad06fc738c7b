"""Write the labeled training corpus for the embedding tier.

Every line is built from this project's own templates: real log formats (web
access logs, OpenStack nova, sshd/PAM, Kubernetes, databases, ...) and many
free-text phrasings per category, with ids, addresses, numbers and names drawn
from a seeded random generator, so the same arguments always give the same file.

Besides the seven embedding categories, the corpus holds an out-of-domain class
(``Unclassified``): text that is not a log line at all (gibberish, chit-chat,
questions, word salad). It teaches the classifier where its categories end, so
such text never gets a confident category.

Template syntax: ``{name}`` is filled by the generator of that name (see
``FILLERS``); ``{a|b|c}`` picks one of the alternatives. Templates that need
literal braces or pipes are functions of the random generator instead.

    python training/generate_corpus.py [--out training/dataset/corpus.csv] [--per-label 1200]
"""

import argparse
import csv
import random
import re
import string
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from labels import (  # noqa: E402
    CRITICAL_ERROR,
    ERROR,
    HTTP_STATUS,
    RESOURCE_USAGE,
    SECURITY_ALERT,
    SYSTEM_NOTIFICATION,
    UNCLASSIFIED,
    USER_ACTION,
)

DEFAULT_OUT = REPO_ROOT / "training" / "dataset" / "corpus.csv"
DEFAULT_PER_LABEL = 1200
DEFAULT_SEED = 20240611
OUT_OF_DOMAIN = UNCLASSIFIED
CORPUS_LABELS = (
    HTTP_STATUS,
    CRITICAL_ERROR,
    SECURITY_ALERT,
    ERROR,
    SYSTEM_NOTIFICATION,
    RESOURCE_USAGE,
    USER_ACTION,
    OUT_OF_DOMAIN,
)

APP_SOURCES = ("ModernCRM", "ModernHR", "BillingSystem", "AnalyticsEngine", "ThirdPartyAPI",
               "InventoryService", "PaymentGateway", "AuthService", "NotificationHub")

# Fillers ---------------------------------------------------------------------------------------

FIRST = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
         "mallory", "oscar", "peggy", "rupert", "sybil", "trent", "victor", "wendy", "yusuf",
         "zoe", "priya", "chen", "fatima", "lars", "mei", "omar", "sofia", "tariq", "ines")
LAST = ("smith", "jones", "garcia", "nguyen", "kumar", "muller", "rossi", "tanaka", "silva",
        "kowalski", "obrien", "haddad", "novak", "larsen", "dubois")
SERVICE_ACCOUNTS = ("root", "admin", "deploy", "ubuntu", "ec2-user", "postgres", "jenkins",
                    "git", "backup", "oracle", "test", "guest", "support", "www-data")
SERVICES = ("payment-service", "order-api", "auth-service", "search-indexer", "billing-worker",
            "report-generator", "notification-service", "inventory-api", "user-service",
            "checkout", "gateway", "ledger", "scheduler", "mailer", "cart-service",
            "recommendation-engine", "etl-runner", "webhook-dispatcher", "invoice-service")
CORE_COMPONENTS = ("primary database cluster", "message broker", "authentication service",
                   "storage controller", "load balancer", "core scheduler", "mail transfer agent",
                   "DNS resolver", "payment processor", "cluster control plane", "API gateway",
                   "session store", "config service", "identity provider", "object storage backend",
                   "license server", "job orchestrator", "main application server")
TABLES = ("orders", "invoices", "users", "payments", "sessions", "accounts", "shipments",
          "ledger_entries", "audit_log", "products", "subscriptions", "employees", "payroll")
NAMESPACES = ("default", "prod", "staging", "payments", "analytics", "kube-system", "billing",
              "crm", "hr", "monitoring")
IMAGES = ("nginx", "redis", "postgres", "api-server", "worker", "billing-app", "crm-web",
          "hr-portal", "analytics-job", "envoy", "fluent-bit", "prometheus")
PATHS = ("/", "/index.html", "/login", "/logout", "/api/v1/users", "/api/v1/orders",
         "/api/v2/invoices", "/api/v1/payments/charge", "/static/js/app.js", "/static/css/main.css",
         "/favicon.ico", "/health", "/metrics", "/admin", "/api/v1/search", "/checkout",
         "/cart/items", "/reports/monthly.pdf", "/images/logo.png", "/robots.txt",
         "/api/v1/employees", "/api/v3/customers", "/wp-login.php", "/graphql", "/oauth/token",
         "/api/v1/products", "/download/export.csv", "/account/settings", "/signup")
REFERERS = ("-", "https://www.example.com/", "https://shop.example.org/cart",
            "https://www.google.com/search?q=pricing", "https://intranet.local/dashboard")
AGENTS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_4) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15",
          "curl/8.4.0", "python-requests/2.31.0", "Go-http-client/1.1", "kube-probe/1.29",
          "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
          "Googlebot/2.1 (+http://www.google.com/bot.html)", "okhttp/4.12.0", "PostmanRuntime/7.36.0")
STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
               301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request",
               401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
               409: "Conflict", 413: "Payload Too Large", 422: "Unprocessable Entity",
               429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
               503: "Service Unavailable", 504: "Gateway Timeout"}
STATUS_WEIGHTS = {200: 30, 201: 4, 202: 1, 204: 3, 301: 2, 302: 4, 304: 5, 400: 3, 401: 3,
                  403: 2, 404: 6, 405: 1, 409: 1, 413: 1, 422: 1, 429: 1, 500: 3, 502: 2,
                  503: 2, 504: 1}
METHODS = ("GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
FILE_NAMES = ("report_q3.xlsx", "invoice_8841.pdf", "avatar.png", "contract.docx", "export.csv",
              "payroll_2024.zip", "notes.txt", "presentation.pptx", "dataset.parquet", "logo.svg")
COUNTRIES = ("Romania", "Brazil", "Vietnam", "Russia", "China", "Nigeria", "Netherlands",
             "United States", "India", "Ukraine")
SETTINGS_NAMES = ("notification preferences", "time zone", "language", "display theme",
                  "email signature", "privacy settings", "default currency", "dashboard layout",
                  "two-factor settings", "working hours")
JOB_NAMES = ("nightly-export", "invoice-batch", "report-build", "customer-sync", "etl-daily",
             "index-rebuild", "payroll-run", "thumbnail-gen", "data-import", "ledger-close",
             "email-digest", "cache-warmup", "archive-job")
WORDS = ("apple", "river", "window", "purple", "seven", "galaxy", "pencil", "mountain", "happy",
         "blanket", "orange", "silent", "thunder", "garden", "yellow", "ocean", "candle", "guitar",
         "bicycle", "coffee", "kitten", "forest", "mirror", "planet", "sandwich", "tiger", "cloud",
         "velvet", "marble", "lemon", "rocket", "pillow", "whisper", "banana", "piano", "dragon",
         "meadow", "cookie", "saturn", "violin", "tomato", "puzzle", "feather", "island",
         "carpet", "honey", "lantern", "noodle", "pebble", "quartz", "ribbon", "shadow")


def _hex(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _uuid(rng):
    return f"{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}"


def _ip(rng):
    first = rng.choice((10, 172, 192, 45, 81, 103, 185, 203, 62, 91, 116, 198))
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _user(rng):
    style = rng.random()
    if style < 0.35:
        return rng.choice(FIRST)
    if style < 0.6:
        return f"{rng.choice(FIRST)}.{rng.choice(LAST)}"
    if style < 0.8:
        return f"{rng.choice(FIRST)[0]}{rng.choice(LAST)}{rng.randint(1, 99)}"
    return f"user{rng.randint(100, 99999)}"


def _status(rng):
    codes = list(STATUS_WEIGHTS)
    return rng.choices(codes, weights=[STATUS_WEIGHTS[c] for c in codes])[0]


def _clf_ts(rng):
    month = rng.choice(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec"))
    return (f"{rng.randint(1, 28):02d}/{month}/{rng.randint(2022, 2025)}:"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} "
            f"{rng.choice(('+0000', '+0100', '-0500', '+0530'))}")


def _iso_ts(rng):
    return (f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"{rng.choice(('T', ' '))}{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d}{rng.choice(('', '.123', 'Z', '+00:00', ',512'))}")


def _syslog_ts(rng):
    month = rng.choice(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec"))
    return f"{month} {rng.randint(1, 28):>2} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:" \
           f"{rng.randint(0, 59):02d}"


def _host(rng):
    return rng.choice(("web", "app", "db", "node", "worker", "api", "srv", "k8s-node", "edge",
                       "prod-app", "ip-10-0")) + f"-{rng.randint(1, 40):02d}"


def _path(rng):
    path = rng.choice(PATHS)
    roll = rng.random()
    if roll < 0.25:
        path = path.rstrip("/") + f"/{rng.randint(1, 99999)}"
    elif roll < 0.35:
        path += f"?page={rng.randint(1, 50)}&size={rng.choice((10, 20, 50))}"
    return path


FILLERS = {
    "ip": _ip,
    "port": lambda r: str(r.randint(1024, 65535)),
    "user": _user,
    "sysuser": lambda r: r.choice(SERVICE_ACCOUNTS),
    "uid": lambda r: str(r.randint(1000, 99999)),
    "n": lambda r: str(r.randint(2, 60)),
    "big": lambda r: str(r.randint(100, 500000)),
    "pct": lambda r: str(r.randint(71, 99)),
    "lowpct": lambda r: str(r.randint(3, 65)),
    "float": lambda r: f"{r.uniform(0.1, 64):.1f}",
    "ms": lambda r: str(r.randint(2, 30000)),
    "gb": lambda r: str(r.choice((8, 16, 20, 32, 40, 64, 80, 100, 128, 256, 500, 1024))),
    "mb": lambda r: str(r.choice((512, 1024, 2048, 4096, 8192, 16384, 32768, 65536))),
    "cpu": lambda r: str(r.choice((1, 2, 4, 8, 16, 32, 48, 64))),
    "uuid": _uuid,
    "hex": lambda r: _hex(r, 32),
    "shorthex": lambda r: _hex(r, r.choice((7, 8, 12))),
    "id": lambda r: str(r.randint(1, 9999)),
    "acct": lambda r: r.choice(("ACC", "Acct", "CUST", "EMP", "acct-")) + str(r.randint(100, 99999)),
    "service": lambda r: r.choice(SERVICES),
    "core": lambda r: r.choice(CORE_COMPONENTS),
    "table": lambda r: r.choice(TABLES),
    "ns": lambda r: r.choice(NAMESPACES),
    "image": lambda r: r.choice(IMAGES),
    "pod": lambda r: f"{r.choice(SERVICES)}-{_hex(r, r.choice((9, 10)))}-{_hex(r, 5)}",
    "node": _host,
    "host": _host,
    "path": _path,
    "method": lambda r: r.choice(METHODS),
    "status": lambda r: str(_status(r)),
    "version": lambda r: f"{r.randint(1, 12)}.{r.randint(0, 30)}.{r.randint(0, 40)}",
    "file": lambda r: r.choice(FILE_NAMES),
    "email": lambda r: f"{r.choice(FIRST)}.{r.choice(LAST)}@{r.choice(('example.com', 'corp.local', 'mail.org', 'acme.io'))}",
    "country": lambda r: r.choice(COUNTRIES),
    "setting": lambda r: r.choice(SETTINGS_NAMES),
    "job": lambda r: r.choice(JOB_NAMES),
    "dev": lambda r: r.choice(("/dev/sda", "/dev/sdb", "/dev/nvme0n1", "/dev/vda", "/dev/md0",
                               "/dev/xvdf")) + r.choice(("", "1", "2", "p1")),
    "mount": lambda r: r.choice(("/", "/var", "/data", "/var/lib/postgresql", "/home", "/tmp",
                                 "/var/log", "/mnt/backups", "/opt")),
    "date": lambda r: f"{r.randint(2022, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
    "ts": _iso_ts,
    "word": lambda r: r.choice(WORDS),
    "shard": lambda r: str(r.randint(0, 128)),
    "pid": lambda r: str(r.randint(300, 65000)),
    "region": lambda r: r.choice(("us-east-1", "eu-west-1", "ap-south-1", "eu-central-1",
                                  "us-west-2")),
    "db": lambda r: r.choice(("crm", "hr", "billing", "analytics", "inventory", "orders_db",
                              "main")),
}

_SLOT = re.compile(r"\{([^{}]*)\}")


def fill(template: str, rng: random.Random) -> str:
    """A line from a template: choices `{a|b}` picked and fillers `{name}` drawn."""
    def replace(match: re.Match) -> str:
        body = match.group(1)
        if "|" in body:
            return rng.choice(body.split("|"))
        return FILLERS[body](rng)

    # Fillers first (alternatives may contain them), then choices, innermost first.
    template = re.sub(r"\{([^{}|]+)\}", replace, template)
    previous = None
    while previous != template:
        previous = template
        template = _SLOT.sub(replace, template)
    return template


# Structured formats (functions: they need literal braces, quotes or pipes) ----------------------

def apache_common(rng):
    user = rng.choice(("-", "-", "-", _user(rng)))
    size = rng.choice(("-", str(rng.randint(0, 250000))))
    return (f'{_ip(rng)} - {user} [{_clf_ts(rng)}] "{rng.choice(METHODS)} {_path(rng)} '
            f'HTTP/{rng.choice(("1.0", "1.1", "1.1", "2.0"))}" {_status(rng)} {size}')


def apache_combined(rng):
    return (apache_common(rng)
            + f' "{rng.choice(REFERERS)}" "{rng.choice(AGENTS)}"')


def nginx_with_timing(rng):
    return (apache_combined(rng)
            + f" rt={rng.uniform(0.001, 3):.3f} uct=\"{rng.uniform(0, 0.01):.3f}\" "
            f"urt=\"{rng.uniform(0.001, 3):.3f}\"")


def nova_api(rng):
    tenant = _hex(rng, 32)
    kind = rng.choice(("servers/detail", "servers", f"servers/{_uuid(rng)}", "flavors/detail",
                       f"servers/{_uuid(rng)}/action", "os-keypairs", "images/detail",
                       "os-hypervisors", "limits"))
    method = rng.choice(("GET", "GET", "GET", "POST", "DELETE", "PUT"))
    status = rng.choice((200, 200, 200, 202, 204, 404, 400, 409, 500))
    status_part = rng.choice((f"status: {status}", f"status: {status}",
                              f"HTTP status code - {status}", f"RCODE  {status}",
                              f"status code: {status}"))
    server = rng.choice(("nova.osapi_compute.wsgi.server", "nova.metadata.wsgi.server",
                         "nova.api.openstack.wsgi.server"))
    return (f'{server} [req-{_uuid(rng)} {_hex(rng, 32)} {tenant} - - -] {_ip(rng)} '
            f'"{method} /v2/{tenant}/{kind} HTTP/1.1" {status_part} '
            f"len: {rng.randint(150, 9000)} time: {rng.uniform(0.01, 2.5):.7f}")


def rails_completed(rng):
    status = _status(rng)
    return (f"Completed {status} {STATUS_TEXT[status]} in {rng.randint(2, 4000)}ms "
            f"(Views: {rng.uniform(0, 80):.1f}ms | ActiveRecord: {rng.uniform(0, 300):.1f}ms)")


def reason_phrase(rng):
    """Free-text lines naming the status with its reason phrase ("404 Not Found")."""
    status = _status(rng)
    text = f"{status} {STATUS_TEXT[status]}"
    method, path = rng.choice(METHODS), _path(rng)
    return rng.choice((
        f"{method} {path} -> {text}",
        f"{method} {path}: {text}",
        f"{rng.choice(SERVICES)} replied {text} for {method} {path}",
        f"Response {text} returned to {_ip(rng)} for {path}",
        f"{text} - {method} {path} ({rng.randint(1, 3000)} ms)",
        f"Endpoint {path} answered {text}",
        f"The {rng.choice(('upstream', 'backend', 'origin', 'partner API'))} sent back {text} on {method} {path}",
        f"HTTP/1.1 {text}",
    ))


def logfmt_request(rng):
    return (f"level=info method={rng.choice(METHODS)} path={_path(rng)} status={_status(rng)} "
            f"duration={rng.randint(1, 5000)}ms bytes={rng.randint(0, 90000)} "
            f"remote_addr={_ip(rng)}")


def json_request(rng):
    return ('{"remote_addr":"%s","request":"%s %s HTTP/1.1","status":%d,"body_bytes_sent":%d,'
            '"request_time":%.3f}' % (_ip(rng), rng.choice(METHODS), _path(rng), _status(rng),
                                       rng.randint(0, 90000), rng.uniform(0.001, 3)))


def iis_log(rng):
    return (f"{_iso_ts(rng)[:10]} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d} {_ip(rng)} {rng.choice(METHODS)} {_path(rng)} - 443 - "
            f"{_ip(rng)} {rng.choice(AGENTS).replace(' ', '+')} {_status(rng)} 0 0 "
            f"{rng.randint(1, 3000)}")


def nova_claim(rng):
    prefix = (f"nova.compute.claims [req-{_uuid(rng)} {_hex(rng, 32)} {_hex(rng, 32)} - - -] "
              f"[instance: {_uuid(rng)}] ")
    total_mb = rng.choice((16384, 32768, 65536, 131072, 262144))
    total_gb = rng.choice((100, 200, 500, 1000, 2000))
    vcpus = rng.choice((8, 16, 24, 32, 48, 64))
    body = rng.choice((
        f"Attempting claim: memory {rng.choice((512, 1024, 2048, 4096, 8192))} MB, "
        f"disk {rng.choice((1, 10, 20, 40, 80))} GB, vcpus {rng.choice((1, 2, 4, 8))} CPU",
        f"Total memory: {total_mb} MB, used: {rng.randint(512, total_mb)}.00 MB",
        f"memory limit: {total_mb * 1.5:.2f} MB, free: {rng.uniform(100, total_mb):.2f} MB",
        f"Total disk: {total_gb} GB, used: {rng.randint(0, total_gb)}.00 GB",
        f"disk limit: {total_gb}.00 GB, free: {rng.randint(1, total_gb)}.00 GB",
        "disk limit not specified, defaulting to unlimited",
        f"Total vcpu: {vcpus} VCPU, used: {rng.randint(0, vcpus)}.00 VCPU",
        "vcpu limit not specified, defaulting to unlimited",
        f"vcpu limit: {vcpus * 4}.00 VCPU, free: {rng.randint(0, vcpus * 4)}.00 VCPU",
        "Claim successful",
        f"Claim successful on node {_host(rng)}",
    ))
    return prefix + body


def nova_resource_tracker(rng):
    prefix = f"nova.compute.resource_tracker [req-{_uuid(rng)} - - - - -] "
    ram = rng.choice((32768, 65536, 131072, 262144))
    disk = rng.choice((200, 500, 1000, 2000))
    vcpus = rng.choice((16, 24, 32, 48, 64))
    body = rng.choice((
        f"Final resource view: name={_host(rng)}.cloud.example.net phys_ram={ram}MB "
        f"used_ram={rng.randint(512, ram)}MB phys_disk={disk}GB used_disk={rng.randint(0, disk)}GB "
        f"total_vcpus={vcpus} used_vcpus={rng.randint(0, vcpus)} pci_stats=[]",
        f"Total usable vcpus: {vcpus}, total allocated vcpus: {rng.randint(0, vcpus)}",
        f"Hypervisor: free VCPUs: {rng.randint(0, vcpus)}",
        f"Hypervisor: free ram (MB): {rng.randint(0, ram)}",
        f"Hypervisor: free disk (GB): {rng.randint(0, disk)}",
        f"Auditing locally available compute resources for node {_host(rng)}",
        f"Compute_service record updated for {_host(rng)}:{_host(rng)}",
    ))
    return prefix + body


def k8s_metrics(rng):
    return (f"pod={rng.choice(SERVICES)}-{_hex(rng, 5)} namespace={rng.choice(NAMESPACES)} "
            f"cpu={rng.randint(5, 4000)}m memory={rng.randint(30, 8000)}Mi "
            f"cpu_limit={rng.choice((500, 1000, 2000, 4000))}m "
            f"memory_limit={rng.choice((256, 512, 1024, 4096, 8192))}Mi")


def top_line(rng):
    return (f"load average: {rng.uniform(0, 16):.2f}, {rng.uniform(0, 16):.2f}, "
            f"{rng.uniform(0, 16):.2f}; cpu us={rng.uniform(0, 99):.1f}% sy={rng.uniform(0, 30):.1f}% "
            f"id={rng.uniform(0, 99):.1f}%; mem used={rng.randint(1, 60)}G free={rng.randint(1, 60)}G")


def jvm_gc(rng):
    before = rng.randint(500, 8000)
    return (f"[GC (Allocation Failure) [PSYoungGen: {before}K->{rng.randint(10, before)}K"
            f"({rng.randint(before, 20000)}K)] {rng.randint(1000, 90000)}K->{rng.randint(500, 9000)}K"
            f"({rng.randint(90000, 900000)}K), {rng.uniform(0.001, 0.9):.7f} secs]")


def gibberish(rng):
    length = rng.randint(6, 60)
    alphabet = rng.choice((string.ascii_lowercase, string.ascii_letters,
                           string.ascii_lowercase + "     ", string.ascii_letters + string.digits + "  ",
                           "asdfghjkl;qwertyuiop", "zxcvbnm,./ "))
    return "".join(rng.choice(alphabet) for _ in range(length)).strip() or "qwerty"


def word_salad(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))


def sentence_salad(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 8))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice((".", "!", "?", ""))


def keyboard_noise(rng):
    chunks = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
              for _ in range(rng.randint(1, 6))]
    return rng.choice((" ", "-", "_", ".")).join(chunks)


def symbols_noise(rng):
    return "".join(rng.choice("!@#$%^&*()-=+[];',./<>?~`0123456789 ")
                   for _ in range(rng.randint(4, 30))).strip() or "???"


# Templates per label ---------------------------------------------------------------------------

HTTP_TEMPLATES = [
    apache_common, apache_common, apache_combined, apache_combined, nginx_with_timing,
    nova_api, nova_api, nova_api, rails_completed, reason_phrase, reason_phrase, reason_phrase, logfmt_request, json_request, iis_log,
    "{method} {path} returned {status} in {ms}ms",
    "{method} {path} -> {status} ({ms} ms)",
    "Request {method} {path} completed with status {status}",
    "HTTP {status} response sent for {method} {path}",
    "Responded {status} to {method} {path} from {ip}",
    "{ip} {method} {path} HTTP/1.1 {status} {big} bytes",
    "Outgoing request to https://api.partner.com{path} finished: HTTP {status}",
    "Upstream call {method} {path} answered with status code {status}",
    "HTTP request {method} {path} status={status} latency={ms}ms",
    "access: {method} {path} {status} {ms}ms user_agent=curl/8.0",
    "Handled {method} request for {path}, status code {status}, {big} bytes sent",
    "Received HTTP {status} from {service} for {method} {path}",
    "[{method}] {path} {status} - {ms} ms",
    "{method} {path} HTTP/2 {status}",
    "Webhook delivery to https://hooks.example.com{path} got HTTP {status}",
    "Request id={uuid} method={method} uri={path} response_code={status}",
    "Served {path} with HTTP status {status} to client {ip}",
    "{service}: {method} {path} {status} {ms}ms",
    "Started {method} \"{path}\" for {ip}",
    "The server returned HTTP {status} for {method} {path}",
    "{Client|Host|Browser} {ip} {got|received} {a|an|} {status} {response|} {on|for} {method} {path}",
    "{method} {path} failed with HTTP {status}",
    "{status} {method} {path} {ms}ms",
]

CRITICAL_TEMPLATES = [
    "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
    "Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b",
    "Kernel panic - not syncing: Fatal exception in interrupt",
    "kernel: BUG: unable to handle kernel NULL pointer dereference at {shorthex}; system halted",
    "System {failed to boot|could not boot|boot aborted}: {no bootable device found|root filesystem missing|bootloader corrupted|initramfs could not be loaded}",
    "Boot sequence halted on {host}: {kernel module failed to load|root volume not found|init process crashed}",
    "Server {host} {is stuck in a boot loop|failed POST and cannot start|will not boot after firmware update}",
    "{The|Main|Global} configuration {file is corrupted|store is unreadable|has been corrupted} - {all services refusing to start|platform cannot start|system halted}",
    "Corrupted system configuration detected; {services cannot start|rolling back impossible|manual recovery required}",
    "Data corruption detected in {table} {tablespace|data files|index}: database {cannot start|shut down to prevent further damage|marked as corrupt}",
    "Filesystem corruption on {dev}: {mount} remounted read-only, {writes failing for all services|system unusable}",
    "EXT4-fs error (device {dev}): ext4_lookup: deleted inode referenced; filesystem unrecoverable",
    "XFS ({dev}): Corruption of in-memory data detected. Shutting down filesystem",
    "RAID array {dev} {has failed|is offline}: {n} member disks lost",
    "{Several|Multiple|Two} drives in the RAID {set|volume|array} failed at once; array {degraded beyond recovery|offline|unrecoverable}",
    "Storage pool {lost redundancy|is offline}: {more disks failed than parity allows|all replicas unavailable}",
    "The {core} is down; {all requests failing|platform unavailable|no customer can sign in|entire site affected}",
    "{core} {outage|unavailable|crashed}: {every dependent service is failing|full service outage|system-wide impact}",
    "CRITICAL: {core} {not responding|has crashed|unreachable} - {production is down|all tenants affected|service-wide outage}",
    "FATAL: {core} {failed|stopped} and could not be restarted; platform {halted|offline}",
    "Essential {component|module|subsystem|service} {core} {failed|crashed|stopped responding}, {system cannot operate|operations halted}",
    "{Critical|Core|Vital|Essential} {component|module|subsystem|unit|element|part} {failure|fault|crash|malfunction} ({component|module|unit} {Core|Comp|Module|Unit}{id})",
    "{Critical|Core|Vital} {component|subsystem|module} {Core|Comp|Module|Unit}{id} {is down|has failed|crashed|is not responding|stopped working}",
    "{Hardware|Power supply|Mainboard|Memory controller} failure on {host}: {machine halted|uncorrectable errors|system powered off}",
    "Machine check exception: uncorrectable memory error on {host}, system halted",
    "{Outgoing mail|Email delivery|SMTP relay|Mail} {service|system} {is down|has stopped|is failing}: {no messages can be sent|all outgoing mail queued|notifications not delivered to anyone}",
    "Nobody can {send email|log in|place orders|reach the site}: {core} {is down|has failed}",
    "Complete outage: {core} {unreachable|offline} across all {regions|zones|nodes}",
    "Cluster lost quorum: {n} of {n} nodes unreachable, {writes halted|cluster offline}",
    "Split-brain detected in {db} cluster; all writes suspended",
    "Primary and standby databases are both down; {application unavailable|no data can be written}",
    "Payment processing halted for all customers: {core} {crashed|unreachable}",
    "License server unreachable - all application features disabled",
    "Disk controller failure on {host}: all volumes lost",
    "PANIC: could not write to file \"pg_wal/{shorthex}\": No space left on device; database system shut down",
    "database system is shut down due to unrecoverable error",
    "Unrecoverable error in {core}: {process aborted|application terminated|system stopped}",
    "System crash: {core} terminated unexpectedly and the platform is unusable",
    "Fatal error: {main application|core engine|runtime} crashed, all users disconnected",
    "Segmentation fault in core {process|engine|daemon} {service}: whole system stopped",
    "Entire {datacenter|cluster|region} {region} {offline|unreachable}: power failure",
    "Encryption keys {lost|corrupted}: stored data can no longer be read",
    "Certificate authority {private key corrupted|unavailable}: all TLS connections failing",
    "Control plane down: the Kubernetes API server is unreachable on all masters",
    "etcd cluster has no leader; cluster state unavailable",
    "Critical failure in {core}: {emergency shutdown initiated|failover failed|no healthy instances left}",
    "{core} {outage|disruption|failure} {is impacting|affects|has taken down} {all customers|every tenant|the whole service|all regions}",
    "{Email|Mail|Messaging|Notification} {service|platform|infrastructure} {outage|down}: {delivery stopped for all users|no notifications going out|service impact for every customer}",
    "{System|Global|Cluster-wide} {settings|configuration} {wiped|overwritten with invalid values|lost}; {nothing can start|all nodes refuse to boot|platform unusable}",
    "Boot {failed|aborted} on {host}: {kernel could not mount root|init exited|missing system files}",
    "{Primary|Master|Central} {database|datastore|storage} {lost|destroyed|corrupted}: {all data unavailable|restore from backup required|service halted}",
    "{Multiple|Several|{n}} {disks|drives|SSDs} failed in {RAID|storage} {array|group} {dev}; data {unavailable|lost}",
    "Emergency: {core} cannot start and the {system|platform|site} is down",
]

ERROR_TEMPLATES = [
    "Job {job} failed with exit code {n}",
    "Job {job} #{id} {failed|did not complete|was aborted} after {n} retries",
    "Task {uuid} failed: {timeout after 300s|connection reset by peer|invalid input record|unexpected EOF}",
    "{Replication|Sync|Copy} of {partition|shard|segment} {shard} {failed|was unsuccessful|did not finish}",
    "{Partition|Shard|Segment} {shard} {replication|resync|rebalance} {failed|aborted|errored out}; will retry",
    "Could not {sync|replicate|copy} {table} to replica {n}: {timeout|checksum mismatch|connection refused}",
    "Worker {host} {restarted unexpectedly|crashed|went down} while {importing|exporting|migrating|processing} batch {id}",
    "Node {id} {rebooted|dropped out|restarted} in the middle of the {import|export|migration|reindex} job; job marked failed",
    "Migration step {n} failed on {table}: {duplicate key value|column does not exist|lock timeout}",
    "ERROR: deadlock detected while updating {table}; transaction rolled back",
    "Deadlock found when trying to get lock; try restarting transaction (table {table})",
    "Transaction {uuid} aborted: {serialization failure|lock wait timeout exceeded|constraint violation}",
    "Failed to {process|charge|refund|validate} {invoice|order|payment|request} {id}: {card declined by gateway|missing field|upstream timeout|invalid state}",
    "Unhandled exception while processing request {uuid}: {NullPointerException|KeyError: 'id'|ValueError: invalid literal|TypeError: undefined is not a function}",
    "{java.lang.NullPointerException|java.lang.IllegalStateException|java.io.IOException} at com.example.{service}.Handler.process(Handler.java:{n})",
    "Traceback (most recent call last): File \"app/{word}.py\", line {n}, in handle: {KeyError|ValueError|AttributeError}",
    "Could not send {email|notification|SMS} to {email}: {SMTP 550 mailbox unavailable|recipient rejected|timeout}",
    "Email to {email} {bounced|could not be delivered}: {mailbox full|unknown recipient}",
    "Failed to generate report {id} for {user}: template not found",
    "Export of {file} failed: {permission denied|disk write error|serialization error}",
    "Import of {file} aborted at row {big}: {malformed CSV|encoding error|missing column}",
    "{service}: connection to {db} database failed, retrying in {n}s",
    "Timed out acquiring a connection from the pool for {service} after {ms}ms",
    "Back-off restarting failed container {image} in pod {pod}",
    "Pod {pod} in namespace {ns} is in CrashLoopBackOff",
    "Container {image} in pod {pod} exited with code {n}: Error",
    "Liveness probe failed for {pod}: HTTP probe failed with statuscode: 500",
    "Failed to pull image \"{image}:{version}\": rpc error: manifest unknown",
    "Readiness probe failed: dial tcp {ip}:8080: connect: connection refused",
    "Cron job {job} {failed|exited with errors} on {host}",
    "Scheduled task {job} did not complete: {dependency missing|timed out|returned error}",
    "Webhook delivery {uuid} failed after {n} attempts",
    "Message {uuid} moved to dead-letter queue after processing error",
    "Consumer {service} failed to process message {big}: schema validation error",
    "Cache refresh for {service} failed: redis timeout",
    "Unable to write checkpoint for {job}: {I/O error|disk quota exceeded on volume}",
    "Payment {id} could not be captured: gateway returned an error",
    "{service} request to {service} failed: {connection refused|read timeout|TLS handshake error}",
    "Failed to parse configuration override for {service}; using previous values",
    "Index rebuild for {table} failed on shard {shard}",
    "Backup of {db} failed: {pg_dump exited with code 1|destination unreachable|snapshot timed out}",
    "Deployment of {service} {version} failed: health checks did not pass, rolled back",
    "Batch {id} processing error: {n} records rejected",
    "Error while {syncing|uploading|converting|validating} {file}: {checksum mismatch|unexpected end of file|unsupported format}",
    "Thumbnail generation failed for {file}",
    "Search query {uuid} failed: index {word} not found",
    "Server {n} crashed unexpectedly during {batch upload|nightly sync|report export}, the run has to be repeated",
    "ERROR [{service}] Failed to update record {id} in {table}",
    "Lost connection to replica {host} during {table} sync; sync job failed",
    "{service} worker process {pid} terminated with signal 11 while handling job {id}",
    "Invoice PDF rendering failed for invoice {id}",
    "Data {load|transfer|copy} for {partition|shard} {shard} {did not succeed|ended with an error}",
    "{Server|Host|Node|Instance|Machine|Worker} {n} {crashed|went offline|rebooted|restarted|shut down|stopped responding|lost power|dropped off the network} {unexpectedly|without warning|abruptly|without notice|} {during|while running|in the middle of|while performing} {the|a|its} {data import|file export|sync run|replication pass|batch load|reindex|backup copy|data migration|conversion step|checksum verification|data upload|record merge}{; the job failed|, job aborted|, task will be retried|; partial results discarded|}",
    "{An unplanned|An unexpected|A sudden} {reboot|restart|shutdown|power loss} of {server|host|node} {n} interrupted {the|a} {data sync|file transfer|bulk update|data load|migration batch}",
    "{Mail|SMTP|Email|Notification|SMS|Push} {service|gateway|relay|provider|server} {hit|had|reported|ran into|returned} a {temporary |transient |}{problem|glitch|hiccup|error|fault|failure} {sending|delivering|dispatching|transmitting} {a message|message {id}|the newsletter|notifications|an invoice email|a reminder}{; retrying|, will retry later|, message requeued|}",
    "{Could not|Failed to|Unable to} {deliver|send|dispatch} {message|email|notification} {id} via {smtp|the mail provider|the SMS gateway}: {connection reset|421 try again later|rate limited|timeout}",
    "{Health check|Readiness check|Liveness probe|Status check} for {service} {failed|did not pass|was unsuccessful}: {TLS certificate expired|certificate verify failed|self-signed certificate in chain|hostname does not match certificate|certificate not yet valid}",
    "{Module|Component|Parser|Validator|Handler|Importer} {word} {rejected|could not parse|failed on|choked on} {input|payload|record|message} {id}: {unexpected format|invalid JSON|schema mismatch|wrong encoding|unknown field type|missing header}",
    "{Invalid|Malformed|Unexpected|Corrupt} {input|request payload|file format|record layout} {received by|detected in|passed to} {module|handler|parser|step} {word}{; record skipped|, rejecting batch {id}|}",
    "{service} could not {parse|decode|deserialize} the {response|payload|message} from {service}",
    "{service}: operation {word} failed with error code {big}",
    "{Step|Stage|Phase} {n} of pipeline {job} {failed|errored|crashed}: {output missing|out of range value|bad record}",
    "Request {uuid} to {service} failed after {n} retries",
    "Failed to {save|update|delete|create} {record|document|entry} {id} in {table}: {unique constraint violated|foreign key violation|row locked}",
]

SECURITY_TEMPLATES = [
    "Failed password for {sysuser} from {ip} port {port} ssh2",
    "Failed password for invalid user {sysuser} from {ip} port {port} ssh2",
    "Invalid user {sysuser} from {ip} port {port}",
    "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={sysuser}",
    "error: maximum authentication attempts exceeded for {sysuser} from {ip} port {port} ssh2 [preauth]",
    "Disconnecting invalid user {sysuser} {ip} port {port}: Too many authentication failures [preauth]",
    "fail2ban.actions: NOTICE [sshd] Ban {ip}",
    "[UFW BLOCK] IN=eth0 OUT= MAC={shorthex} SRC={ip} DST={ip} LEN=40 PROTO=TCP SPT={port} DPT={port} SYN",
    "Firewall {blocked|dropped|rejected} {inbound|outbound} connection from {ip} to port {port}",
    "{sysuser} : user NOT in sudoers ; TTY=pts/{n} ; PWD=/home/{sysuser} ; USER=root ; COMMAND=/bin/bash",
    "Privilege escalation {detected|attempt} for {user}: {gained root without approval|sudo to root outside change window|unexpected setuid binary executed}",
    "User {user} {elevated|escalated|raised} their {privileges|role|permissions} to {admin|administrator|superuser} without authorization",
    "Unauthorized {role change|permission grant}: {user} granted themselves {admin|owner} rights",
    "Brute-force {attack|attempt} {detected|suspected} {from|originating at} {ip}: {big} failed logins in {n} minutes",
    "{n} failed {login|sign-in|authentication} attempts for account {acct} within {n} minutes",
    "Account {acct} locked after {n} consecutive failed {logins|password attempts}",
    "Repeated {invalid|wrong} {credentials|passwords} {submitted|entered} for {user} from {ip}",
    "{Suspicious|Anomalous|Unusual} {login|sign-in|access} {activity|pattern} for {user} from {country} ({ip})",
    "Impossible travel: {user} signed in from {country} and {country} within {n} minutes",
    "Unauthorized access attempt to {path} by {user} {blocked|denied}",
    "Access to restricted {resource|record|endpoint|directory} {path} {denied|refused} for {user}",
    "API key {shorthex} used from unrecognized IP {ip}; request blocked",
    "Invalid API token presented by client {ip}; {n} attempts in the last hour",
    "{SQL injection|Cross-site scripting|Path traversal|Command injection} attempt {blocked|detected} from {ip} on {path}",
    "WAF rule {id} triggered: {malicious payload|scanner signature|exploit attempt} from {ip}",
    "Malware {signature|trojan|ransomware} detected in {file} uploaded by {user}; file quarantined",
    "Antivirus: threat {word}.{word} found on {host}, quarantine applied",
    "IDS alert: {port scan|SYN flood|suspicious outbound traffic} from {ip}",
    "Possible data exfiltration: {user} downloaded {big} records in {n} minutes",
    "Security breach suspected on {host}: {unexpected root shell|unknown process listening on port {port}|modified system binaries}",
    "Integrity check failed: /usr/bin/{word} modified outside of package manager",
    "Audit: {user} attempted to disable audit logging",
    "Token replay detected for session {uuid} from {ip}",
    "JWT signature verification failed for request from {ip}; possible tampering",
    "Login from blacklisted IP {ip} rejected",
    "Too many authentication failures from {ip}, address temporarily banned",
    "{user} tried to access {acct} which belongs to another tenant - denied",
    "Rejected connection from {ip}: client certificate revoked",
    "Security alert: {user} added to the Domain Admins group outside of the approval process",
    "Credential stuffing pattern detected against /login from {n} IP addresses",
    "Root login attempt over SSH from {ip} refused",
    "Admin console accessed from unknown device by {user}; session terminated",
    "Suspicious {API|admin} activity: {user} enumerated {big} user records",
    "Login {attempt |}{failed|unsuccessful|rejected|denied} for {account|user} {acct}{ from {ip}|}",
    "{user} could not sign in: {wrong password|invalid credentials|unknown username|expired password}",
    "{Sign-in|Login|Authentication} to {protected|privileged|restricted|} account {acct} {was refused|did not succeed|was not permitted}",
    "Authentication failed for {user}: bad credentials ({n} failures today)",
    "{Unapproved|Unauthorized|Unsanctioned|Unexpected} {data export|file transfer|bulk download|database dump} {request|attempt} {from|by} {user|{ip}} {blocked|flagged|detected}",
    "{Access|Permission} denied: {user} is not allowed to {read|modify|delete} {acct}",
    "{user} attempted to use an expired or revoked {token|API key|certificate}",
    "{Outbound|Inbound} connection to known malicious host {ip} {blocked|detected}",
    "{Security|Audit} warning: {user} {disabled antivirus|changed firewall rules|created a hidden admin account} without a change ticket",
    "{user} {tried|attempted} to {open|view|read|download|edit} {salary records|customer card data|another user's files|the audit trail|HR records} without {permission|authorization|the required role}",
    "{user} granted {themselves|their own account} {the admin role|superuser rights|owner access} {via a direct database update|through an API loophole|by editing a config file}",
    "{Blocked|Denied} {an attempt|a request} by {user} to {escalate privileges|read restricted data|impersonate another user}",
]

SYSNOTE_TEMPLATES = [
    "{Nightly|Weekly|Scheduled|Incremental|Full} backup of {db} {completed|finished} {successfully|without errors} in {n} minutes",
    "Backup job {job} started for {db}",
    "Snapshot {shorthex} of volume {dev} created",
    "Backup archive {file} uploaded to s3://backups-{region}/{db}/",
    "{Service|Application|Platform} updated to version {version}",
    "Package {word} upgraded from {version} to {version}",
    "Deployment of {service} {version} {completed|succeeded|finished} ({n} replicas)",
    "Rolling update of {service} finished: {n}/{n} pods updated",
    "Successfully pulled image \"{image}:{version}\" in {float}s",
    "Pulling image \"{image}:{version}\"",
    "Started container {image}",
    "Created container {image}",
    "Scaled up replica set {service}-{shorthex} to {n}",
    "Scaled down replica set {service}-{shorthex} to {n}",
    "Successfully assigned {ns}/{pod} to {node}",
    "Horizontal pod autoscaler set {service} replicas to {n}",
    "Service {service} started on port {port}",
    "{service} stopped gracefully",
    "Configuration for {service} reloaded",
    "database system is ready to accept connections",
    "checkpoint complete: wrote {big} buffers ({float}%); 0 WAL file(s) added",
    "automatic vacuum of table \"{db}.public.{table}\" completed",
    "Log rotation {completed|finished} for {service}",
    "{Temporary files|Old logs|Stale cache entries} cleaned up: {n} GB freed",
    "Cache {cleared|flushed} for {service}",
    "Scheduled maintenance window {starts|started|ended} at {ts}",
    "TLS certificate for {service}.example.com renewed, valid until {date}",
    "Cron job {job} completed in {n}s",
    "Scheduled job {job} {ran|completed} successfully",
    "Search index for {table} rebuilt ({big} documents)",
    "File {file} uploaded {successfully|} to shared storage",
    "{Host|Server|Node} {host} rebooted {for maintenance|after kernel update|as scheduled}",
    "System restart scheduled for {ts} by the operations team",
    "Health check passed for {service}",
    "Daily report {job} generated and emailed to subscribers",
    "Time synchronized with NTP server {ip}",
    "Security patches applied to {host}; {n} packages updated",
    "Database migration {version} applied successfully",
    "Replication to standby {host} is streaming and up to date",
    "New node {node} joined the cluster",
    "Feature flag {word}_{word} enabled for all tenants",
    "Data retention policy purged {big} records older than {n} days",
    "{Startup|Boot} completed in {float}s, all services running",
    "Queue {word} drained, {big} messages processed",
    "systemd[1]: Started {word} daemon.",
    "systemd[1]: Reloading {service}.service",
    "Software update check: {service} is up to date",
    "Index optimization for {table} finished",
    "Archive of {date} logs stored in cold storage",
    "{Version|Release|Build} {version} of {service} {rolled out|is now live|deployed to production}",
    "{Planned|Scheduled} {reboot|restart} of {host} {completed|finished}; services back online",
    "{host} came back online after planned maintenance",
    "{API keys|Credentials|Secrets|Encryption keys|Service tokens} for {service} rotated {automatically|on schedule|by the key manager}",
    "{service} {upgraded|updated} from {version} to {version} {during the maintenance window|as planned|}",
    "Failover test completed successfully on {db} cluster",
]

RESOURCE_TEMPLATES = [
    nova_claim, nova_claim, nova_claim, nova_resource_tracker, nova_resource_tracker,
    k8s_metrics, top_line, jvm_gc,
    "CPU {usage|utilization|load} {on|for} {host} {is|at|reached} {pct}%",
    "{High|Elevated|Sustained} CPU {usage|load} on {host}: {pct}% over the last {n} minutes",
    "Memory {usage|utilization|consumption} {on|of} {host} {is|at|reached} {pct}% ({n} GB of {gb} GB)",
    "{service} is using {n} GB of memory ({pct}% of limit)",
    "Disk usage on {mount} {is|at|reached} {pct}% ({n} GB free)",
    "Low disk space on {host}: {mount} has {n} GB {remaining|left}",
    "Filesystem {mount} is {pct}% full",
    "Swap usage {is|at} {pct}% on {host}",
    "Load average on {host}: {float} {float} {float}",
    "{service} heap usage {pct}% ({n} MB / {mb} MB)",
    "JVM memory: used={mb}MB committed={mb}MB max={mb}MB",
    "GC pause of {ms}ms in {service}, old gen at {pct}%",
    "Network {throughput|bandwidth} on {host} eth0: {n} Mbps in, {n} Mbps out",
    "Bandwidth usage at {pct}% of {n} Gbps link capacity",
    "Connection pool {db}: {n} active, {n} idle, max {big}",
    "Database connections at {pct}% of max_connections on {db}",
    "IOPS on volume {dev}: {big} read, {big} write",
    "Disk I/O wait on {host} at {lowpct}%",
    "Resource usage for {service}: cpu {lowpct}%, memory {lowpct}%, disk {lowpct}%",
    "Node {node} condition MemoryPressure is now True",
    "Node {node} condition DiskPressure is now True",
    "Pod {pod} evicted: The node was low on resource: {memory|ephemeral-storage}",
    "Container {image} OOMKilled: memory limit of {mb}Mi exceeded",
    "Memory cgroup out of memory: Killed process {pid} ({service}) total-vm:{big}kB, anon-rss:{big}kB",
    "Quota for project {word}: {n} of {n} instances, {n} of {big} GB storage used",
    "Storage bucket {word}-data uses {n} TB ({lowpct}% of quota)",
    "Thread pool {service}: {n} active threads, queue size {big}",
    "Open file descriptors for {service}: {big} of 65536",
    "GPU {n} utilization {pct}%, memory {n} GB / {gb} GB",
    "Hourly usage report: CPU avg {lowpct}%, peak {pct}%; memory avg {lowpct}%",
    "Allocated {n} vCPUs and {mb} MB RAM to instance {uuid}",
    "Instance {uuid} resized: {cpu} vCPU, {mb} MB RAM, {gb} GB disk",
    "Available memory dropped below {n}% on {host}",
    "Inode usage on {mount} at {pct}%",
    "Redis used_memory_human:{float}G maxmemory:{n}G",
    "Queue depth for {word} is {big} messages",
    "Hypervisor {host}: {n} of {cpu} vCPUs allocated, {mb} MB RAM free",
    "Temperature of CPU package on {host} is {pct} C",
    "Metrics: {host} cpu={lowpct} mem={pct} disk={lowpct} net_in={big}",
    "{Active|Open} {connections|sessions} {n} of {big} {allowed|max}",
    "{host}: {memory|cpu|disk|network} {utilisation|usage} {n}%",
    "{service} consumes {n}% CPU and {mb} MB memory",
    "Free memory on {host} is down to {mb} MB",
]

USER_TEMPLATES = [
    "Accepted password for {user} from {ip} port {port} ssh2",
    "Accepted publickey for {sysuser} from {ip} port {port} ssh2: RSA SHA256:{shorthex}{shorthex}",
    "pam_unix(sshd:session): session opened for user {sysuser}(uid={uid}) by (uid=0)",
    "pam_unix(sshd:session): session closed for user {sysuser}",
    "Disconnected from user {sysuser} {ip} port {port}",
    "{user} {signed in|logged on|logged in|authenticated successfully} {from {ip}|via SSO|using two-factor authentication|}",
    "{user} {signed out|logged off|logged out|ended their session}",
    "Session {uuid} started for {user}",
    "Session for {user} ended after {n} minutes",
    "User account {acct} {created|registered|opened} by {user}",
    "New user {user} {registered|signed up} with email {email}",
    "{Admin|Administrator|Manager} {user} {created|added|provisioned} account for {user}",
    "Account {acct} {deleted|deactivated|closed|suspended} by {user}",
    "{user} {changed|updated|reset} {their|the} password",
    "Password reset {requested|completed} for {email}",
    "Password reset link sent to {email} at the user's request",
    "{user} updated {setting}",
    "{user} changed {setting} from {word} to {word}",
    "Profile {picture|details|phone number|address} updated by {user}",
    "{user} {enabled|disabled} two-factor authentication",
    "{user} changed their email address to {email}",
    "{user} downloaded {file}",
    "{user} exported {big} rows from the {table} report",
    "{user} uploaded {file} to {their workspace|the project folder}",
    "{user} {placed|cancelled} order {id}",
    "{user} added {n} items to the cart",
    "{user} {upgraded|downgraded} subscription to {Pro|Business|Enterprise|Basic} plan",
    "{user} invited {email} to the team",
    "{user} accepted the invitation to workspace {word}",
    "{user} assigned role {editor|viewer|approver|manager} to {user}",
    "{user} approved {leave request|expense report|purchase order} {id}",
    "{user} submitted {timesheet|expense report|leave request} {id}",
    "{user} viewed employee record {acct}",
    "{user} updated customer record {acct}",
    "{user} created a new {dashboard|project|report|contact} named {word}",
    "{user} deleted {file}",
    "{user} shared {file} with {user}",
    "Login successful for user {acct}",
    "Logout: user {uid} session terminated by user",
    "User {uid} {signed in|signed out|logged in|logged out|registered|updated profile}",
    "{user} accepted the terms of service",
    "{user} requested account deletion",
    "{user} verified their email address",
    "{user} changed the display language to {French|German|Spanish|Japanese}",
    "OAuth consent granted by {user} to application {word}",
    "API key created by {user} for integration {word}",
    "{Integrator|Developer|Client app|Partner} {word}-{n} {revoked|regenerated|rotated} its own {access token|API key|client secret}",
    "{user} unlocked their account via email verification",
]

CHAT = [
    "hey, how's it going?", "thanks so much for your help yesterday!", "see you at lunch",
    "what time is the meeting tomorrow?", "can you send me the slides?",
    "I think it's going to rain this afternoon", "happy birthday! hope you have a great day",
    "lol that's hilarious", "did anyone watch the game last night?",
    "where should we go for dinner?", "my cat knocked the plant off the table again",
    "the coffee machine on the third floor is amazing", "good morning everyone",
    "how do I make sourdough bread?", "what is the capital of Australia?",
    "remind me to call mom on sunday", "I love this song", "is it friday yet?",
    "please bring snacks to the offsite", "let's grab a coffee sometime next week",
    "the quick brown fox jumps over the lazy dog",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit",
    "sed do eiusmod tempor incididunt ut labore et dolore magna aliqua",
    "to be or not to be, that is the question", "once upon a time in a land far away",
    "what's your favourite movie?", "ok", "yes", "no", "maybe later", "hello world",
    "why is the sky blue?", "how tall is mount everest?", "recommend a good book please",
    "the pasta needs ten more minutes", "I'm running five minutes late, sorry!",
    "congrats on the new job!", "who wants pizza?", "meet me at the train station at noon",
    "the museum is closed on mondays", "my favourite colour is green",
    "water boils at one hundred degrees", "bananas are berries but strawberries are not",
    "can you recommend a plumber?", "the kids loved the zoo", "test test 123",
    "asdf", "foo bar baz", "n/a", "TODO: write something here", "placeholder text",
    "Dear team, please find attached the agenda for Thursday.",
    "Roses are red, violets are blue", "I'd like to order a large pepperoni pizza",
    "how many ounces in a cup?", "turn left at the second traffic light",
    "The weather in Lisbon is lovely in May", "Tomorrow is a public holiday",
    "knock knock, who's there?", "Shopping list: milk, eggs, bread, butter",
    "what does this button do?", "Is anyone else hungry?", "I'm so tired today",
    "Let's schedule a call for 3pm", "The movie was better than the book",
    "Where did I put my keys?", "Best wishes from all of us", "Chapter one: the beginning",
]

CHAT_TEMPLATES = [
    "{How|Why|When|Where|What} {is|was|are} the {word} {word}?",
    "I {love|hate|bought|found|lost} a {word} {word} {today|yesterday|last week}",
    "Can you {bring|buy|find|paint} a {word} for the {word}?",
    "My {word} is {happy|sleepy|purple|silent|lost}",
    "Do you {like|want|need} {word} or {word}?",
    "The {word} and the {word} went to the {word}",
    "{Hi|Hello|Hey} {Bob|Anna|team|folks|there}, {thanks!|see you soon|how are you?|nice to meet you}",
    "{Please|Kindly} {call|email|text} me {tomorrow|later|after lunch}",
]

TEMPLATES = {
    HTTP_STATUS: HTTP_TEMPLATES,
    CRITICAL_ERROR: CRITICAL_TEMPLATES,
    SECURITY_ALERT: SECURITY_TEMPLATES,
    ERROR: ERROR_TEMPLATES,
    SYSTEM_NOTIFICATION: SYSNOTE_TEMPLATES,
    RESOURCE_USAGE: RESOURCE_TEMPLATES,
    USER_ACTION: USER_TEMPLATES,
    OUT_OF_DOMAIN: [gibberish, gibberish, word_salad, word_salad, sentence_salad, keyboard_noise,
                    symbols_noise, *([lambda rng: rng.choice(CHAT)] * 6), *CHAT_TEMPLATES],
}

# Sources that plausibly emit each kind of line; application sources otherwise.
FORMAT_SOURCES = (
    ("nova.", ("ModernCRM", "ModernHR", "BillingSystem", "AnalyticsEngine", "ThirdPartyAPI")),
    ("ssh", ("sshd",)), ("pam_unix", ("sshd",)), ("Failed password", ("sshd",)),
    ("Invalid user", ("sshd",)), ("Accepted ", ("sshd",)), ("Disconnect", ("sshd",)),
    ("UFW", ("kernel",)), ("Kernel panic", ("kernel",)), ("EXT4-fs", ("kernel",)),
    ("XFS", ("kernel",)), ("systemd", ("systemd",)), ("pod", ("kubelet",)),
    ("container", ("kubelet",)), ("replica set", ("kube-controller-manager",)),
    ("image", ("kubelet",)), ("probe", ("kubelet",)), ("Node ", ("kubelet",)),
    ("checkpoint", ("postgres",)), ("database system", ("postgres",)),
    ("vacuum", ("postgres",)), ("deadlock", ("postgres", "mysql")), ("PANIC", ("postgres",)),
    ("Deadlock", ("mysql",)), ("fail2ban", ("fail2ban",)), ("sudoers", ("sudo",)),
)
WEB_SOURCES = ("nginx", "apache", "ModernCRM", "BillingSystem", "ThirdPartyAPI", "haproxy")


def _source(rng, label, line):
    if label == OUT_OF_DOMAIN:
        return rng.choice(APP_SOURCES + ("chat-export", "notes", "unknown"))
    for needle, sources in FORMAT_SOURCES:
        if needle in line:
            return rng.choice(sources)
    if label == HTTP_STATUS and rng.random() < 0.5:
        return rng.choice(WEB_SOURCES)
    return rng.choice(APP_SOURCES)


LEVELS = {
    HTTP_STATUS: ("INFO",), CRITICAL_ERROR: ("CRITICAL", "FATAL", "EMERG", "ERROR"),
    SECURITY_ALERT: ("WARN", "WARNING", "ALERT", "NOTICE"), ERROR: ("ERROR", "ERR"),
    SYSTEM_NOTIFICATION: ("INFO", "NOTICE"), RESOURCE_USAGE: ("INFO", "WARN", "WARNING"),
    USER_ACTION: ("INFO",),
}


def _decorate(rng, label, line):
    """Sometimes wrap a line the way collectors do: timestamp, level, host/process prefix."""
    if label == OUT_OF_DOMAIN or rng.random() > 0.25:
        return line
    level = rng.choice(LEVELS[label])
    style = rng.randrange(4)
    if style == 0:
        return f"{_iso_ts(rng)} {level} {line}"
    if style == 1:
        return f"[{level}] {line}"
    if style == 2:
        return f"{_syslog_ts(rng)} {_host(rng)} {rng.choice(SERVICES)}[{rng.randint(100, 9999)}]: {line}"
    return f"{_iso_ts(rng)} [{level.lower()}] {line}"


def generate(per_label: int = DEFAULT_PER_LABEL, seed: int = DEFAULT_SEED) -> list[tuple[str, str, str]]:
    """Rows (source, log_message, target_label): `per_label` per label, deterministic."""
    rng = random.Random(seed)
    rows = []
    for label in CORPUS_LABELS:
        templates = TEMPLATES[label]
        for i in range(per_label):
            # Cycle through every template before repeating, then draw at random.
            template = templates[i] if i < len(templates) else rng.choice(templates)
            line = template(rng) if callable(template) else fill(template, rng)
            line = " ".join(line.split())
            line = _decorate(rng, label, line)
            rows.append((_source(rng, label, line), line, label))
    rng.shuffle(rows)
    return rows


def write_corpus(rows, out: Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("source", "log_message", "target_label"))
        writer.writerows(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"CSV to write (default {DEFAULT_OUT.relative_to(REPO_ROOT)})")
    parser.add_argument("--per-label", type=int, default=DEFAULT_PER_LABEL,
                        help=f"rows per label (default {DEFAULT_PER_LABEL})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    if args.per_label < 1:
        parser.error("--per-label must be at least 1")
    rows = generate(args.per_label, args.seed)
    write_corpus(rows, args.out)
    print(f"wrote {len(rows)} rows ({args.per_label} per label, {len(CORPUS_LABELS)} labels) "
          f"to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
