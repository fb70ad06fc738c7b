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

    python training/generate_corpus.py [--out training/dataset/corpus.csv] [--per-label 2500]
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
    DEPRECATION_WARNING,
    EMBEDDING_LABELS,
    ERROR,
    HTTP_STATUS,
    RESOURCE_USAGE,
    SECURITY_ALERT,
    SYSTEM_NOTIFICATION,
    UNCLASSIFIED,
    USER_ACTION,
    WORKFLOW_ERROR,
)
from training.templates import deprecations, hex_id, platforms, structured, workflows  # noqa: E402

DEFAULT_OUT = REPO_ROOT / "training" / "dataset" / "corpus.csv"
DEFAULT_PER_LABEL = 2500
DEFAULT_SEED = 20240611
OUT_OF_DOMAIN = UNCLASSIFIED
CORPUS_LABELS = EMBEDDING_LABELS + (OUT_OF_DOMAIN,)

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
         "/api/v1/products", "/download/export.csv", "/account/settings", "/signup",
         "/files/backup.zip", "/assets/bundle.min.js", "/docs/guide.pdf", "/media/video.mp4",
         "/old-page", "/blog/2024/launch", "/.env", "/v1/quotes")
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

UNITS = ("nginx.service", "docker.service", "postgresql@15-main.service", "cron.service",
         "sshd.service", "redis-server.service", "kubelet.service", "celery-worker.service",
         "nightly-export.service", "certbot.timer", "apt-daily.service", "backup.service",
         "gunicorn.service", "node-exporter.service", "rsyslog.service")
UNIT_DESCRIPTIONS = ("Daily apt download activities", "Cleanup of Temporary Directories",
                     "The nginx HTTP and reverse proxy server", "Docker Application Container Engine",
                     "PostgreSQL Cluster 15-main", "Regular background program processing daemon",
                     "OpenBSD Secure Shell server", "Advanced key-value store",
                     "Rotate log files", "Daily man-db regeneration", "Message of the Day",
                     "Network Time Synchronization", "Session c2 of user admin",
                     "Certbot renewal", "Prometheus node exporter", "Celery worker for the mail queue")
JAVA_EXCEPTIONS = ("java.lang.NullPointerException", "java.lang.IllegalArgumentException",
                   "java.lang.IllegalStateException", "java.io.IOException",
                   "java.net.SocketTimeoutException: Read timed out",
                   "java.net.ConnectException: Connection refused",
                   "java.sql.SQLException: Connection is closed",
                   "java.lang.NumberFormatException: For input string: \"abc\"",
                   "java.util.ConcurrentModificationException",
                   "org.springframework.dao.DataIntegrityViolationException",
                   "com.fasterxml.jackson.core.JsonParseException: Unexpected character",
                   "java.lang.ClassCastException", "java.io.FileNotFoundException")
PY_EXCEPTIONS = ("KeyError: 'customer_id'", "ValueError: invalid literal for int() with base 10",
                 "ConnectionResetError: [Errno 104] Connection reset by peer",
                 "TimeoutError: timed out", "psycopg2.OperationalError: server closed the connection unexpectedly",
                 "requests.exceptions.ReadTimeout: HTTPSConnectionPool read timed out",
                 "AttributeError: 'NoneType' object has no attribute 'get'",
                 "FileNotFoundError: [Errno 2] No such file or directory",
                 "json.decoder.JSONDecodeError: Expecting value: line 1 column 1",
                 "botocore.exceptions.ClientError: An error occurred (NoSuchKey)",
                 "sqlalchemy.exc.IntegrityError: duplicate key value")
PACKAGES = ("openssl", "libc6", "curl", "nginx-common", "linux-image-generic", "python3.11",
            "tzdata", "ca-certificates", "openssh-server", "containerd.io", "postgresql-15",
            "libssl3", "systemd", "sudo", "vim")
PROCESSES = ("java", "postgres", "python3", "node", "mysqld", "chrome", "elasticsearch",
             "redis-server", "dotnet", "ruby", "php-fpm", "clickhouse-server")
PRODUCTS = ("the HR portal", "the CRM", "the billing app", "the customer portal", "the mobile app",
            "the intranet", "the payroll system", "the analytics dashboard", "the support desk",
            "the order management system", "the data warehouse", "the partner API")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _uuid(rng):
    return f"{hex_id(rng, 8)}-{hex_id(rng, 4)}-{hex_id(rng, 4)}-{hex_id(rng, 4)}-{hex_id(rng, 12)}"


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
    month = rng.choice(MONTHS)
    return (f"{rng.randint(1, 28):02d}/{month}/{rng.randint(2022, 2025)}:"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} "
            f"{rng.choice(('+0000', '+0100', '-0500', '+0530'))}")


def _iso_ts(rng):
    return (f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"{rng.choice(('T', ' '))}{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d}{rng.choice(('', '.123', 'Z', '+00:00', ',512'))}")


def _syslog_ts(rng):
    month = rng.choice(MONTHS)
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
    "hex": lambda r: hex_id(r, 32),
    "shorthex": lambda r: hex_id(r, r.choice((7, 8, 12))),
    "id": lambda r: str(r.randint(1, 9999)),
    "acct": lambda r: r.choice(("ACC", "Acct", "CUST", "EMP", "acct-")) + str(r.randint(100, 99999)),
    "service": lambda r: r.choice(SERVICES),
    "core": lambda r: r.choice(CORE_COMPONENTS),
    "table": lambda r: r.choice(TABLES),
    "ns": lambda r: r.choice(NAMESPACES),
    "image": lambda r: r.choice(IMAGES),
    "pod": lambda r: f"{r.choice(SERVICES)}-{hex_id(r, r.choice((9, 10)))}-{hex_id(r, 5)}",
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
    "time": lambda r: f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}",
    "word": lambda r: r.choice(WORDS),
    "shard": lambda r: str(r.randint(0, 128)),
    "pid": lambda r: str(r.randint(300, 65000)),
    "region": lambda r: r.choice(("us-east-1", "eu-west-1", "ap-south-1", "eu-central-1",
                                  "us-west-2")),
    "db": lambda r: r.choice(("crm", "hr", "billing", "analytics", "inventory", "orders_db",
                              "main")),
    "unit": lambda r: r.choice(UNITS),
    "desc": lambda r: r.choice(UNIT_DESCRIPTIONS),
    "jexc": lambda r: r.choice(JAVA_EXCEPTIONS),
    "pyexc": lambda r: r.choice(PY_EXCEPTIONS),
    "pkg": lambda r: r.choice(PACKAGES),
    "proc": lambda r: r.choice(PROCESSES),
    "product": lambda r: r.choice(PRODUCTS),
    "hex16": lambda r: hex_id(r, 16),
    "blk": lambda r: f"blk_{r.choice(('-', ''))}{r.randint(10**17, 10**19)}",
    "kb": lambda r: f"KB{r.randint(4000000, 5099999)}",
    "instance": lambda r: f"i-0{hex_id(r, 16)}",
    "awsacct": lambda r: str(r.randint(10**11, 10**12 - 1)),
    "issue": lambda r: f"{r.choice(('OPS', 'DEV', 'HR', 'CRM', 'PAY', 'SUP'))}-{r.randint(10, 9999)}",
    "branch": lambda r: f"{r.choice(('feature', 'fix', 'chore', 'release'))}/{r.choice(WORDS)}-{r.choice(WORDS)}",
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
    tenant = hex_id(rng, 32)
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
    return (f'{server} [req-{_uuid(rng)} {hex_id(rng, 32)} {tenant} - - -] {_ip(rng)} '
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
    prefix = (f"nova.compute.claims [req-{_uuid(rng)} {hex_id(rng, 32)} {hex_id(rng, 32)} - - -] "
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
    return (f"pod={rng.choice(SERVICES)}-{hex_id(rng, 5)} namespace={rng.choice(NAMESPACES)} "
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


def _slash_ts(rng):
    """nginx error-log and Go log time: "2024/06/14 08:22:17"."""
    return _iso_ts(rng)[:19].replace("-", "/").replace("T", " ")


def _apache_error_ts(rng):
    """Apache error-log time: "Fri Jun 14 08:22:17.123456 2024"."""
    return (f"{rng.choice(WEEKDAYS)} {rng.choice(MONTHS)} {rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            f"{rng.choice(('', f'.{rng.randint(0, 999999):06d}'))} {rng.randint(2022, 2025)}")


def web_framework_access(rng):
    """Access lines of proxies, load balancers and web frameworks (envoy, haproxy, ALB, ...)."""
    status = _status(rng)
    method, path, ip, agent = rng.choice(METHODS), _path(rng), _ip(rng), rng.choice(AGENTS)
    size, secs = rng.randint(0, 90000), f"{rng.uniform(0.001, 3):.3f}"
    text = STATUS_TEXT[status]
    return rng.choice((
        f'[{_iso_ts(rng)}] "{method} {path} HTTP/{rng.choice(("1.1", "2"))}" {status} '
        f'{rng.choice(("-", "-", "UF", "UH", "URX", "UT"))} {rng.randint(0, 900)} {size} '
        f'{rng.randint(1, 3000)} - "-" "{agent}" "{_uuid(rng)}" "{rng.choice(SERVICES)}:8080" "{ip}:8080"',
        f"{ip}:{rng.randint(1024, 65535)} [{_clf_ts(rng)[:20]}.{rng.randint(0, 999):03d}] "
        f"{rng.choice(('https-in~', 'http-in', 'fe_main'))} {rng.choice(('be_api', 'be_web', 'be_app'))}/"
        f"{rng.choice(SERVICES)}-{rng.randint(1, 9)} 0/0/{rng.randint(0, 9)}/{rng.randint(1, 900)}/"
        f"{rng.randint(1, 999)} {status} {size} - - ---- {rng.randint(1, 400)}/{rng.randint(1, 400)}/"
        f'{rng.randint(0, 50)}/{rng.randint(0, 9)}/0 0/0 "{method} {path} HTTP/1.1"',
        f'INFO:     {ip}:{rng.randint(1024, 65535)} - "{method} {path} HTTP/1.1" {status} {text}',
        f'[{rng.randint(1, 28):02d}/{rng.choice(MONTHS)}/{rng.randint(2022, 2025)} '
        f'{_iso_ts(rng)[11:19]}] "{method} {path} HTTP/1.1" {status} {size}',
        f'::ffff:{ip} - - [{rng.choice(WEEKDAYS)}, {rng.randint(1, 28):02d} {rng.choice(MONTHS)} '
        f'{rng.randint(2022, 2025)} {_iso_ts(rng)[11:19]} GMT] "{method} {path} HTTP/1.1" {status} '
        f'{size} "-" "{agent}"',
        f'{apache_combined(rng)} {rng.randint(100, 900)} {secs} [{rng.choice(NAMESPACES)}-'
        f'{rng.choice(SERVICES)}-80] [] {ip}:8080 {size} {secs} {status} {hex_id(rng, 32)}',
        f'{apache_combined(rng)} {rng.randint(1, 9999)} "{rng.choice(SERVICES)}@docker" '
        f'"http://{ip}:8080" {rng.randint(1, 900)}ms',
        f"{rng.choice(('h2', 'https', 'http'))} {_iso_ts(rng)[:19]}.{rng.randint(0, 999999):06d}Z "
        f"app/{rng.choice(('prod', 'web', 'api'))}-alb/{hex_id(rng, 16)} {ip}:{rng.randint(1024, 65535)} "
        f"{_ip(rng)}:8080 0.000 {secs} 0.000 {status} {status} {rng.randint(20, 900)} {size} "
        f'"{method} https://{rng.choice(("shop", "api", "www"))}.example.com:443{path} HTTP/2.0" "{agent}"',
        '{"level":"info","logger":"http.log.access","msg":"handled request","request":{"method":"%s",'
        '"uri":"%s"},"status":%d,"size":%d,"duration":%s}' % (method, path, status, size, secs),
        f"o.s.web.servlet.DispatcherServlet : Completed {status} {text.upper().replace(' ', '_')}",
        f"Request finished HTTP/{rng.choice(('1.1', '2'))} {method} https://{_host(rng)}{path} - "
        f"{status} {rng.choice(('-', str(size)))} application/json {rng.uniform(0.1, 900):.4f}ms",
        f'"{method} http://{_host(rng)}{path} HTTP/1.1" from {ip}:{rng.randint(1024, 65535)} - '
        f"{status} {size}B in {rng.uniform(0.01, 900):.1f}ms",
        f"{_slash_ts(rng)} {method} {path} {status} {rng.randint(1, 3000)}ms",
        f"{rng.choice(('upstream', 'origin', 'backend', 'partner API'))} responded with {status} {text} "
        f"for {method} {path} after {rng.randint(1, 30000)}ms",
        f"HTTP {status} {text} from api.{rng.choice(WORDS)}.com{rng.choice(('', ', retry after 60s'))}",
    ))


def nginx_error(rng):
    """nginx error-log lines (failed upstream calls, missing files)."""
    request = f'"{rng.choice(METHODS)} {_path(rng)} HTTP/1.1"'
    reason = rng.choice((
        "upstream timed out (110: Connection timed out) while reading response header from upstream",
        "connect() failed (111: Connection refused) while connecting to upstream",
        "upstream prematurely closed connection while reading response header from upstream",
        f'open() "/usr/share/nginx/html/{rng.choice(FILE_NAMES)}" failed (2: No such file or directory)',
        "recv() failed (104: Connection reset by peer) while reading response header from upstream",
        "no live upstreams while connecting to upstream",
        "SSL_do_handshake() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading)",
        "upstream sent too big header while reading response header from upstream",
    ))
    return (f"{_slash_ts(rng)} [error] {rng.randint(100, 9999)}#{rng.randint(0, 9)}: "
            f"*{rng.randint(1, 999999)} {reason}, client: {_ip(rng)}, server: "
            f"{rng.choice(('api', 'www', 'shop'))}.example.com, request: {request}, upstream: "
            f'"http://{_ip(rng)}:8080{_path(rng)}"')


def apache_error(rng):
    """Apache httpd error-log lines."""
    module, message = rng.choice((
        ("proxy:error", f"(111)Connection refused: AH00957: HTTP: attempt to connect to "
                        f"{_ip(rng)}:8080 ({_host(rng)}) failed"),
        ("proxy_fcgi:error", "AH01071: Got error 'Primary script unknown'"),
        ("php:error", f"PHP Fatal error:  Uncaught Error: Call to undefined function "
                      f"{rng.choice(WORDS)}_{rng.choice(WORDS)}() in /var/www/html/index.php:{rng.randint(2, 900)}"),
        ("core:error", f"AH00037: Symbolic link not allowed or link target not accessible: "
                       f"/var/www/{rng.choice(WORDS)}"),
        ("error", f"File does not exist: /var/www/html/{rng.choice(FILE_NAMES)}"),
        ("proxy:error", f"AH01114: HTTP: failed to make connection to backend: {_host(rng)}"),
        ("ssl:error", "AH02032: Hostname provided via SNI and hostname provided via HTTP are different"),
        ("cgid:error", "AH01215: (2)No such file or directory: exec of '/usr/lib/cgi-bin/report.cgi' failed"),
    ))
    return (f"[{_apache_error_ts(rng)}] [{module}] [pid {rng.randint(100, 65000)}] "
            f"[client {_ip(rng)}:{rng.randint(1024, 65535)}] {message}")


def ids_alert(rng):
    """Suricata/Snort fast-log alerts."""
    signature, classification = rng.choice((
        ("ET SCAN Possible Nmap User-Agent Observed", "Web Application Attack"),
        ("ET EXPLOIT Apache log4j RCE Attempt (CVE-2021-44228)", "Attempted Administrator Privilege Gain"),
        ("ET TROJAN Possible Cobalt Strike Beacon", "A Network Trojan was detected"),
        ("ET SCAN Suspicious inbound to MSSQL port 1433", "Potentially Bad Traffic"),
        ("ET POLICY SSH session in progress on unusual port", "Misc activity"),
        ("GPL WEB_SERVER /etc/passwd access", "Attempted Information Leak"),
        ("ET WEB_SERVER SQL Injection Select Sleep Time Delay", "Web Application Attack"),
    ))
    return (f"[1:{rng.randint(2000000, 2999999)}:{rng.randint(1, 9)}] {signature} [**] "
            f"[Classification: {classification}] [Priority: {rng.randint(1, 3)}] "
            f"{{{rng.choice(('TCP', 'UDP'))}}} {_ip(rng)}:{rng.randint(1024, 65535)} -> "
            f"{_ip(rng)}:{rng.choice((22, 80, 443, 445, 1433, 3389, 8080))}")


def selinux_denial(rng):
    """auditd AVC denials."""
    return (f"type=AVC msg=audit({rng.randint(1600000000, 1760000000)}.{rng.randint(0, 999)}:"
            f"{rng.randint(100, 99999)}): avc:  denied  {{ {rng.choice(('execute', 'write', 'read', 'connectto', 'name_bind'))} }} "
            f"for pid={rng.randint(300, 65000)} comm=\"{rng.choice(('httpd', 'nginx', 'php-fpm', 'java', 'sh'))}\" "
            f"name=\"{rng.choice(('sh', 'shadow', 'passwd', 'bash', '4444'))}\" "
            f"scontext=system_u:system_r:{rng.choice(('httpd_t', 'container_t', 'unconfined_service_t'))}:s0 "
            f"tcontext=system_u:object_r:{rng.choice(('shell_exec_t', 'shadow_t', 'etc_t'))}:s0")


def unified_gc(rng):
    """JDK 9+ unified GC log lines."""
    before = rng.randint(200, 16000)
    return (f"[{_iso_ts(rng)}][{rng.choice(('gc', 'gc', 'gc,heap', 'info][gc'))}] GC({rng.randint(1, 99999)}) "
            f"{rng.choice(('Pause Young (Normal) (G1 Evacuation Pause)', 'Pause Full (Allocation Failure)', 'Pause Young (Concurrent Start) (G1 Humongous Allocation)', 'Pause Remark', 'Concurrent Mark Cycle'))} "
            f"{before}M->{rng.randint(50, before)}M({rng.choice((1024, 2048, 4096, 8192, 16384))}M) "
            f"{rng.uniform(0.1, 3000):.3f}ms")


def host_stats(rng):
    """Per-host and per-container usage samples (sar, vmstat, docker stats, pgbouncer)."""
    return rng.choice((
        f"sar: %user {rng.uniform(0, 99):.2f} %system {rng.uniform(0, 40):.2f} %iowait "
        f"{rng.uniform(0, 30):.2f} %idle {rng.uniform(0, 99):.2f}",
        f"procs r={rng.randint(0, 40)} b={rng.randint(0, 9)} swpd={rng.randint(0, 900000)} "
        f"free={rng.randint(1000, 900000)} buff={rng.randint(0, 90000)} cache={rng.randint(0, 9000000)} "
        f"us={rng.randint(0, 99)} sy={rng.randint(0, 40)} id={rng.randint(0, 99)} wa={rng.randint(0, 40)}",
        f"container={rng.choice(SERVICES)}-{rng.randint(1, 9)} cpu={rng.uniform(0, 400):.1f}% "
        f"mem={rng.uniform(0.1, 8):.2f}GiB/{rng.choice((1, 2, 4, 8))}GiB ({rng.randint(5, 99)}%) "
        f"net={rng.randint(0, 900)}MB/{rng.randint(0, 900)}MB block={rng.randint(0, 900)}MB/{rng.randint(0, 900)}MB",
        f"stats: {rng.randint(1, 9000)} xacts/s, {rng.randint(1, 30000)} queries/s, in "
        f"{rng.randint(100, 9000000)} B/s, out {rng.randint(100, 9000000)} B/s, xact "
        f"{rng.randint(10, 90000)} us, query {rng.randint(10, 9000)} us, wait {rng.randint(0, 9000)} us",
        f"Device {rng.choice(('sda', 'nvme0n1', 'vdb'))} r/s={rng.uniform(0, 9000):.1f} "
        f"w/s={rng.uniform(0, 9000):.1f} rkB/s={rng.uniform(0, 900000):.1f} await={rng.uniform(0, 90):.2f} "
        f"%util={rng.uniform(50, 100):.1f}",
        f"{rng.choice(SERVICES)}: rss={rng.randint(50, 9000)}MB vsz={rng.randint(500, 90000)}MB "
        f"cpu={rng.uniform(0, 400):.1f}% threads={rng.randint(5, 900)} fds={rng.randint(10, 65000)}",
    ))


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
    web_framework_access, web_framework_access, web_framework_access, web_framework_access,
    "{HEAD|OPTIONS|GET|PUT} {path} {->|=>|:} {301 Moved Permanently|302 Found|307 Temporary Redirect|308 Permanent Redirect|304 Not Modified}",
    "{Redirected|Redirecting} {method} {path} to https://{host}.example.com{path} ({301|302|307|308})",
    "{Client|Caller|Consumer} {ip} {was rate limited|exceeded the rate limit}: HTTP 429 for {method} {path}",
    "{Partner|Payment provider|Upstream|Vendor} API answered {method} {path} with {HTTP|status|code} {status}",
    "status={status} method={method} {uri|url|path}={path} {elapsed|duration|took}={ms}ms",
    "{method} {path} {completed|finished|done} {in {ms}ms |}with {HTTP |}{status}",
]

CRITICAL_TEMPLATES = [
    "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
    "Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b",
    "Kernel panic - not syncing: Fatal exception in interrupt",
    "Exception in thread \"{main|scheduler-{n}|pool-{n}-thread-{n}|kafka-producer-network-thread|http-nio-8080-exec-{n}}\" java.lang.{OutOfMemoryError: {Java heap space|GC overhead limit exceeded|Metaspace|unable to create native thread}|StackOverflowError}",
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
    "Kernel panic - not syncing: {Out of memory and no killable processes...|Fatal machine check|softlockup: hung tasks|hung_task: blocked tasks|Attempted to kill the idle task!|System is deadlocked on memory}",
    "mce: [Hardware Error]: CPU {n}: Machine Check{ Exception|}: {n} Bank {n}: {hex16}",
    "EDAC MC{n}: {n} UE {memory read error|uncorrectable ECC error} on CPU_SrcID#{n}_Ha#0_Chan#{n}_DIMM#{n}; system halted",
    "EXT4-fs error (device {dev}): {ext4_journal_check_start|ext4_find_entry|ext4_validate_block_bitmap}:{n}: {Detected aborted journal|bad block bitmap checksum|reading directory lblock 0}{; remounting filesystem read-only|}",
    "EXT4-fs ({dev}): Remounting filesystem read-only{ after journal abort|}",
    "md/raid{1|5|6|10}:md{n}: {not enough operational devices ({n}/{n} failed)|cannot start dirty degraded array}",
    "PANIC:  could not {write to|fsync|open} file \"pg_wal/{hex16}\": {No space left on device|Input/output error}",
    "PANIC:  corrupted page pointers: lower = {n}, upper = {big}, special = {big}",
    "LOG:  startup process (PID {pid}) was terminated by signal 6: Aborted; aborting startup due to startup process failure",
    "LOG:  server process (PID {pid}) was terminated by signal 11: Segmentation fault; terminating any other active server processes",
    "[ERROR] [MY-{big}] [InnoDB] {Database page corruption on disk or a failed file read of page|Tablespace {n} was not found at ./{db}/{table}.ibd; cannot continue operation|Unable to lock ./ibdata1 error: 11}",
    "[ERROR] mysqld got signal 11 ; This could be because you hit a bug. The server is going down",
    "[ERROR] Fatal error: Can't open and lock privilege tables: Table 'mysql.user' doesn't exist",
    "raft: {hex16} lost leader {hex16} at term {n}; {cluster has no leader|quorum lost}",
    "etcdserver: {request timed out|publish error}: no leader{; cluster unavailable|}",
    "Unable to connect to the server: dial tcp {ip}:6443: {connect: connection refused|i/o timeout} - {the control plane is down|all API servers unreachable}",
    "{All|Every} control-plane {node is|nodes are} NotReady; the cluster API is unreachable",
    "Failed to mount {/sysroot|/|/boot|/var}. Dependency failed for {Local File Systems|Initrd Root File System}. Entering emergency mode.",
    "Timed out waiting for device {dev}; giving up and dropping to the emergency shell",
    "dracut-initqueue: Warning: /dev/mapper/{rhel|ubuntu--vg}-root does not exist; could not boot",
    "{Event ID 41 (Kernel-Power)|Kernel-Power 41}: The system has rebooted without cleanly shutting down first",
    "The previous system shutdown at {time} on {date} was unexpected. (Event ID 6008)",
    "The computer has rebooted from a bugcheck. The bugcheck was: 0x{shorthex} (0x{hex16}). A dump was saved in: C:\\Windows\\MEMORY.DMP.",
    "The file system structure on the {volume C:|disk} is corrupt and unusable. Please run the chkdsk utility. (Event ID 55)",
    "Cluster service is shutting down because quorum was lost. (Event ID 1177)",
    "FATAL {namenode.NameNode|datanode.DataNode|resourcemanager.ResourceManager}: {Exception in namenode join|Error starting ResourceManager|Initialization failed}: java.io.IOException: {NameNode is not formatted|Incompatible clusterIDs|All specified directories have failed to load}",
    "{ZooKeeper|QuorumPeer} {ensemble|quorum} {lost|not reached}: {n} of {n} servers unreachable, no leader elected",
    "+odown master {word} {ip} 6379 #quorum {n}/{n}",
    "-failover-abort-no-good-slave master {word} {ip} 6379",
    "ZFS: pool '{word}' {state: UNAVAIL|state: FAULTED|has been suspended}: {insufficient replicas|uncorrectable I/O failure}",
    "{Utility|Mains} power lost; {generator failed to start|UPS battery at {n}%}: {all racks|the datacenter} will shut down in {n} minutes",
    "ORA-00600: internal error code, arguments: [{word}], [{n}]; instance terminated",
    "ORA-01578: ORACLE data block corrupted (file # {n}, block # {big})",
    "Instance terminated by {PMON|LGWR|DBW0}, pid = {pid}",
    "Database '{db}' {is marked SUSPECT|cannot be opened due to inaccessible files}; {recovery failed|all queries failing}",
    "SQL Server is terminating because of fatal exception c0000005",
    "{Login|Sign-in|Authentication|SSO|Single sign-on} {service|provider|backbone|platform} {unavailable|down|offline|unreachable}{ for {n} minutes| since {time}|}{ -|:|,} {no user|nobody|no employee|no customer|none of our users} can {log in|sign in|access {product}}",
    "{All logins|All payments|All checkouts|All orders|All API calls|Every request} {across the company|in every region|for all tenants|for every customer} {are|is} failing: {core} {is down|unreachable|lost}",
    "{product} is {completely |}{down|offline|unavailable} for {everyone|all users|every customer}: {core} {crashed|cannot be reached|is not responding}",
    "{Our|The} {core} {went|is} {down|dark}{ in all regions| company-wide|}: {all traffic failing|nothing works|full outage declared}",
]

# One worker lost in the middle of a job is an Error, not an outage: weighted in ERROR_TEMPLATES.
WORKER_LOST = ("{Worker|Node|Server|Executor|Replica|Runner} {n} {went down|dropped out|died|was lost|"
               "disappeared} {during|in the middle of|while running} {a|the} {data load|batch import|"
               "nightly export|sync run|reindex|file transfer|report build}{ and the {load|run|job|batch} "
               "was {abandoned|aborted|rescheduled}|; job failed|, retrying on another node|}")

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
    nginx_error, nginx_error, apache_error, apache_error,
    "Exception in thread \"{main|pool-{n}-thread-{n}|http-nio-8080-exec-{n}|kafka-consumer-{n}}\" {jexc}",
    "{ERROR|SEVERE} [{word}-thread-{n}] com.example.{word}.{Order|Invoice|Report|User}Service - {Failed to process|Error handling} request {id}: {jexc}",
    "SEVERE: Servlet.service() for servlet [{dispatcher|api|default}] in context with path [{|/api}] threw exception [{Request processing failed|Handler dispatch failed}; nested exception is {jexc}]",
    "ERROR:{root|app|worker|celery}:{Failed to|Could not} {upload|fetch|parse|save} {file}: {pyexc}",
    "[ERROR] Task app.tasks.{word}_{word}[{uuid}] raised unexpected: {pyexc}",
    "dfs.DataNode$DataXceiver: {ip}:50010:DataXceiver: java.io.IOException: {Connection reset by peer|Broken pipe|Premature EOF from inputStream}",
    "writeBlock {blk} received exception java.io.IOException: {Could not read from stream|Connection reset by peer|Interrupted receiveBlock}",
    "ERROR Executor: Exception in task {n}.0 in stage {n}.0 (TID {big}) {jexc}",
    "WARN TaskSetManager: Lost task {n}.0 in stage {n}.0 (TID {big}, {host}, executor {n}): {ExecutorLostFailure (executor {n} exited caused by one of the running tasks)|FetchFailed(BlockManagerId({n}, {host}, {port}))|{jexc}}",
    "ERROR SparkContext: Error initializing SparkContext. {jexc}",
    "ERROR [main] org.apache.hadoop.mapred.YarnChild: Error running child : java.net.ConnectException: Call From {host}/{ip} to {host}:8020 failed on connection exception",
    "Container container_{big}_{n}_01_{big} exited with exitCode: {1|2|127|143}; task attempt failed",
    "ERROR:  {duplicate key value violates unique constraint \"{table}_pkey\"|relation \"{table}\" does not exist|column \"{word}\" does not exist|canceling statement due to {statement timeout|lock timeout|user request}|could not serialize access due to concurrent update|null value in column \"{word}\" violates not-null constraint|syntax error at or near \"{word}\"|insert or update on table \"{table}\" violates foreign key constraint}",
    "[ERROR] Slave SQL for channel '': Error '{Table '{db}.{table}' doesn't exist|Duplicate entry '{id}' for key 'PRIMARY'}' on query. Default database: '{db}'. Error_code: {big}",
    "[ERROR] [MY-{big}] [Repl] Replica I/O for channel '': error connecting to source 'repl@{ip}:3306' - retry-time: 60 retries: {n}",
    "ERROR {1062|1452|1205|1213} ({23000|HY000|40001}): {Duplicate entry '{id}' for key 'PRIMARY'|Cannot add or update a child row|Lock wait timeout exceeded; try restarting transaction}",
    "Warning  {FailedMount|FailedAttachVolume}  MountVolume.SetUp failed for volume \"{word}\" : {configmap|secret} \"{service}-config\" not found",
    "Warning  FailedCreatePodSandBox  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox",
    "Warning  Unhealthy  {Readiness|Liveness} probe failed: {Get \"http://{ip}:8080/healthz\": context deadline exceeded|HTTP probe failed with statuscode: 503}",
    "Job {ns}/{job} has failed: BackoffLimitExceeded (Job has reached the specified backoff limit)",
    "Error: {ErrImagePull|ImagePullBackOff|CreateContainerConfigError: secret \"{service}-env\" not found}",
    "Job '{cron.daily|cron.weekly|cron.monthly}' terminated (exit status: {n}) (mailing output)",
    "({sysuser}) MAIL (mailed {n} bytes of output but got status 0x{shorthex} from MTA)",
    "{unit}: Main process exited, code={exited|killed|dumped}, status={1/FAILURE|203/EXEC|2/INVALIDARGUMENT|6/ABRT}",
    "{unit}: Failed with result '{exit-code|timeout|signal|core-dump}'.",
    "Failed to start {desc}.",
    "{unit}: Start request repeated too quickly.",
    "{borg|restic|duplicity|rsnapshot|pgBackRest}: {Failed to create/acquire the lock|unable to open repository|backup command failed|rsync returned error 23} {on {mount}|for {db}|}{ (timeout)|}",
    "{Veeam|Bacula|Backup Exec} job {job} {finished with Failed|terminated with errors|Backup Error}: {cannot connect to storage|snapshot creation failed|{n} files could not be read}",
    "ERROR: Job failed: {exit code {n}|execution took longer than 1h0m0s seconds}",
    "##[error]Process completed with exit code {n}.",
    "Build step '{Execute shell|Invoke Gradle script}' marked build as failure",
    "Pipeline #{big} {failed|was marked as failed} at stage {build|test|deploy|lint}",
    "Error: UPGRADE FAILED: {timed out waiting for the condition|another operation (install/upgrade/rollback) is in progress|release {service} failed}",
    "ComparisonError: sync of application {service}-{ns} failed: {one or more objects failed to apply|Deployment.apps \"{service}\" is invalid}",
    "{terraform|Terraform}: Error: {creating|updating} {aws_instance|aws_db_instance|google_compute_instance} ({word}): {InvalidParameterValue|timeout while waiting for state to become 'available'}",
    *[WORKER_LOST] * 3,
    "{One|A single} {instance|replica|pod|worker} of {service} {crashed|restarted|was killed}{; the remaining replicas kept serving| while handling job {id}|}",
    "{service} {could not|failed to} {finish|complete} {job|run|batch} {job} because {a worker|node {n}|its database connection} {went away|was lost|timed out}",
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
    ids_alert, ids_alert, selinux_denial,
    "pam_unix({sshd|sudo|su|login}:auth): {check pass; user unknown|authentication failure; logname={sysuser} uid={uid} euid=0 tty=/dev/pts/{n} ruser={sysuser} rhost=  user={sysuser}}",
    "{user} : {n} incorrect password attempts ; TTY=pts/{n} ; PWD=/home/{user} ; USER=root ; COMMAND=/usr/bin/{cat /etc/shadow|bash|passwd root|visudo}",
    "fail2ban.filter [{pid}]: INFO [{sshd|nginx-http-auth|postfix-sasl|recidive}] Found {ip} - {ts}",
    "fail2ban.actions [{pid}]: NOTICE [{sshd|nginx-http-auth|postfix-sasl|recidive}] {Ban|Restore Ban|Already banned} {ip}",
    "{IPTABLES-DROP|FW-DROP|nft-drop|iptables denied}: IN=eth0 OUT= SRC={ip} DST={ip} LEN={n} PROTO={TCP|UDP} SPT={port} DPT={22|23|445|3389|5900} {SYN|}",
    "An account failed to log on. {Event ID 4625.|} Account Name: {Administrator|admin|{user}}. Failure Reason: {Unknown user name or bad password|Account currently disabled|The specified account's password has expired}. Source Network Address: {ip}",
    "A user account was locked out. {Event ID 4740.|} Account That Was Locked Out: {user}. Caller Computer Name: WS-{n}",
    "{Event ID 1102: |}The audit log was cleared. Subject: Account Name: {user}",
    "Kerberos pre-authentication failed. (Event ID 4771) Account Name: {user} Client Address: {ip} Failure Code: 0x18",
    "The computer attempted to validate the credentials for an account. (Event ID 4776) Logon Account: {user} Error Code: 0xC000006A",
    "ConsoleLogin failure for {IAM user|root account} {user} from {ip}: {Failed authentication|MFA code invalid|MFA not present}",
    "CloudTrail: {StopLogging|DeleteTrail|PutBucketPolicy|CreateAccessKey|DeactivateMFADevice} called by {user} from {unrecognized IP|Tor exit node} {ip}",
    "GuardDuty finding {UnauthorizedAccess:EC2/SSHBruteForce|Recon:EC2/PortProbeUnprotectedPort|CryptoCurrency:EC2/BitcoinTool.B!DNS|UnauthorizedAccess:IAMUser/MaliciousIPCaller} on {instance} from {ip}",
    "[client {ip}] ModSecurity: {Access denied with code 403 (phase 2)|Warning}. {Pattern match|Matched phrase} \"{union.*select|<script>|../../etc/passwd|;wget http}\" at {ARGS:id|REQUEST_URI|ARGS:q}. [id \"{big}\"] [msg \"{SQL Injection Attack Detected via libinjection|XSS Attack Detected|Path Traversal Attack|Remote Command Execution}\"]",
    "{secrets|pods/exec|clusterrolebindings|serviceaccounts/token} is forbidden: User \"{system:anonymous|system:serviceaccount:{ns}:default|{email}}\" cannot {get|create|list} resource \"{secrets|pods/exec|clusterrolebindings}\" in API group \"{|rbac.authorization.k8s.io}\" {in the namespace \"{ns}\"|at the cluster scope}",
    "{vault|Vault}: permission denied: {token|client {ip}} {tried|attempted} to {read|write|list} secret/{data/prod|kv}/{db} {without a matching policy|with a revoked token}",
    "type=LOGIN_ERROR, realmId={corp|master|customers}, clientId={portal|admin-cli|account}, userId={null|{uuid}}, ipAddress={ip}, error={invalid_user_credentials|user_not_found|user_temporarily_disabled|invalid_totp}, username={user}",
    "/{srv|home|var/www|tmp}/{word}/{file}{.exe|.js|}: {Win.Trojan|Unix.Malware|Html.Phishing|Doc.Dropper}.{word}-{big} FOUND",
    "FATAL:  password authentication failed for user \"{sysuser}\"",
    "FATAL:  no pg_hba.conf entry for host \"{ip}\", user \"{sysuser}\", database \"{db}\", SSL off",
    "Access denied for user '{sysuser}'@'{ip}' (using password: YES)",
    "Did not receive identification string from {ip} port {port}",
    "Unable to negotiate with {ip} port {port}: no matching key exchange method found. [preauth]",
    "reverse mapping checking getaddrinfo for {word}.{country}.example [{ip}] failed - POSSIBLE BREAK-IN ATTEMPT!",
    "Connection closed by invalid user {sysuser} {ip} port {port} [preauth]",
    "{Request|Webhook|Payload|Message|API call} signature {mismatch|invalid|could not be verified|does not match} {from|for} {partner key|client|webhook source|integration} {shorthex}{; possible tampering|, request rejected|, replay suspected|}",
    "{Tampered|Forged|Modified} {JWT|session cookie|SAML assertion|signed URL} {presented by|received from} {ip}; {request rejected|session revoked}",
    "{user} {logged in|signed in} from {a new country|a Tor exit node|an anonymizing proxy} {country} ({ip}); {account flagged|MFA challenge failed}",
    "User {uid} {granted|gave} {themselves|their own account} {the admin role|owner rights|superuser access} {via a direct database update|through the API|without approval}",
    "{Rate limiter|WAF|Bot protection|Edge firewall} {flagged|blocked|challenged} {ip} for {credential stuffing|brute force|password spraying|scraping|token guessing} on {path}",
    "{Anomaly|Anomalous behaviour|UEBA alert|Unusual activity}: {service account svc-{word}|{user}} {accessed|queried|exported|enumerated} {all|every} {table} {records|rows|tables} {outside business hours|at {time}|from an unusual host}",
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
    "Started {desc}.",
    "Starting {desc}...",
    "Stopped {desc}.",
    "Finished {desc}.",
    "Reached target {Multi-User System|Network is Online|Timers|Graphical Interface}.",
    "{unit}: {Succeeded.|Deactivated successfully.|Consumed {float}s CPU time.}",
    "({sysuser}) CMD ({cd / && run-parts --report /etc/cron.{hourly|daily}|/usr/local/bin/{job}.sh|test -x /usr/sbin/anacron})",
    "Job '{cron.daily|cron.weekly}' {started|terminated normally}",
    "Anacron started on {date}",
    "rotating pattern: /var/log/{nginx|apache2|{service}}/*.log  {after 1 days|weekly} ({n} rotations)",
    "rotating log /var/log/{syslog|auth.log|{service}.log}, log->rotateCount is {n}",
    "LOG:  database system was shut down {in recovery |}at {ts} UTC",
    "LOG:  checkpoint starting: {time|shutdown immediate|wal|immediate force wait}",
    "LOG:  {received {fast|smart} shutdown request|aborting any active transactions|shutting down|database system is shut down}",
    "LOG:  listening on IPv{4|6} address \"{0.0.0.0|::}\", port 5432",
    "LOG:  starting PostgreSQL {version} on x86_64-pc-linux-gnu",
    "LOG:  redo done at 0/{shorthex}",
    "[{Note|System}] {[MY-010931] [Server] |}/usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306",
    "[{Note|System}] {InnoDB: Buffer pool(s) load completed at {ts}|/usr/sbin/mysqld: Shutdown complete|InnoDB: Starting shutdown...}",
    "Normal  {Killing  Stopping container {image}|Pulled  Container image \"{image}:{version}\" already present on machine|Started  Started container {image}|Created  Created container {image}|SuccessfulCreate  Created pod: {pod}|SuccessfulDelete  Deleted pod: {pod}|ScalingReplicaSet  Scaled up replica set {service}-{shorthex} to {n}|NodeReady  Node {node} status is now: NodeReady|RegisteredNode  Node {node} event: Registered Node {node} in Controller}",
    "{Unpacking {pkg} ({version}) over ({version}) ...|Setting up {pkg} ({version}) ...|Processing triggers for {man-db|libc-bin} ({version}) ...}",
    "{Installed|Updated|Upgraded}: {pkg}-{version}.x86_64",
    "status installed {pkg}:amd64 {version}",
    "The {Windows Update|Background Intelligent Transfer Service|Print Spooler|WinHTTP Web Proxy Auto-Discovery|Windows Modules Installer} service entered the {running|stopped} state. (Event ID 7036)",
    "The start type of the {Background Intelligent Transfer Service|Windows Update} service was changed from {demand start|auto start} to {auto start|demand start}. (Event ID 7040)",
    "Installation Successful: Windows successfully installed the following update: {date} Cumulative Update for Windows {Server 2019|Server 2022|11} ({kb})",
    "{The Event log service was started. (Event ID 6005)|The operating system started at system time {ts}. (Event ID 12)|The system uptime is {big} seconds. (Event ID 6013)}",
    "{Congratulations, all renewals succeeded|Certificate not yet due for renewal|Successfully received certificate}: /etc/letsencrypt/live/{service}.example.com/fullchain.pem",
    "Certificate {ns}/{service}-tls is up to date and has not expired",
    "BLOCK* NameSystem.{addStoredBlock: blockMap updated: {ip}:50010 is added to {blk} size {big}|allocateBlock: /user/{sysuser}/{word}/part-{n}. {blk}}",
    "{Receiving block {blk} src: /{ip}:{port} dest: /{ip}:50010|Received block {blk} of size {big} from /{ip}|PacketResponder {n} for block {blk} terminating|Verification succeeded for {blk}}",
    "INFO {SparkContext: Running Spark version {version}|SparkContext: Successfully stopped SparkContext|ShutdownHookManager: Shutdown hook called|DAGScheduler: Job {n} finished: collect at {word}.scala:{n}, took {float} s|Executor: Finished task {n}.0 in stage {n}.0 (TID {big}). {big} bytes result sent to driver}",
    "{Sync operation to {shorthex} succeeded for application {service}-{ns}|Reconciliation finished in {float}s, next run in 10m0s|Helm release {service} upgraded to revision {n}}",
    "{Build|Pipeline} #{big} of {service} {finished: SUCCESS|passed|succeeded}{ (deployed to {staging|production})|}",
    "Finished: SUCCESS",
    "{Termination: Backup OK|Backup OK} -- Job {job}.{date}, {big} files, {float} GB",
    "{pgBackRest: backup command end: completed successfully|rsnapshot {daily|hourly}: completed successfully|restic: snapshot {shorthex} saved|Veeam job {job} finished with Success}",
    "{Selected source {ip}|System clock wrong by {float} seconds, adjustment started|ntpd: synchronized to {ip}, stratum {n}|Initial synchronization to time server {ip}:123 (ntp.ubuntu.com).}",
    "time=\"{ts}\" level=info msg=\"{Daemon has completed initialization|API listen on /run/docker.sock|Loading containers: done.|Starting up}\"",
    "[{node}] cluster health status changed from [{YELLOW|RED}] to [GREEN] (reason: [shards started])",
    "{product} {version} {has been|was} {rolled out|released|deployed|published} {to all users|to production|on schedule|}",
    "{Version|Release} {version} of {product} {has been|was} {rolled out|released|deployed}",
    "{Upgrade|Update} of {product} to {version} {completed|finished}",
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
    unified_gc, unified_gc, host_stats, host_stats, host_stats,
    "Out of memory: Killed process {pid} ({proc}) total-vm:{big}kB, anon-rss:{big}kB, file-rss:{n}kB, shmem-rss:0kB, UID:{uid}",
    "{proc} invoked oom-killer: gfp_mask=0x{shorthex}, order=0, oom_score_adj={n}",
    "eviction manager: {attempting to reclaim {memory|ephemeral-storage|nodefs|imagefs}|must evict pod(s) to reclaim memory}",
    "Warning  Evicted  The node was low on resource: {memory|ephemeral-storage}. Container {image} was using {big}Ki, which exceeds its request of 0.",
    "Warning  FailedScheduling  0/{n} nodes are available: {n} Insufficient {cpu|memory|nvidia.com/gpu}.",
    "Warning  {EvictionThresholdMet|NodeHasDiskPressure|NodeHasInsufficientMemory}  Node {node} {is low on memory|has disk pressure|attempting to reclaim memory}",
    "[FIRING:{n}] {HostHighCpuLoad|HostOutOfMemory|HostOutOfDiskSpace|KubePodCPUThrottling|ContainerMemoryUsageHigh} instance={host}:9100 value={float}%",
    "{NodeFilesystemAlmostOutOfSpace|NodeMemoryHighUtilization|NodeCPUHighUsage}: {Filesystem on {dev}|Memory|CPU} at {host}:9100 {has only {float}% available space left|is {pct}% used|is {pct}% busy}.",
    "{Problem|Resolved}: {High CPU utilization (over 90% for 5m)|High memory utilization (>90% for 5m)|Free disk space is less than 10% on volume {mount}|Load average is too high (per CPU load over 1.5 for 5m)} on {host}",
    "SERVICE ALERT: {host};{CPU Load|Disk Usage|Memory|Swap Usage|Root Partition};{WARNING|CRITICAL};{SOFT|HARD};{n};{DISK WARNING - free space: {mount} {big} MB ({lowpct}% inode={pct}%)|CPU CRITICAL - load average: {float}, {float}, {float}|MEMORY WARNING - {pct}% used|SWAP WARNING - {lowpct}% free}",
    "Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: {proc}.exe ({pid}) consumed {big} bytes",
    "The disk is at or near capacity. You may need to delete some files. (Event ID 2013)",
    "Application popup: Windows - Low on Virtual Memory : Your system is low on virtual memory.",
    "{WARNING|#} used memory {float}G is close to maxmemory {n}G, evicting keys (policy {allkeys-lru|volatile-lru})",
    "used_memory:{big} used_memory_peak:{big} maxmemory:{big} mem_fragmentation_ratio:{float}",
    "DataNode volume /data/{n} is {pct}% full, remaining capacity {n} GB",
    "{ALARM|OK}: \"{word}-{cpu|memory|disk|connections}\" in {region}: {CPUUtilization|FreeStorageSpace|MemoryUtilization|DatabaseConnections} {>|<} {n} for {n} datapoints within {n} minutes",
    "Consumer group {service}-consumers lag on topic {word} is {big} messages",
    "memory resource limit alarm set on node rabbit@{host}. Publishers will be blocked until this alarm clears",
    "disk resource limit alarm set on node rabbit@{host}. Free disk space is {big} bytes",
    "{low|high|flood stage} disk watermark [{pct}%] exceeded on [{node}][/var/lib/elasticsearch] free: {float}gb[{float}%]",
    "backend {be_api|be_web} has {big}/{big} sessions in use ({pct}% of maxconn)",
    "{n} worker_connections are not enough{ while connecting to upstream|}",
    "Host {host} memory usage {pct}% ({n} GB of {gb} GB){, ballooning active on {n} VMs|}",
    "Datastore {word}-ds usage on disk is {pct}% ({n} GB free)",
    "TCP: out of memory -- consider tuning tcp_mem",
    "nf_conntrack: table full, dropping packet",
    "CPU{n}: {Core|Package} temperature above threshold, cpu clock throttled (total events = {big})",
    "{Container|Pod} {service} CPU throttled {pct}% of periods (limit {cpu} cores)",
    "Executor memory usage {pct}% ({n} GB of {n} GB); spilling {big} MB to disk",
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
    "New session {n} of user {user}.",
    "Session {n} logged out. Waiting for processes to exit.",
    "(to root) {user} on pts/{n}",
    "pam_unix(su{|-l}:session): session opened for user root by {user}(uid={uid})",
    "{user} : TTY=pts/{n} ; PWD=/home/{user} ; USER=root ; COMMAND=/usr/bin/{systemctl restart {service}|apt update|vim /etc/hosts|journalctl -u {service}|docker ps}",
    "An account was successfully logged on. {Event ID 4624.|} Logon Type: {2|3|10}. Account Name: {user}. Workstation Name: WS-{n}. Source Network Address: {ip}",
    "{An account was logged off. (Event ID 4634)|User initiated logoff. (Event ID 4647)} Account Name: {user}",
    "A user account was {created|enabled|changed}. {Event ID {4720|4722|4738}.|} Subject: Account Name: {user}. {Target|New} Account: Account Name: {user}",
    "An attempt was made to {reset|change} an account's password. {Event ID {4724|4723}.|} Subject: {user}. Target Account: {user}",
    "The workstation was {locked|unlocked}. (Event ID {4800|4801}) Account Name: {user}",
    "ConsoleLogin success for IAM user {user} from {ip} (MFAUsed: {Yes|No})",
    "eventName={CreateBucket|RunInstances|PutObject|UpdateFunctionCode|StartInstances|CreateUser|AssumeRole} userIdentity=arn:aws:iam::{awsacct}:user/{user} {region={region}|sourceIPAddress={ip}}",
    "protoPayload.methodName=\"{compute.instances.insert|storage.buckets.create|SetIamPolicy|compute.instances.stop}\" principalEmail=\"{email}\"",
    "{user} performed Microsoft.{Compute/virtualMachines/restart|Storage/storageAccounts/write|Web/sites/slots/swap}/action on {word}-{n}",
    "{repo.create|repo.archived|org.add_member|team.add_member|protected_branch.update|repo.access}: actor={user} {created repository|changed} acme/{service}",
    "{user.session.start|user.session.end|user.authentication.sso|user.account.update_password|user.mfa.factor.activate} SUCCESS: {user} ({email}) {from {ip}|}",
    "User {user} {published|updated|deleted|scheduled} post \"{word} {word}\" (ID {id})",
    "{User |}{user} pushed {n} commits to {branch}",
    "{user} {opened|merged|closed|approved} merge request !{id} in {service}",
    "{user} moved issue {issue} from \"{To Do|In Progress|Review}\" to \"{In Progress|Review|Done}\"",
    "{user} {commented on|assigned|created} issue {issue}",
    "type={LOGIN|LOGOUT|UPDATE_PASSWORD|REGISTER|UPDATE_PROFILE}, realmId={corp|customers}, clientId={portal|account}, userId={uuid}, ipAddress={ip}",
    "user {email} {scaled|edited|deleted|created|restarted} {deployment|configmap|cronjob} {ns}/{service} {via kubectl|from the dashboard}",
    "File \"{file}\" shared with {group|user} {word} by user {user}",
    "{user} {created|renamed|deleted} folder \"{word}\"",
    "msg=\"{Successful Login|Logged out|User updated preferences}\" {User|uname}={user}",
    "Customer {big} {updated|changed} {shipping address|payment method|phone number} on order {big}",
    "user_id={big} action={password_change|login|logout|profile_update|export|2fa_enable} result=success ip={ip}",
    "{user} {ran|triggered|scheduled} {report|export|pipeline} {job} {manually|from the UI}",
    "{Developer account|Client app|Partner account|Service owner} {word}_{n} {generated|created|revoked|rotated|deleted} {a new|its own|their} {client secret|API key|personal access token|SSH key|access token}",
    "{user} {generated|created|revoked|deleted} {a personal access token|an SSH key|an API key} {for the CLI|named {word}|}",
    "Customer {acct} {switched to|changed to|moved to|opted into} {annual|monthly|quarterly} {billing|invoicing|payments}",
    "{user} {renewed|cancelled|paused} their {subscription|membership|plan}",
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
    "{thanks|thank you|thx|cheers|great|awesome|nice}{,|!|} {that worked|it works now|that fixed it|all good now|perfect|much appreciated}{!|.| :)|}",
    "{Can|Could} {someone|you|anyone} {take a look at|review|check} {my PR|the doc|this|the draft} {please|when you have a minute|}?",
    "{What does|How do I|Why does|Where can I find} {the|this|that} {word} {mean|work|come from}?",
    "{Meeting notes|Agenda|Reminder|FYI}: {discussed|review|talk about} the {word} {plan|roadmap|budget}{, action items to follow|}",
    "{See|Please see} {attached|the attached|below} {screenshot|file|notes}",
    "{Hi|Hello} {all|everyone|team}, the {office|cafeteria|gym} {will be|is} closed on {Monday|Friday|the holiday}",
]
# Everyday questions, drawn more often than one template each: plain questions are common chat.
EVERYDAY_QUESTIONS = [
    "{Where is|How far is|Is there} {the nearest|a good|an open} {bakery|bank|post office|train station|"
    "hospital|supermarket|coffee shop|bookstore|hotel|bus stop|gas station|library|park|museum|"
    "doctor|dentist|clinic}{?| near here?| around here?}",
    "{What time does|When does|Does} the {shop|museum|restaurant|gym|library|store} {open|close}"
    "{ on Sundays| tomorrow| today|}?",
    "{Who|Which of you} {wants|is up for} {pizza|sushi|coffee|a walk|lunch} {later|tonight|at noon}?",
]

BASE_TEMPLATES = {
    HTTP_STATUS: HTTP_TEMPLATES,
    CRITICAL_ERROR: CRITICAL_TEMPLATES,
    SECURITY_ALERT: SECURITY_TEMPLATES,
    ERROR: ERROR_TEMPLATES,
    SYSTEM_NOTIFICATION: SYSNOTE_TEMPLATES,
    RESOURCE_USAGE: RESOURCE_TEMPLATES,
    USER_ACTION: USER_TEMPLATES,
    WORKFLOW_ERROR: [],
    DEPRECATION_WARNING: [],
    OUT_OF_DOMAIN: [gibberish, gibberish, word_salad, word_salad, sentence_salad, keyboard_noise,
                    symbols_noise, *([lambda rng: rng.choice(CHAT)] * 6), *CHAT_TEMPLATES,
                    *(EVERYDAY_QUESTIONS * 4)],
}
FAMILIES = (structured.TEMPLATES, platforms.TEMPLATES, deprecations.TEMPLATES, workflows.TEMPLATES)
TEMPLATES = {label: [*templates, *(t for family in FAMILIES for t in family.get(label, ()))]
             for label, templates in BASE_TEMPLATES.items()}

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
    USER_ACTION: ("INFO",), WORKFLOW_ERROR: ("ERROR", "WARN", "INFO"),
    DEPRECATION_WARNING: ("WARN", "WARNING", "INFO", "NOTICE"),
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


def generate(per_label: int = DEFAULT_PER_LABEL,
             seed: int = DEFAULT_SEED) -> list[tuple[str, str, str, str]]:
    """Rows (source, log_message, target_label, template_id): `per_label` per label, deterministic.

    `template_id` (label and index in `TEMPLATES`) names the template a line came
    from, so training can hold out whole templates when it calibrates.
    """
    rng = random.Random(seed)
    rows = []
    for label in CORPUS_LABELS:
        templates = TEMPLATES[label]
        for i in range(per_label):
            # Cycle through every template before repeating, then draw at random.
            index = i if i < len(templates) else rng.randrange(len(templates))
            template = templates[index]
            line = template(rng) if callable(template) else fill(template, rng)
            line = " ".join(line.split())
            line = _decorate(rng, label, line)
            rows.append((_source(rng, label, line), line, label, f"{label}:{index}"))
    rng.shuffle(rows)
    return rows


def write_corpus(rows, out: Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("source", "log_message", "target_label", "template_id"))
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
