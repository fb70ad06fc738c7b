"""Log lines of real platforms in their own formats, and free-text business lines.

LogHub-style systems (BGL, HPC, Thunderbird, ZooKeeper, Hadoop, Spark, OpenStack,
Android, HealthApp, Proxifier, Windows CBS/Update, macOS), servers and middleware
(Kafka, Cassandra, Redis, RabbitMQ, MySQL, PostgreSQL, MongoDB, Postfix, BIND, FTP,
sudo/su/cron/chrony, Tomcat, web frameworks, Lambda/Azure Functions, etcd, CoreDNS, ...)
and everyday business applications.

Templates use this module's own slots (``SLOTS``: values and timestamps in each
platform's format) and ``{a|b}`` alternatives, rendered by ``_render``; braces that
hold neither (``{ find }``) stay literal. JSON and cloud-audit formats live in
``structured.py``.
"""

import functools
import re
from datetime import datetime, timedelta

from labels import (
    CRITICAL_ERROR,
    ERROR,
    HTTP_STATUS,
    RESOURCE_USAGE,
    SECURITY_ALERT,
    SYSTEM_NOTIFICATION,
    UNCLASSIFIED,
    USER_ACTION,
)
from training.templates import hex_id

# Value pools -----------------------------------------------------------------------------------

FIRST = ("anna", "ben", "chloe", "diego", "elena", "felix", "gina", "hugo", "irene", "jonas",
         "kira", "leo", "maya", "nils", "olga", "pavel", "rosa", "sam", "tara", "umar", "vera",
         "will", "xia", "yara", "zane", "aiko", "bruno", "dana", "emil", "hana")
LAST = ("berg", "costa", "diaz", "eriksen", "fischer", "gomez", "hoffmann", "ito", "jensen",
        "klein", "lopez", "moreau", "nakamura", "okafor", "petrov", "quinn", "reyes", "schulz")
SYSUSERS = ("root", "admin", "deploy", "ubuntu", "postgres", "oracle", "ftpuser", "test",
            "git", "backup", "support", "pi", "nagios", "hadoop")
WORDS = ("atlas", "birch", "cobalt", "delta", "ember", "falcon", "granite", "harbor", "iris",
         "juniper", "kestrel", "lotus", "maple", "nova", "onyx", "pine", "quill", "raven",
         "sierra", "tundra", "umber", "vega", "willow", "zephyr", "aurora", "canyon", "summit")
SERVICES = ("orders", "billing", "checkout", "catalog", "payroll", "crm-sync", "invoicing",
            "ledger", "shipping", "search", "notifications", "reporting", "accounts", "pricing")
TABLES = ("orders", "customers", "invoices", "payments", "employees", "tickets", "contracts",
          "leads", "subscriptions", "timesheets", "shipments", "refunds")
DATABASES = ("crm", "erp", "shop", "hr", "billing", "analytics", "warehouse")
FILES = ("q3_report.xlsx", "invoices_2024.csv", "payslip_05.pdf", "contract_signed.pdf",
         "backup.tar.gz", "customers_export.csv", "logo_final.png", "budget.ods",
         "release_notes.txt", "dump.sql.gz")
DOMAINS = ("example.com", "example.org", "acme-corp.net", "shop.example.io", "intranet.local",
           "mail.example.net", "partner-api.example.com")
PROCS = ("java", "postgres", "python3", "node", "mysqld", "chrome", "ruby", "php-fpm",
         "mongod", "redis-server", "dotnet", "beam.smp")
TOPICS = ("orders", "payments", "clickstream", "audit-events", "inventory-updates", "emails")
PATHS = ("/", "/login", "/api/v1/orders", "/api/v2/customers", "/checkout", "/cart", "/search",
         "/admin/users", "/reports/export", "/api/v1/invoices", "/health", "/static/app.js",
         "/account/profile", "/api/v1/payments", "/products", "/oauth/token", "/dashboard")
CODES = (200, 200, 200, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 409, 422, 429,
         500, 502, 503)
REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 409: "Conflict", 422: "Unprocessable Entity",
           429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
           503: "Service Unavailable"}
METHODS = ("GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE")
SUDO_COMMANDS = ("/usr/bin/systemctl restart nginx", "/usr/bin/apt-get upgrade -y",
                 "/usr/bin/vim /etc/hosts", "/usr/bin/journalctl -u kafka", "/bin/cat /var/log/syslog",
                 "/usr/bin/docker compose up -d", "/usr/sbin/reboot", "/usr/bin/tail -f /var/log/nginx/error.log",
                 "/usr/bin/chown -R www-data /var/www", "/usr/local/bin/deploy.sh")

# Random values ---------------------------------------------------------------------------------

EPOCH = datetime(1970, 1, 1)


def _uuid(rng):
    return f"{hex_id(rng, 8)}-{hex_id(rng, 4)}-{hex_id(rng, 4)}-{hex_id(rng, 4)}-{hex_id(rng, 12)}"


def _ip(rng):
    return (f"{rng.choice((10, 172, 192, 37, 45, 61, 89, 103, 141, 185, 203, 212))}."
            f"{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}")


def _user(rng):
    style = rng.random()
    if style < 0.4:
        return rng.choice(FIRST)
    if style < 0.7:
        return f"{rng.choice(FIRST)}.{rng.choice(LAST)}"
    return f"{rng.choice(FIRST)[0]}{rng.choice(LAST)}"


def _host(rng):
    return f"{rng.choice(('web', 'app', 'db', 'node', 'kafka', 'mq', 'cache', 'hdp', 'cmp'))}" \
           f"{rng.choice(('-', ''))}{rng.randint(1, 48):02d}"


def _epoch(rng):
    return rng.randint(1_100_000_000, 1_750_000_000)


def _when(rng):
    """A random moment (datetime with microseconds) and its Unix time."""
    epoch = _epoch(rng)
    return EPOCH + timedelta(seconds=epoch, microseconds=rng.randrange(10**6)), epoch


def _ms(moment):
    return f"{moment.microsecond // 1000:03d}"


def _code(rng):
    return rng.choice(CODES)


def _usage(rng):
    limit = rng.choice((1_000, 5_000, 10_000, 50_000, 100_000, 250_000, 1_000_000))
    return f"{int(limit * rng.uniform(0.8, 0.999)):,} of {limit:,}"


def _memuse(rng):
    limit = rng.choice((1, 2, 4, 8, 16, 32))
    return f"{limit * rng.uniform(0.85, 1.3):.1f} GB of {limit} GB"


def _bytes(rng):
    sent, received = rng.randint(200, 9_000_000), rng.randint(200, 90_000_000)
    return f"{sent} bytes ({sent / 1024:.1f} KB) sent, {received} bytes ({received / 1024:.1f} KB) received"


def _boot_times(rng):
    kernel, user = rng.uniform(0.8, 9), rng.uniform(2, 60)
    return f"{kernel:.3f}s (kernel) + {user:.3f}s (userspace) = {kernel + user:.3f}s"


def _lambda_durations(rng):
    duration = rng.uniform(0.8, 14000)
    return f"Duration: {duration:.2f} ms Billed Duration: {int(duration) + 1} ms"


def _offsets(rng):
    end = rng.randint(10_000, 90_000_000)
    lag = rng.randint(1_000, min(end, 2_000_000))
    return f"current offset {end - lag}, log end offset {end}, lag {lag}"


# Timestamps and prefixes in each platform's format ---------------------------------------------

def _bgl(rng):
    """Blue Gene/L RAS prefix: alert tag, epoch, date, location, timestamp, location, RAS."""
    moment, epoch = _when(rng)
    loc = (f"R{rng.randint(0, 77):02d}-M{rng.randint(0, 1)}-N{rng.choice('0123456789ABCDEF')}-"
           f"C:J{rng.randint(2, 17):02d}-U{rng.choice(('01', '11'))}")
    return f"- {epoch} {moment:%Y.%m.%d} {loc} {moment:%Y-%m-%d-%H.%M.%S.%f} {loc} RAS"


def _tbird(rng):
    """Thunderbird prefix: alert tag, epoch, date, node, syslog time, node/node."""
    moment, epoch = _when(rng)
    node = rng.choice(("an", "bn", "cn", "dn", "en")) + str(rng.randint(1, 999))
    return f"- {epoch} {moment:%Y.%m.%d} {node} {moment:%b} {moment.day} {moment:%H:%M:%S} {node}/{node}"


def _fmt(pattern, suffix=None):
    """A slot formatting a random moment (`%L` is milliseconds), then `suffix(rng)` if given."""
    def slot(rng):
        moment, _ = _when(rng)
        text = moment.strftime(pattern.replace("%L", _ms(moment)))
        return text + suffix(rng) if suffix else text
    return slot


def _syslog(rng):
    moment, _ = _when(rng)
    return f"{moment:%b} {moment.day:>2} {moment:%H:%M:%S} {_host(rng)}"


def _mac(rng):
    moment, _ = _when(rng)
    host = rng.choice((f"{rng.choice(FIRST)}s-MacBook-Pro", f"MacBook-Air-{rng.randint(2, 9)}",
                       f"imac-{rng.randint(10, 99)}", f"mbp-{rng.choice(LAST)}"))
    return f"{moment:%b} {moment.day:>2} {moment:%H:%M:%S} {host}"


def _droid(rng):
    moment, _ = _when(rng)
    pid = rng.randint(300, 32000)
    return f"{moment:%m-%d %H:%M:%S}.{_ms(moment)} {pid:5d} {rng.choice((pid, rng.randint(300, 32000))):5d}"


def _redis(rng):
    moment, _ = _when(rng)
    return f"{rng.randint(1, 99999)}:{rng.choice('MMMSC')} {moment:%d %b %Y %H:%M:%S}.{_ms(moment)}"


def _jenkins_audit(rng):
    moment, _ = _when(rng)
    return f"{moment:%b} {moment.day}, {moment:%Y} {moment.hour % 12 or 12}:{moment:%M:%S %p}"


def _openstack_req(rng):
    if rng.random() < 0.3:
        return f"req-{_uuid(rng)} - - - - -"
    return f"req-{_uuid(rng)} {hex_id(rng, 32)} {hex_id(rng, 32)} - - -"


SLOTS = {
    # values
    "ip": _ip,
    "port": lambda r: str(r.randint(1024, 65535)),
    "user": _user,
    "other": _user,
    "sysuser": lambda r: r.choice(SYSUSERS),
    "host": _host,
    "peer": _host,
    "peerip": _ip,
    "uid": lambda r: str(r.randint(1000, 60000)),
    "pid": lambda r: str(r.randint(300, 65000)),
    "n": lambda r: str(r.randint(2, 60)),
    "small": lambda r: str(r.randint(0, 9)),
    "big": lambda r: str(r.randint(100, 900000)),
    "id": lambda r: str(r.randint(1, 99999)),
    "uuid": _uuid,
    "hex": lambda r: hex_id(r, 8),
    "hex12": lambda r: hex_id(r, 12),
    "hex16": lambda r: hex_id(r, 16),
    "hex32": lambda r: hex_id(r, 32),
    "hex64": lambda r: hex_id(r, 64),
    "qid": lambda r: hex_id(r, r.choice((10, 11))).upper(),
    "ms": lambda r: str(r.randint(1, 9000)),
    "pct": lambda r: str(r.randint(80, 99)),
    "lowpct": lambda r: str(r.randint(2, 60)),
    "float": lambda r: f"{r.uniform(0.1, 99):.2f}",
    "word": lambda r: r.choice(WORDS),
    "cword": lambda r: r.choice(WORDS).capitalize(),
    "svc": lambda r: r.choice(SERVICES),
    "table": lambda r: r.choice(TABLES),
    "db": lambda r: r.choice(DATABASES),
    "file": lambda r: r.choice(FILES),
    "email": lambda r: f"{r.choice(FIRST)}.{r.choice(LAST)}@{r.choice(DOMAINS)}",
    "domain": lambda r: r.choice(DOMAINS),
    "proc": lambda r: r.choice(PROCS),
    "topic": lambda r: r.choice(TOPICS),
    "path": lambda r: r.choice(PATHS) + r.choice(("", "", f"/{r.randint(1, 99999)}", f"?page={r.randint(1, 40)}")),
    "method": lambda r: r.choice(METHODS),
    "code": lambda r: str(_code(r)),
    "codetext": lambda r: (lambda c: f"{c} {REASONS[c]}")(_code(r)),
    "ver": lambda r: f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 30)}",
    "kver": lambda r: f"{r.choice(('5.15.0', '6.1.0', '6.5.0', '4.18.0', '6.8.0'))}-{r.randint(20, 140)}-generic",
    "winver": lambda r: f"{r.choice(('6.1.7601', '10.0.17763', '10.0.20348'))}.{r.randint(1000, 25000)}",
    "pkg": lambda r: f"com.{r.choice(WORDS)}.{r.choice(('app', 'mobile', 'client', 'wallet', 'shop'))}",
    "appid": lambda r: f"{r.randint(1_400_000_000_000, 1_750_000_000_000)}_{r.randint(1, 9999):04d}",
    "blk": lambda r: f"blk_{r.choice(('', '-'))}{r.randint(10**17, 10**19)}",
    "dev": lambda r: r.choice(("sda1", "sdb", "sdc2", "nvme0n1p2", "dm-0", "vdb1")),
    "be": lambda r: r.choice(("be_api", "be_web", "be_static", "bk_app")),
    "tenant": lambda r: r.choice(WORDS) + r.choice(("", "-corp", "-inc", "-gmbh")),
    "acct": lambda r: f"{r.choice(('CUST', 'ACC', 'EMP', 'VEN'))}-{r.randint(10000, 99999)}",
    "issue": lambda r: f"{r.choice(('OPS', 'FIN', 'HR', 'WEB', 'SUP'))}-{r.randint(10, 9999)}",
    "usage": _usage,
    "memuse": _memuse,
    "bytes": _bytes,
    "boot": _boot_times,
    "lambda": _lambda_durations,
    "offsets": _offsets,
    "money": lambda r: f"{r.uniform(5, 25000):,.2f}",
    "region": lambda r: r.choice(("us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2")),
    "sudocmd": lambda r: r.choice(SUDO_COMMANDS),
    "uptime": lambda r: f"[{r.uniform(1, 9_000_000):12.6f}]",
    "epoch": lambda r: str(_epoch(r)),
    # timestamps and prefixes
    "bgl": _bgl,
    "tbird": _tbird,
    "hpc": lambda r: f"{r.randint(1, 460000)} node-{r.randint(0, 255)}",
    "syslog": _syslog,
    "mac": _mac,
    "droid": _droid,
    "redis": _redis,
    "jaudit": _jenkins_audit,
    "req": _openstack_req,
    "log4j": _fmt("%Y-%m-%d %H:%M:%S,%L"),
    "hdfs": _fmt("%y%m%d %H%M%S", lambda r: f" {r.randint(1, 40000)}"),
    "spark": _fmt("%y/%m/%d %H:%M:%S"),
    "os": _fmt("%Y-%m-%d %H:%M:%S.%L", lambda r: f" {r.randint(1000, 40000)}"),
    "health": _fmt("%Y%m%d-%H:%M:%S:%L"),
    "proxifier": _fmt("[%m.%d %H:%M:%S]"),
    "cbs": _fmt("%Y-%m-%d %H:%M:%S,"),
    "wu": _fmt("%Y-%m-%d\t%H:%M:%S:%L", lambda r: f"\t{r.randint(300, 2000)}\t{hex_id(r, 3)}"),
    "kafka": _fmt("[%Y-%m-%d %H:%M:%S,%L]"),
    "bind": _fmt("%d-%b-%Y %H:%M:%S.%L"),
    "vsftpd": _fmt("%a %b %d %H:%M:%S %Y"),
    "tomcat": _fmt("%d-%b-%Y %H:%M:%S.%L"),
    "mongo": _fmt("%Y-%m-%dT%H:%M:%S.%L+0000"),
    "rabbit": _fmt("%Y-%m-%d %H:%M:%S.%f+00:00"),
    "pg": _fmt("%Y-%m-%d %H:%M:%S.%L", lambda r: f" {r.choice(('UTC', 'UTC', 'CEST', 'EST'))} [{r.randint(300, 65000)}]"),
    "mysql": _fmt("%Y-%m-%dT%H:%M:%S.%fZ"),
    "etcd": _fmt("%Y-%m-%d %H:%M:%S.%f"),
    "jenkins": _fmt("%Y-%m-%d %H:%M:%S.%L+0000", lambda r: f" [id={r.randint(1, 900)}]"),
    "railsat": _fmt("%Y-%m-%d %H:%M:%S +0000"),
    "rubyts": _fmt("[%Y-%m-%dT%H:%M:%S.%f", lambda r: f" #{r.randint(300, 65000)}]"),
    "laravel": _fmt("[%Y-%m-%d %H:%M:%S]"),
    "iso": _fmt("%Y-%m-%dT%H:%M:%S.%LZ"),
    "klog": _fmt("%m%d %H:%M:%S.%f", lambda r: f" {r.randint(1, 99):7d}"),
    "gin": _fmt("%Y/%m/%d - %H:%M:%S"),
    "slash": _fmt("%Y/%m/%d %H:%M:%S"),
    "apache": _fmt("[%a %b %d %H:%M:%S.%f %Y]"),
    "clf": _fmt("[%d/%b/%Y:%H:%M:%S +0000]"),
    "django": _fmt("[%d/%b/%Y %H:%M:%S]"),
    "clock": _fmt("%H:%M:%S.%L"),
    "date": _fmt("%Y-%m-%d"),
    "time": _fmt("%H:%M:%S"),
}

# Slots that name the same thing wherever they recur in a line; `other`, `peer` and `peerip`
# draw a second user, host or address.
STICKY = frozenset(("user", "sysuser", "uid", "host", "ip", "domain", "pkg", "appid"))
_SLOT = re.compile(r"\{([a-z0-9_]+)\}")
_CHOICE = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def _render(template, rng):
    """A line from a template: slots filled first, then alternatives, innermost first.

    A STICKY slot keeps its first value throughout the line (one user, host, address).
    """
    drawn = {}

    def slot(match):
        name = match.group(1)
        if name not in STICKY:
            return SLOTS[name](rng)
        if name not in drawn:
            drawn[name] = SLOTS[name](rng)
        return drawn[name]

    line = _SLOT.sub(slot, template)
    previous = None
    while previous != line:
        previous = line
        line = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), line)
    return line


# Templates per label ---------------------------------------------------------------------------

HTTP = [
    'Started {method} "{path}" for {ip} at {railsat}',
    "Completed {codetext} in {ms}ms (Views: {float}ms | ActiveRecord: {float}ms | Allocations: {big})",
    'I, {rubyts}  INFO -- : [{uuid}] Started {method} "{path}" for {ip} at {railsat}',
    "I, {rubyts}  INFO -- : [{uuid}] Completed {codetext} in {ms}ms (Views: {float}ms | ActiveRecord: {float}ms)",
    "{method} {path} {code} {float} ms - {big}",
    "  --> {method} {path} {code} {ms}ms {float}kb",
    "{django} WARNING django.request: {Not Found|Method Not Allowed (POST)|Bad Request}: {path}",
    '[GIN] {gin} | {code} | {float}ms | {ip} | {method} "{path}"',
    "{clock} [info] {method} {path}",
    "{clock} [info] Sent {code} in {ms}ms",
    "info: Microsoft.AspNetCore.Hosting.Diagnostics[1] Request starting HTTP/1.1 {method} http://{host}:5000{path} - application/json {big}",
    'DEBUG:urllib3.connectionpool:https://{domain}:443 "{method} {path} HTTP/1.1" {code} {big}',
    "<-- {codetext} https://{domain}{path} ({ms}ms)",
    "--> {method} https://{domain}{path} http/1.1 ({big}-byte body)",
    "o.s.web.client.RestTemplate : HTTP {method} https://{domain}{path}",
    "o.s.web.client.RestTemplate : Response {codetext}",
    '{os} INFO eventlet.wsgi.server [{req}] {ip} "{method} /v2/images?limit={n} HTTP/1.1" status: {code} len: {big} time: {float}',
    '{os} INFO neutron.wsgi [{req}] {ip} "{method} /v2.0/{ports|networks|subnets|floatingips}.json HTTP/1.1" status: {code}  len: {big} time: 0.{big}',
    "{os} INFO keystone.common.wsgi [{req}] {method} http://{host}:5000/v3/{auth/tokens|projects|users/{hex32}}",
    "{os} INFO cinder.api.openstack.wsgi [{req}] http://{host}:8776/v3/{hex32}/volumes/detail returned with HTTP {code}",
    "{epoch}.{small}{small}{small} {ms} {ip} TCP_{MISS|HIT|TUNNEL|REFRESH_MODIFIED}/{code} {big} {method} http://{domain}{path} - HIER_DIRECT/{peerip} {text/html|application/json|image/png}",
    "({uuid}) Method completed with status: {code}",
    'I{klog} httplog.go:132] "HTTP" verb="{GET|LIST|PATCH|WATCH}" URI="/api/v1/namespaces/{word}/pods" latency="{float}ms" userAgent="kubectl/v1.{n}" audit-ID="{uuid}" srcIP="{ip}:{port}" resp={code}',
    '{iso} {word}-elb {ip}:{port} {peerip}:80 0.0000{n} 0.0{big} 0.0000{n} {code} {code} 0 {big} "{method} http://{domain}:80{path} HTTP/1.1"',
    '{ip} - {user} {clf} "{method} {path} HTTP/1.1" {code} {big} "-" "Jenkins-CLI/{ver}"',
    "{slash} [INFO] {ip} - {method} {path} {code} {ms}ms",
    "{laravel} local.INFO: {method} {path} responded {code} in {ms} ms",
    "Checkout API call {POST /v1/charges|GET /v1/customers/{id}|POST /v1/refunds} returned {codetext} after {ms} ms",
    "Partner feed request {GET|POST} https://{domain}/feeds/{word}.xml came back with HTTP {code}",
    "[{svc}] {method} {path} served to {ip} with status {code} ({ms} ms, {big} bytes)",
]

CRITICAL = [
    "{bgl} KERNEL FATAL {data TLB error interrupt|instruction TLB error interrupt|rts panic! - stopping execution|kernel panic|machine check interrupt}",
    "{bgl} KERNEL FATAL {L3 ecc control register: 00000{n}|uncorrectable torus error|Error receiving packet on tree network, expecting type 57 instead of type {n}}",
    "{bgl} MMCS FATAL idoproxy communication failure: lost connection to node card {n}, partition halted",
    "{hpc} unix.hw state_change.unavailable {epoch} 1 Component State Change: Component \"{alt0|psu{small}|SCSI-WWID:{hex16}}\" is in the unavailable state (HWID={id})",
    "{tbird} kernel: [KERNEL_IB][ib_mad_dispatch][/mnt_projects/sysapps/src/ib/topspin/topspin-src-3.2.0-16/ib/ts_api_ng/mad/obj_host_amd64_custom1_rhel4/ts_ib_mad/mad_filter.c:{n}]Fatal error (Local Catastrophic Error)",
    "{log4j} - ERROR [main:QuorumPeerMain@{n}] - Unexpected exception, exiting abnormally",
    "{log4j} - ERROR [{SyncThread:{small}|CommitProcessor:{small}}:ZooKeeperCriticalThread@{n}] - Severe unrecoverable error, from thread : {SyncThread:{small}|CommitProcessor:{small}}",
    "{log4j} - ERROR [QuorumPeer[myid={small}]/0.0.0.0:2181:QuorumPeer@{n}] - Unable to load database on disk, QuorumPeer is exiting",
    "{log4j} FATAL org.apache.hadoop.hdfs.server.namenode.NameNode: Failed to start namenode. java.io.IOException: {There appears to be a gap in the edit log. We expected txid {big}, but got txid {big}.|NameNode is not formatted.|Cannot lock storage /hadoop/hdfs/namenode. The directory is already locked}",
    "{log4j} FATAL org.apache.hadoop.hdfs.server.datanode.DataNode: Initialization failed for Block pool BP-{big}-{ip}-{epoch} (Datanode Uuid {uuid}) service to {host}/{ip}:8020. Exiting.",
    "{log4j} WARN org.apache.hadoop.hdfs.server.namenode.FSNamesystem: There are {n} missing blocks. The following files may be corrupted: /user/{sysuser}/{word}/part-{big}",
    "{os} CRITICAL {nova|neutron|cinder|glance} [-] Unhandled error: {oslo_db.exception.DBConnectionError: (pymysql.err.OperationalError) (2003, \"Can't connect to MySQL server on '{ip}'\")|oslo_config.cfg.ConfigFileValueError: Value for option {word} is not valid}",
    "{syslog} kernel: {uptime} XFS ({dev}): {Metadata corruption detected at xfs_dir3_block_read_verify+0x{hex}|log I/O error -5|Corruption of in-memory data detected.  Shutting down filesystem}",
    "{syslog} kernel: {uptime} BTRFS critical (device {dev}): corrupt leaf: root={n} block={big} slot={n}, invalid key objectid",
    "{syslog} kernel: {uptime} blk_update_request: critical medium error, dev {dev}, sector {big} op 0x0:(READ)",
    "{syslog} kernel: {uptime} NMI watchdog: Watchdog detected hard LOCKUP on cpu {n}",
    "{syslog} systemd[1]: Caught <SEGV>, dumped core as pid {pid}. Freezing execution.",
    "{mac} kernel[0]: panic(cpu {small} caller 0xffffff80{hex}): \"{Kernel trap at 0xffffff80{hex}, type 14=page fault|zalloc: zone map exhausted|watchdog timeout: no checkins from watchdogd in {n} seconds}\"",
    "{droid} E AndroidRuntime: *** FATAL EXCEPTION IN SYSTEM PROCESS: {main|android.display|android.io|ActivityManager}",
    "{droid} F libc    : Fatal signal {6 (SIGABRT)|11 (SIGSEGV)}, code {small}, fault addr 0x{hex} in tid {pid} (system_server)",
    "{droid} W Watchdog: *** WATCHDOG KILLING SYSTEM PROCESS: Blocked in handler on {main|foreground|ui} thread (android.{fg|ui|display})",
    "{kafka} ERROR {[KafkaServer id={small}] |}Fatal error during KafkaServer startup. Prepare to shutdown (kafka.server.KafkaServer)",
    "{kafka} ERROR Shutdown broker because all log dirs in /var/lib/kafka/data have failed (kafka.log.LogManager)",
    "ERROR [main] {log4j} CassandraDaemon.java:{n} - Exiting due to error while processing commit log during initialization.",
    "ERROR [{CompactionExecutor|ReadStage}-{n}] {log4j} {CassandraDaemon|JVMStabilityInspector}.java:{n} - Exception in thread Thread[{CompactionExecutor:{n}|ReadStage-{n}},1,main] org.apache.cassandra.io.sstable.CorruptSSTableException: Corrupted: /var/lib/cassandra/data/{db}/{table}-{hex32}/nb-{n}-big-Data.db",
    "{redis} # Bad file format reading the append only file: make a backup of your AOF file, then use ./redis-check-aof --fix <filename>",
    "{redis} # {Short read or OOM loading DB. Unrecoverable error, aborting now.|Fatal error loading the DB: Permission denied. Exiting.|Wrong signature trying to load DB from file}",
    "{rabbit} [error] <0.{n}.0> BOOT FAILED: Error during startup: schema integrity check failed, node rabbit@{host} cannot start",
    "{mysql} 0 [ERROR] [MY-{010119|013183|012611}] [{Server|InnoDB}] {Aborting|Assertion failure: btr0cur.cc:{n} thread {big}|Cannot open datafile for read-only: './{db}/{table}.ibd'}",
    "{pg} FATAL:  could not access status of transaction {big}",
    "{pg} PANIC:  could not locate a valid checkpoint record",
    "{mongo} F -        [{initandlisten|WTCheckpointThread}] Fatal Assertion {big} at src/mongo/db/storage/wiredtiger/wiredtiger_record_store.cpp {n}",
    "{mongo} E STORAGE  [initandlisten] WiredTiger error (-31802) [{epoch}:{big}][{pid}:0x7f{hex}], file:WiredTiger.wt, connection: __wt_block_read_off, {big}: WiredTiger.wt: read checksum error for 4096B block at offset {big}",
    "{mongo} I -        [initandlisten] ***aborting after fassert() failure",
    "{etcd} C | etcdmain: {listen tcp {ip}:2380: bind: address already in use|database file (/var/lib/etcd/member/snap/db index {big}) does not match with snapshot (index {big})|cannot access data directory: mkdir /var/lib/etcd: permission denied}",
    "{tomcat} SEVERE [main] org.apache.catalina.startup.Catalina.start The required Server component failed to start so Tomcat is unable to start.",
    "{syslog} haproxy[{pid}]: {backend|proxy} {be} has no server available!",
    "{slash} [emerg] {pid}#{small}: {bind() to 0.0.0.0:{80|443} failed (98: Address already in use)|still could not bind()|open() \"/etc/nginx/nginx.conf\" failed (2: No such file or directory)}",
    "{syslog} dockerd[{pid}]: failed to start daemon: {error initializing graphdriver: driver not supported|Error initializing network controller: error obtaining controller instance}",
    "{syslog} postfix/master[{pid}]: fatal: bind 0.0.0.0 port 25: Address already in use",
    "{bind} general: critical: loading configuration: failure; exiting (due to fatal error)",
    "Ledger database for {region} is corrupted; all postings frozen until it is restored from backup",
    "{Payments platform|Card processing|Order pipeline} down for every {merchant|store|customer}: {primary database unreachable|all authorisation nodes offline|message bus lost}",
    "Payroll master file for {tenant} is corrupt: payroll cannot run for any of its {big} employees this cycle",
]

SECURITY = [
    "{os} WARNING keystone.common.wsgi [{req}] Authorization failed. The request you have made requires authentication. from {ip}",
    "{os} WARNING keystone.auth.core [{req}] Could not find user: {user}. (Disable insecure_debug and use the debug log for details) from {ip}",
    "{log4j} WARN org.apache.hadoop.ipc.Server: Auth failed for {ip}:{port}:null (GSS initiate failed)",
    "{log4j} WARN org.apache.hadoop.security.authorize.ServiceAuthorizationManager: Authorization failed for {user} (auth:KERBEROS) for protocol=interface org.apache.hadoop.hdfs.protocol.ClientProtocol, expected client Kerberos principal is nn/{host}@EXAMPLE.COM",
    "{pg} {sysuser}@{db} FATAL:  password authentication failed for user \"{sysuser}\"",
    "{pg} FATAL:  role \"{sysuser}\" does not exist",
    "{mysql} {n} [Note] [MY-010926] [Server] Access denied for user '{sysuser}'@'{ip}' (using password: {YES|NO})",
    "{mongo} I ACCESS   [conn{n}] SASL SCRAM-SHA-{1|256} authentication failed for {user} on admin from client {ip}:{port} ; AuthenticationFailed: SCRAM authentication failed, storedKey mismatch",
    "{mongo} I ACCESS   [conn{n}] Unauthorized: not authorized on admin to execute command { listDatabases: 1 }",
    "{syslog} postfix/smtpd[{pid}]: warning: unknown[{ip}]: SASL {LOGIN|PLAIN} authentication failed: {UGFzc3dvcmQ6|authentication failure}",
    "{syslog} postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 Service unavailable; Client host [{ip}] blocked using {zen.spamhaus.org|bl.spamcop.net|b.barracudacentral.org}; from=<{email}> to=<{email}> proto=ESMTP helo=<{word}.example>",
    "{syslog} postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from {word}.example[{ip}]: 454 4.7.1 <{email}>: Relay access denied; from=<{email}> to=<{email}> proto=SMTP",
    "{syslog} dovecot: imap-login: Disconnected (auth failed, {n} attempts in {n} secs): user=<{user}>, method=PLAIN, rip={ip}, lip={peerip}, TLS",
    "{bind} security: info: client @0x{hex12} {ip}#{port} ({domain}): {query (cache) '{domain}/A/IN' denied|zone transfer '{domain}/AXFR/IN' denied|update '{domain}/IN' denied}",
    "{vsftpd} [pid {pid}] [{sysuser}] FAIL LOGIN: Client \"{ip}\"",
    "{syslog} proftpd[{pid}]: {host} ({ip}[{ip}]): {USER {sysuser} (Login failed): Incorrect password|SECURITY VIOLATION: Root login attempted|USER {sysuser}: no such user found from {ip}}",
    "{syslog} sudo[{pid}]: {user} : user NOT in sudoers ; TTY=pts/{small} ; PWD=/home/{user} ; USER=root ; COMMAND={sudocmd}",
    "{syslog} sudo[{pid}]: {user} : command not allowed ; TTY=pts/{small} ; PWD=/home/{user} ; USER=root ; COMMAND=/bin/{bash|sh|su -}",
    "{syslog} su[{pid}]: FAILED SU (to root) {user} on pts/{small}",
    "{syslog} login[{pid}]: FAILED LOGIN ({small}) on '/dev/tty{small}' FOR '{sysuser}', Authentication failure",
    "{syslog} sshd[{pid}]: pam_tally2(sshd:auth): user {sysuser} ({small}) tally {n}, deny {small}",
    "{syslog} kernel: {uptime} audit: type=1400 audit({epoch}.{big}:{n}): apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/sbin/{proc}\" name=\"/etc/shadow\" pid={pid} comm=\"{proc}\" requested_mask=\"r\" denied_mask=\"r\" fsuid={n} ouid=0",
    "{syslog} kernel: {uptime} TCP: request_sock_TCP: Possible SYN flooding on port {80|443|22}. Sending cookies.  Check SNMP counters.",
    "{tbird} sshd(pam_unix)[{pid}]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={ip}  user={sysuser}",
    "{mac} screensharingd[{pid}]: Authentication: FAILED :: User Name: {sysuser} :: Viewer Address: {ip} :: Type: DH",
    "{droid} E SELinux : avc:  denied  { find } for service={word} pid={pid} uid=10{n} scontext=u:r:untrusted_app:s0:c{n},c256 tcontext=u:object_r:default_android_service:s0 tclass=service_manager permissive=0",
    "{jenkins} WARNING j.s.s.AuthenticationProcessingFilter2#unsuccessfulAuthentication: Login attempt failed",
    "{slash} [error] {pid}#{small}: *{big} {user \"{user}\" was not found in \"/etc/nginx/.htpasswd\"|user \"{sysuser}\": password mismatch|access forbidden by rule}, client: {ip}, server: {domain}, request: \"GET /admin HTTP/1.1\"",
    "{apache} [{auth_basic|authz_core}:error] [pid {pid}] [client {ip}:{port}] {AH01618: user {user} not found: /admin|AH01630: client denied by server configuration: /var/www/html/.git|AH01617: user {sysuser}: authentication failure for \"/admin\": Password Mismatch}",
    "{kafka} INFO [SocketServer listenerType=ZK_BROKER, nodeId={small}] Failed authentication with /{ip} (Authentication failed: Invalid username or password) (org.apache.kafka.common.network.Selector)",
    "{kafka} INFO Principal = User:{user} is Denied Operation = {Write|Read|Describe} from host = {ip} on resource = Topic:LITERAL:{topic} for request = {Produce|Fetch|Metadata} with resourceRefCount = 1 (kafka.authorizer.logger)",
    "{rabbit} [error] <0.{n}.0> Error on AMQP connection <0.{n}.0> ({ip}:{port} -> {peerip}:5672, state: starting): PLAIN login refused: user '{user}' - invalid credentials",
    "{redis} # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.",
    "WARN  [Native-Transport-Requests-{n}] {log4j} PasswordAuthenticator.java:{n} - Authentication failed for user {user} from /{ip}: Provided username {user} and/or password are incorrect",
    "{Refund|Credit note|Payout} of {money} EUR attempted on account {acct} by a user without the finance role; blocked and reported to compliance",
    "Card testing detected at checkout: {n} small authorisations from {ip} within {n} minutes, further attempts blocked",
    "Bank details of {n} employees changed from an unrecognised device at {time}; changes held for security review",
    "Customer portal: {n} password-reset requests for different accounts from {ip} in {n} minutes; address blocked",
]

ERRORS = [
    '{bgl} {APP ERROR ciod: Error reading message prefix on CioStream socket to {ip}:{port}, Link has been severed|MMCS ERROR idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp, job {n} failed to load}',
    "{hpc} boot_cmd error {epoch} 1 Command has exited with value of {small}",
    '{tbird} {pbs_mom: Bad file descriptor (9) in tm_request, job {big}.tbird-admin1 not running|/apps/x86_64/system/ganglia-3.0.1/sbin/gmetad[{pid}]: data_thread() got no answer from any [{cword}] datasource}',
    '{log4j} - WARN  {[WorkerSender[myid={small}]:QuorumCnxManager@{n}] - Cannot open channel to {small} at election address /{ip}:3888|[RecvWorker:{small}:QuorumCnxManager$RecvWorker@{n}] - Connection broken for id {small}, my id = {small}, error = java.io.EOFException}',
    '{log4j} - INFO  {[main-SendThread({host}:2181):ClientCnxn$SendThread@{n}] - Unable to reconnect to ZooKeeper service, session 0x{hex16} has expired, closing socket connection|[SessionTracker:ZooKeeperServer@{n}] - Expiring session 0x{hex16}, timeout of {n}000ms exceeded}',
    "{log4j} INFO org.apache.hadoop.hdfs.DFSClient: Exception in createBlockOutputStream java.io.IOException: Bad connect ack with firstBadLink as {ip}:50010",
    "{log4j} ERROR org.apache.hadoop.hdfs.server.datanode.DataNode: {host}:50010:DataXceiver error processing {WRITE_BLOCK|READ_BLOCK} operation  src: /{ip}:{port} dst: /{peerip}:50010",
    "{log4j} INFO [AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: Diagnostics report from attempt_{appid}_m_{big}_0: Error: java.net.NoRouteToHostException: No Route to Host from  {host}/{ip} to {peer}:{port} failed on socket timeout exception",
    "{log4j} INFO org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppImpl: Application application_{appid} failed 2 times due to AM Container for appattempt_{appid}_000002 exited with  exitCode: 1",
    '{spark} ERROR {cluster.YarnScheduler: Lost executor {n} on {host}: Container marked as failed: container_e{n}_{appid}_01_0000{n} on host: {host}. Exit status: {1|143|137}.|shuffle.RetryingBlockFetcher: Exception while beginning fetch of {n} outstanding blocks java.io.IOException: Failed to connect to {host}/{ip}:{port}}',
    "{os} ERROR neutron.{agent.dhcp.agent [{req}] Unable to {enable|reload_allocations|disable} dhcp for {uuid}.|plugins.ml2.drivers.openvswitch.agent.ovs_neutron_agent [{req}] {Error while processing VIF ports|Failed to fetch router information for '{uuid}'|OVS is dead. OVSNeutronAgent will keep running and checking OVS status periodically.}}",
    '{os} ERROR {nova.compute.manager [{req}] [instance: {uuid}] {Instance failed to spawn|Failed to allocate network(s)|Setting instance vm_state to ERROR}|cinder.volume.manager [{req}] {Failed to copy image to volume: {uuid}|Extend volume failed.|Unable to delete busy volume.}}',
    "{os} ERROR oslo.messaging._drivers.impl_rabbit [-] [{uuid}] AMQP server on {ip}:5672 is unreachable: [Errno 111] ECONNREFUSED. Trying again in {n} seconds.",
    '{apache} [{proxy_http:error] [pid {pid}] (104)Connection reset by peer: [client {ip}:{port}] AH01102: error reading status line from remote server {host}:8080|core:error] [pid {pid}] (70007)The timeout specified has expired: [client {ip}:{port}] AH00574: ap_content_length_filter: apr_bucket_read() failed}',
    "{syslog} kernel: {uptime} {proc}[{pid}]: segfault at {hex} ip 0000{hex12} sp 00007ff{hex} error {4|6} in lib{word}.so.{small}[{hex}+{hex}]",
    '{syslog} {kernel: {uptime} nfs: server {host} not responding, still trying|NetworkManager[{pid}]: <warn>  [{epoch}.{n}] dhcp4 (eth{small}): request timed out}',
    "{mac} com.apple.xpc.launchd[1] (com.{word}.{word}.agent[{pid}]): Service exited with abnormal code: {small}",
    "{droid} E AndroidRuntime: FATAL EXCEPTION: main Process: {pkg}, PID: {pid} java.lang.{NullPointerException: Attempt to invoke virtual method on a null object reference|IllegalStateException: Fragment not attached to a context|RuntimeException: Unable to start activity}",
    "{droid} E ActivityManager: ANR in {pkg} ({pkg}/.MainActivity) Reason: Input dispatching timed out",
    "{proxifier} {chrome|outlook|Teams|svchost}.exe - {domain}:443 error : Could not connect to proxy proxy.{domain}:{3128|8080} - connection attempt failed with error 10061",
    "{cbs} Error                 CBS    {Failed to process single phase execution. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]|Failed to {resolve package|stage package|extract payload} 'Package_for_KB{big}~31bf3856ad364e35~amd64~~{winver}' [HRESULT = 0x{800f0805 - CBS_E_INVALID_PACKAGE|80070002 - ERROR_FILE_NOT_FOUND}]}",
    "{wu}  AU  WARNING: {Download failed, error = 0x80246008|Failed to install update, error = 0x80070643|Failed to synchronize, error = 0x80072EE2}",
    '{kafka} {WARN [Producer clientId={svc}-producer] Connection to node {small} ({host}/{ip}:9092) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)|ERROR [ReplicaFetcher replicaId={small}, leaderId={small}, fetcherId=0] Error for partition {topic}-{small} at offset {big} (kafka.server.ReplicaFetcherThread) org.apache.kafka.common.errors.NotLeaderOrFollowerException}',
    "ERROR [ReadStage-{n}] {log4j} StorageProxy.java:{n} - Scanned over 100001 tombstones during query on {db}.{table}; query aborted",
    "{redis} # {Error condition on socket for SYNC: Connection refused|Background saving error|MASTER timeout: no data nor PING received...|Failed opening the temp RDB file temp-{pid}.rdb (in server root dir /var/lib/redis) for saving: Permission denied}",
    "{rabbit} [{error|warning}] <0.{n}.0> closing AMQP connection <0.{n}.0> ({ip}:{port} -> {peerip}:5672): {missed heartbeats from client, timeout: 60s|client unexpectedly closed TCP connection}",
    "{mysql} {n} [Note] [MY-010914] [Server] Aborted connection {big} to db: '{db}' user: '{sysuser}' host: '{ip}' (Got an error reading communication packets).",
    "{pg} {user}@{db} {LOG:  could not receive data from client: Connection reset by peer|FATAL:  terminating connection due to idle-in-transaction timeout|ERROR:  current transaction is aborted, commands ignored until end of transaction block}",
    "{mongo} I NETWORK  [ReplicaSetMonitor-TaskExecutor] Marking host {host}:27017 as failed :: caused by :: HostUnreachable: Connection refused",
    "{syslog} postfix/smtp[{pid}]: {qid}: to=<{email}>, relay={none|{domain}[{ip}]:25}, delay={float}, delays=0.1/0/{float}/0, dsn=4.4.1, status=deferred (connect to {domain}[{ip}]:25: Connection timed out)",
    "{syslog} postfix/smtp[{pid}]: {qid}: to=<{email}>, relay={domain}[{ip}]:25, delay={float}, dsn=5.1.1, status=bounced (host {domain}[{ip}] said: 550 5.1.1 <{email}>: Recipient address rejected: User unknown)",
    "{bind} general: error: zone {domain}/IN: loading from master file /etc/bind/db.{domain} failed: {file not found|unexpected end of input}",
    "{syslog} chronyd[{pid}]: Can't synchronise: no selectable sources",
    "{jenkins} WARNING hudson.plugins.git.GitSCM#fetchFrom: hudson.plugins.git.GitException: Command \"git fetch --tags --force --progress -- https://git.{domain}/{word}/{svc}.git\" returned status code 128",
    "{iso} {pid} TID-{hex} {cword}Worker JID-{hex12} ERROR: fail: {float} sec",
    "{laravel} production.ERROR: SQLSTATE[HY000] [2002] Connection refused (SQL: select * from `{table}` where `id` = {id} limit 1)",
    "Error: connect ECONNREFUSED {ip}:{5432|6379|3306} at TCPConnectWrap.afterConnect [as oncomplete] (node:net:{big}:16)",
    "{syslog} haproxy[{pid}]: Server {be}/{host} is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: {n}ms. {small} active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
    "{tomcat} SEVERE [{main|localhost-startStop-1}] org.apache.catalina.core.StandardContext.startInternal {One or more listeners failed to start. Full details will be found in the appropriate container log file|Context [/{word}] startup failed due to previous errors}",
    '{{iso} {uuid} Task timed out after {float} seconds|RequestId: {uuid} Error: Runtime exited with error: {exit status 1|signal: killed} Runtime.ExitError}',
    "Executed 'Functions.{cword}{Handler|Trigger|Sync}' (Failed, Id={uuid}, Duration={ms}ms)",
    "{etcd} W | rafthttp: health check for peer {hex16} could not connect: dial tcp {ip}:2380: connect: connection refused",
    "[ERROR] plugin/errors: 2 {domain}. {A|AAAA|SRV}: read udp {ip}:{port}->{peerip}:53: i/o timeout",
    "Payroll export for cost center {id} rejected: {malformed IBAN|missing tax code|duplicate employee number}",
    "Invoice run {id} for {tenant} stopped at customer {acct}: {currency not configured|VAT rate missing|address validation failed}",
    "Could not sync contact {acct} to the CRM: {field 'phone' exceeds 20 characters|owner {user} no longer exists|record locked by another process}",
    "Shipping label for order {id} could not be created: carrier {rejected the postcode|timed out|returned an unknown service code}",
]

NOTIFICATIONS = [
    '{bgl} KERNEL INFO {{n} {instruction|floating point|data} cache parity error corrected|{CE sym {n}, at 0x{hex}, mask 0x{small}{small}|{n} L3 EDRAM error(s) (dcr 0x0157) detected and corrected}}',
    "{bgl} DISCOVERY INFO Node card {is fully functional|status: no ALERTs are active}",
    '{hpc} {boot_cmd new {epoch} 1 Targeting domains:node-D{small} and nodes:node-[{small}-{n}{small}] child of command {n}|unix.hw state_change.available {epoch} 1 Component State Change: Component "{alt0|psu{small}}" is in the available state (HWID={id})}',
    "{tbird} ntpd[{pid}]: synchronized to {ip}, stratum {small}",
    '{log4j} - INFO  [QuorumPeer[myid={small}]/0:0:0:0:0:0:0:0:2181:{QuorumPeer@{n}] - {LEADING|FOLLOWING|LOOKING}|Leader@{n}] - LEADING - LEADER ELECTION TOOK - {ms}|Follower@{n}] - FOLLOWING - LEADER ELECTION TOOK - {ms}}',
    "{log4j} - INFO  [main:QuorumPeerConfig@{n}] - Reading configuration from: /etc/zookeeper/conf/zoo.cfg",
    '{hdfs} INFO dfs.{DataNode$PacketResponder: PacketResponder {small} for block {blk} terminating|DataNode$DataXceiver: {Receiving block {blk} src: /{ip}:{port} dest: /{peerip}:50010|{peerip}:50010 Served block {blk} to /{ip}}|FSNamesystem: BLOCK* NameSystem.delete: {blk} is added to invalidSet of {ip}:50010}',
    '{log4j} INFO {org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppImpl: application_{appid} State change from {ACCEPTED to RUNNING|RUNNING to FINAL_SAVING|FINAL_SAVING to FINISHED}|[main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_{appid}_000001}',
    "{spark} INFO {util.Utils: Successfully started service 'sparkDriver' on port {port}.|executor.CoarseGrainedExecutorBackend: Successfully registered with driver|storage.BlockManagerMaster: Registered BlockManager|spark.SparkContext: Successfully stopped SparkContext}",
    "{os} INFO nova.compute.manager [{req}] [instance: {uuid}] VM {Started|Stopped|Paused|Resumed} (Lifecycle Event)",
    '{os} INFO nova.{compute.manager [{req}] [instance: {uuid}] {Took {float} seconds to build instance.|Took {float} seconds to spawn the instance on the hypervisor.|During sync_power_state the instance has a pending task (spawning). Skip.}|virt.libvirt.driver [-] [instance: {uuid}] {Instance spawned successfully.|Instance destroyed successfully.|Instance rebooted successfully.}}',
    "{os} INFO {neutron.agent.securitygroups_rpc [{req}] Security group member updated ['{uuid}']|neutron.agent.dhcp.agent [{req}] Synchronizing state complete|glance.common.wsgi [-] Started child {pid}}",
    '{syslog} kernel: [    0.000000] {Linux version {kver} (buildd@lcy02-amd64-0{n}) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0) #{n}-Ubuntu SMP PREEMPT_DYNAMIC|{Command line: BOOT_IMAGE=/boot/vmlinuz-{kver} root=UUID={uuid} ro quiet splash|Booting paravirtualized kernel on KVM|BIOS-provided physical RAM map:}}',
    "{syslog} systemd[1]: Startup finished in {boot}.",
    '{syslog} {rsyslogd: [origin software="rsyslogd" swVersion="8.2{small}{small}{small}.0" x-pid="{pid}" x-info="https://www.rsyslog.com"] {start|rsyslogd was HUPed}|dhclient[{pid}]: bound to {ip} -- renewal in {big} seconds.|kernel: {uptime} {e1000e|igb|ixgbe} 0000:0{small}:00.0 eth{small}: NIC Link is Up {1000 Mbps|10 Gbps} Full Duplex, Flow Control: Rx/Tx}',
    '{mac} {kernel[0]: {Wake reason: {RTC (Alarm)|EC.LidOpen|XHC1}|PMRD: System Sleep|Previous shutdown cause: 5}|softwareupdated[{pid}]: Installed "macOS {Ventura 13|Sonoma 14|Sequoia 15}.{small}.{small}"}',
    "{droid} I ActivityManager: Start proc {pid}:{pkg}/u0a{n} for {activity|service|broadcast} {pkg}/.{cword}{Activity|Service|Receiver}",
    "{droid} I PowerManagerService: {Going to sleep due to screen timeout (uid 1000)...|Waking up from sleep (uid 1000)...}",
    "{health}|Step_StandReportReceiver|{big}|onReceive action: android.intent.action.{SCREEN_ON|SCREEN_OFF|TIME_TICK}",
    "{health}|Step_ScreenUtil|{big}|screen status unknown,think screen on",
    "{proxifier} {chrome|firefox|Teams|OneDrive|slack}.exe - {domain}:443 open through proxy proxy.{domain}:{3128|8080} HTTPS",
    "{proxifier} {chrome|firefox|Teams|OneDrive|slack}.exe - {domain}:443 close, {bytes}, lifetime {<1 sec|00:0{small}|00:{n}|01:{n}:0{small}}",
    "{cbs} Info                  CBS    Loaded Servicing Stack v{winver} with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_{winver}_none_{hex16}\\cbscore.dll",
    "{cbs} Info                  CBS    {Starting TrustedInstaller initialization.|Ending TrustedInstaller finalization.|Session: {big}_{big} initialized by client WindowsUpdateAgent.|Exec: Processing complete.  Session: {big}_{big}, Package: Package_for_KB{big}}",
    '{wu}  {Agent  * Found {n} updates and {n} categories in search; evaluated appl. rules of {big} out of {big} deployed entities|AU  {Triggering AU detection through DetectNow API|AU finished delayed initialization|Successfully wrote event for AU health state:0}}',
    '{kafka} INFO [{KafkaServer id={small}] {started|shut down completed} (kafka.server.KafkaServer)|Controller id={small}] Partition {topic}-{small} completed preferred replica leader election. New leader is {small} (kafka.controller.KafkaController)|GroupCoordinator {small}]: Stabilized group {svc}-consumers generation {n} (__consumer_offsets-{n}) with {small} members (kafka.coordinator.group.GroupCoordinator)}',
    "INFO  [{main|GossipStage:1}] {log4j} {StorageService.java:{n} - Node /{ip} state jump to NORMAL|Gossiper.java:{n} - InetAddress /{ip} is now UP|Server.java:{n} - Starting listening for CQL clients on /{ip}:9042 (unencrypted)...}",
    "{redis} * {Background saving started by pid {pid}|Background saving terminated with success|DB saved on disk|Ready to accept connections tcp|MASTER <-> REPLICA sync: Finished with success|{n} changes in {n} seconds. Saving...}",
    "{rabbit} [info] <0.{n}.0> {Server startup complete; {small} plugins started.|Ready to start client connection listeners|started TCP listener on [::]:5672}",
    "{mysql} 0 [System] [MY-{010116|013172}] [Server] {/usr/sbin/mysqld (mysqld {8.0.{n}|8.4.{small}}) starting as process {pid}|Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {8.0.{n}|8.4.{small}}).}",
    "{mongo} I {CONTROL  [initandlisten] MongoDB starting : pid={pid} port=27017 dbpath=/var/lib/mongodb 64-bit host={host}|REPL     [replexec-{n}] transition to {PRIMARY|SECONDARY} from {SECONDARY|RECOVERING}|NETWORK  [initandlisten] waiting for connections on port 27017}",
    '{syslog} postfix/{smtp[{pid}]: {qid}: to=<{email}>, relay={domain}[{ip}]:25, delay={float}, delays=0.0{small}/0/0.{n}/0.{n}, dsn=2.0.0, status=sent (250 2.0.0 OK {epoch} {hex})|{qmgr|master}[{pid}]: {{qid}: removed|reload -- version 3.{small}.{small}, configuration /etc/postfix}}',
    "{bind} general: {info: zone {domain}/IN: loaded serial {epoch}|notice: running|info: reloading configuration succeeded|info: all zones loaded}",
    "{syslog} CRON[{pid}]: ({sysuser}) CMD ({/usr/lib/php/sessionclean|command -v debian-sa1 > /dev/null && debian-sa1 1 1|/opt/scripts/{svc}-cleanup.sh >/dev/null 2>&1})",
    "{syslog} chronyd[{pid}]: {Selected source {ip} ({small}.pool.ntp.org)|System clock was stepped by {float} seconds|chronyd version 4.{small} starting (+CMDMON +NTP +REFCLOCK +RTC)}",
    '{tomcat} INFO [main] {org.apache.catalina.startup.Catalina.start Server startup in [{big}] milliseconds|{org.apache.catalina.core.StandardService.startInternal Starting service [Catalina]|org.apache.coyote.AbstractProtocol.start Starting ProtocolHandler ["http-nio-8080"]|org.apache.catalina.startup.HostConfig.deployWAR Deployment of web application archive [/opt/tomcat/webapps/{word}.war] has finished in [{big}] ms}}',
    "{{START RequestId: {uuid} Version: $LATEST|END RequestId: {uuid}|INIT_START Runtime Version: python:3.12.v{n}}|{Executing 'Functions.{cword}Sync' (Reason='Timer fired at {iso}', Id={uuid})|Executed 'Functions.{cword}Sync' (Succeeded, Id={uuid}, Duration={ms}ms)}}",
    "{syslog} containerd[{pid}]: time=\"{iso}\" level=info msg=\"{starting containerd|containerd successfully booted in {float}s|loading plugin}\" {revision={hex}|type=io.containerd.grpc.v1}",
    "{etcd} I | {raft: {hex16} became leader at term {n}|etcdserver: saved snapshot at index {big}|mvcc: finished scheduled compaction at {big} (took {ms}ms)}",
    "{etcd} I | etcdserver: published {Name:{host} ClientURLs:[https://{ip}:2379]} to cluster {hex16}",
    "[INFO] {Reloading complete|plugin/reload: Running configuration SHA512 = {hex64}|CoreDNS-1.11.{small}}",
    "{jenkins} INFO {jenkins.InitReactorRunner$1#onAttained: Completed initialization|hudson.lifecycle.Lifecycle#onReady: Jenkins is fully up and running}",
    "Nightly currency rates imported: {n} pairs updated for {date}",
    "Quarter-end close for ledger {word} completed; {big} journal entries posted",
    "Catalog sync with supplier feed finished: {big} products refreshed",
]

RESOURCES = [
    "{hpc} node temp {epoch} 1 Temperature ({7|8|9}{small}C) exceeds warning threshold",
    "{tbird} kernel: Out of Memory: Killed process {pid} ({proc}).",
    "{log4j} INFO org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl: Memory usage of ProcessTree {pid} for container-id container_{appid}_01_0000{n}: {memuse} physical memory used; {memuse} virtual memory used",
    "{log4j} WARN org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl: Container [pid={pid},containerID=container_{appid}_01_0000{n}] is running beyond physical memory limits. Current usage: {memuse} physical memory used. Killing container.",
    "{log4j} WARN org.apache.hadoop.hdfs.server.namenode.NameNodeResourceChecker: Space available on volume '/dev/{dev}' is {big}, which is below the configured reserved amount 104857600",
    "{spark} INFO storage.MemoryStore: {MemoryStore started with capacity {float} GB|Block broadcast_{n} stored as values in memory (estimated size {float} KB, free {float} GB)}",
    "{spark} WARN storage.MemoryStore: Not enough space to cache rdd_{n}_{n} in memory! (computed {float} MB so far)",
    "{spark} WARN yarn.YarnAllocator: Container killed by YARN for exceeding memory limits. {memuse} physical memory used. Consider boosting spark.yarn.executor.memoryOverhead.",
    "{syslog} kernel: {uptime} oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/{svc}.service,task={proc},pid={pid},uid={big}",
    "{syslog} systemd-journald[{pid}]: {Runtime|System} Journal (/{run|var}/log/journal/{hex32}) is {n}.{small}M, max {1.0G|4.0G|512.0M}, {small}{small}{small}.{small}M free.",
    "{syslog} kernel: {uptime} {proc} invoked oom-killer: gfp_mask=0x{cc0|6200ca|140dca}(GFP_KERNEL), order=0, oom_score_adj=0",
    "{mac} kernel[0]: low swap: killing largest compressed process with pid {pid} ({cword}) and size {ms} MB",
    "{mac} kernel[0]: memorystatus: killing_idle_process pid {pid} [{word}d] (memorystatus_available_pages: {big})",
    "{droid} I lowmemorykiller: Kill '{pkg}' ({pid}), uid 10{n}, oom_adj {small}00 to free {big}kB",
    "{droid} I art     : Background concurrent copying GC freed {big}({float}MB) AllocSpace objects, {n}({float}MB) LOS objects, {lowpct}% free, {float}MB/{float}MB, paused {float}ms total {ms}ms",
    "{kafka} INFO [Log partition={topic}-{small}, dir=/var/lib/kafka/data] Deleting segment {big} due to retention size {big} breach. Log size after deletion will be {big}. (kafka.log.Log)",
    "Consumer group {svc}-consumers, partition {topic}-{small}: {offsets}",
    "INFO  [Service Thread] {log4j} GCInspector.java:{n} - G1 Young Generation GC in {ms}ms.  G1 Eden Space: {big} -> 0; G1 Old Gen: {big} -> {big};",
    "INFO  [CompactionExecutor:{n}] {log4j} CompactionTask.java:{n} - Compacted ({uuid}) {small} sstables to [/var/lib/cassandra/data/{db}/{table}-{hex32}/nb-{big}-big,] to level=0.  {float}MiB to {float}MiB (~{lowpct}% of original) in {ms}ms.  Read Throughput = {float}MiB/s, Write Throughput = {float}MiB/s",
    "WARN  [CompactionExecutor:{n}] {log4j} CompactionTask.java:{n} - Not enough space for compaction, {float}MB estimated.  Reducing scope.",
    "{redis} # WARNING {overcommit_memory is set to 0! Background save may fail under low memory condition.|: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.}",
    "{ip}:6379> {SET|HSET|LPUSH|SADD|INCR} {word}:{id} (error) OOM command not allowed when used memory > 'maxmemory'.",
    "{redis} # Client id={big} addr={ip}:{port} laddr={peerip}:6379 name= age={n} idle=0 cmd=psync scheduled to be closed ASAP for overcoming of output buffer limits.",
    "{rabbit} [info] <0.{n}.0> {vm_memory_high_watermark set. Memory used:{big} allowed:{big}|Free disk space is insufficient. Free bytes: {big}. Limit: 50000000|file descriptor limit alarm set. Publishers will be blocked until this alarm clears}",
    "{mysql} {n} [ERROR] [MY-{010045|013132}] [Server] {Too many connections|The table '{table}' is full}",
    "{pg} FATAL:  {sorry, too many clients already|remaining connection slots are reserved for non-replication superuser connections}",
    "{pg} LOG:  temporary file: path \"base/pgsql_tmp/pgsql_tmp{pid}.{small}\", size {big}",
    "{pg} LOG:  checkpoints are occurring too frequently ({small} seconds apart) HINT:  Consider increasing the configuration parameter \"max_wal_size\".",
    "{apache} [mpm_{prefork|event}:error] [pid {pid}] AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting",
    "[{date} {time}] WARNING: [pool www] {server reached pm.max_children setting ({n}), consider raising it|seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning {small} children, there are 0 idle, and {n} total children}",
    "{slash} [{alert|crit}] {pid}#{small}: {accept4() failed (24: Too many open files)|*{big} {n} worker_connections are not enough while connecting to upstream}",
    "REPORT RequestId: {uuid} {lambda} Memory Size: {128|256|512|1024} MB Max Memory Used: {n} MB{ Init Duration: {float} ms|}",
    "{etcd} W | etcdserver: {mvcc: database space exceeded|alarm NOSPACE raised by member {hex16}}",
    "{jenkins} WARNING hudson.node_monitors.DiskSpaceMonitorDescriptor#markNodeOfflineIfDiskspaceIsTooLow: Making {host} offline temporarily due to the lack of disk space",
    "{mongo} W STORAGE  [WTCheckpointThread] WiredTiger cache is {pct}% full, eviction threads falling behind",
    "API key for tenant {tenant} has used {usage} monthly requests",
    "Mailbox {email} is at {pct}% of its {small}0 GB storage quota",
    "Workspace {word} has {usage} licensed seats assigned",
    "SMS credits for account {acct}: {usage} used this billing period",
    "Report export for {tenant} peaked at {float} GB RAM and {pct}% CPU on the worker",
]

USER_ACTIONS = [
    "{pg} {user}@{db} LOG:  statement: {DELETE FROM {table} WHERE id = {id}|UPDATE {table} SET status = 'closed' WHERE id = {id}|ALTER TABLE {table} ADD COLUMN {word}_note text|TRUNCATE {table}_staging|CREATE INDEX ON {table} (created_at)}",
    "{mysql}	{n} Connect	{user}@{ip} on {db} using TCP/IP",
    "{mongo} I ACCESS   [conn{n}] Successfully authenticated as principal {user} on admin from client {ip}:{port}",
    "{vsftpd} [pid {pid}] [{user}] OK {DOWNLOAD|UPLOAD}: Client \"{ip}\", \"/home/{user}/{file}\", {big} bytes, {float}Kbyte/sec",
    "{vsftpd} [pid {pid}] [{user}] OK {LOGIN: Client \"{ip}\"|MKDIR: Client \"{ip}\", \"/home/{user}/{word}\"|DELETE: Client \"{ip}\", \"/home/{user}/{file}\"|RENAME: Client \"{ip}\", \"/home/{user}/{file} /home/{user}/old_{file}\"}",
    "{vsftpd} {small} {ip} {big} /home/{user}/{file} b _ {o|i} r {user} ftp 0 * c",
    "{syslog} proftpd[{pid}]: {host} ({ip}[{ip}]): USER {user}: Login successful.",
    "{syslog} sudo[{pid}]:   {user} : TTY=pts/{small} ; PWD=/home/{user} ; USER={root|postgres|www-data} ; COMMAND={sudocmd}",
    "{syslog} sudo[{pid}]: pam_unix(sudo:session): session opened for user root(uid=0) by {user}(uid=10{n})",
    "{syslog} su[{pid}]: Successful su for {postgres|root|deploy} by {user}",
    "{syslog} useradd[{pid}]: new user: name={user}, UID={uid}, GID={uid}, home=/home/{user}, shell=/bin/bash, from=/dev/pts/{small}",
    "{syslog} {passwd[{pid}]: pam_unix(passwd:chauthtok): password changed for {user}|userdel[{pid}]: delete user '{user}'|usermod[{pid}]: add '{user}' to group '{docker|developers|www-data}'|chsh[{pid}]: changed user '{user}' shell to '/bin/zsh'}",
    "{syslog} gdm-password]: pam_unix(gdm-password:session): session opened for user {user}(uid=10{n}) by (uid=0)",
    "{mac} screensharingd[{pid}]: Authentication: SUCCEEDED :: User Name: {user} :: Viewer Address: {ip} :: Type: DH",
    "{syslog} dovecot: imap-login: Login: user=<{email}>, method=PLAIN, rip={ip}, lip={peerip}, mpid={pid}, TLS, session=<{hex12}>",
    "{syslog} dovecot: imap({email})<{pid}><{hex12}>: Logged out in={big} out={big} deleted={small} expunged={small}",
    "{os} INFO openstack_auth.forms Login successful for user \"{user}\" using domain \"Default\", remote address {ip}.",
    "{os} INFO openstack_auth.views Logging out user \"{user}\".",
    "{jaudit} /job/{svc}-{build|deploy|nightly}/{configSubmit|build|doDelete|disable|enable} by {user}",
    "{jaudit} /{credentials/store/system/domain/_/createCredentials|manage/configSubmit|user/{user}/configSubmit} by {user}",
    "{iso}: User \"{user}\" ({user}@{domain}) was {created|removed|blocked by {other}}",
    "{iso}: Project \"{word}/{svc}\" was {removed|transferred to {word}|archived} by {user}",
    "{log4j} INFO [http-nio-8090-exec-{n}] [confluence.pages.actions.{EditPageAction|RemovePageAction|CreatePageAction}] Page \"{cword} {cword}\" in space {issue} {edited|deleted|created} by {user}",
    "{log4j} INFO {user} {big}x{big}x1 {hex} {ip} /secure/{EditIssue|DeleteIssue|CreateIssue}.jspa [c.a.j.event.issue] Issue {issue} {updated|deleted|created} by {user}",
    "{rabbit} [info] <0.{n}.0> {Successfully changed password for user '{user}'|Created user '{user}'|Deleting user '{user}'|Successfully set permissions for user '{user}' in virtual host '/'}",
    "Recruiter {user} moved candidate #{id} to the \"{Interview|Offer|Hired}\" stage",
    "Sales rep {user} converted lead {id} into opportunity OPP-{id}",
    "Support agent {user} merged duplicate contacts {acct} and {acct}",
    "Finance clerk {user} voided credit note CN-{id} ({money} EUR)",
    "Shopper {user} applied coupon {cword}{n} at checkout for order {id}",
    "Employee {user} updated their home address in the self-service portal",
    "{user} exported the {table} list ({big} rows) to {file}",
    "Account manager {user} changed the renewal date of contract {id} to {date}",
    "{user} bulk-edited {n} {table} records in the {svc} admin",
]

QUESTIONS = [
    "{Quick question: |Newbie here - |Sorry if this is obvious: |}what's the difference between a {liveness|readiness|startup} probe and a {readiness|liveness|startup} probe{?| in Kubernetes?| and when do I need both?}",
    "{How do I|What's the best way to|Can I} {rotate logs|enable gzip compression|set up rate limiting|configure a reverse proxy|redirect http to https|serve static files|add a custom header} in {nginx|Apache|HAProxy|Caddy|Traefik}{?| without downtime?| on Ubuntu {20|22|24}.04?}",
    "Notes from the {retro|sprint {n} retro|team offsite|planning session}: {deploys went smoothly|we need more tests around checkout|on-call was quiet|the migration plan needs an owner|code reviews are too slow|the staging cluster is too small}{; action items in the doc|.|, {cword} to follow up}",
    "Chapter {n}: {Understanding Kafka partitions|Indexes and query plans|Designing for failure|A gentle introduction to consensus|How garbage collectors work|Caching strategies|The life of a packet|Testing distributed systems}",
    "{Can someone|Could anyone|Would someone} explain how {Raft|Paxos|consistent hashing|two-phase commit|MVCC|a B-tree|a bloom filter|TCP slow start|a write-ahead log|leader election} works{?| in simple terms?| with an example?}",
    "Is it better to use {PostgreSQL|MySQL|MongoDB|SQLite} or {Cassandra|DynamoDB|Redis|Elasticsearch} for {a session store|time series data|a job queue|a product catalog|full-text search|a leaderboard}{?| at our scale?}",
    "TIL{:| -} {you can pipe journalctl into grep|kubectl explain shows field docs|EXPLAIN ANALYZE shows the actual plan|ss replaces netstat|git bisect can run a test script for you|curl -w prints timing details|tcpdump can write pcap files for Wireshark|jq can reshape JSON on the command line}",
    "Reminder: the {architecture review|design sync|postmortem reading group|brown-bag session|security training} {moved to|is on} {Monday|Tuesday|Thursday|Friday} at {small} pm{ in room {n}|, bring questions|}",
    "Exercise {n}: write a function that {reverses a linked list|parses a CSV line|merges two sorted arrays|validates an IPv4 address|counts words in a file|detects a cycle in a graph} {in Python|in Go|without extra memory|}",
    "Slide {n}: {Why observability matters|Logs, metrics and traces|Lessons learned|Our roadmap for next year|What is an SLO?|Incident response basics|Questions?}",
    "Interview question{| {n}}: {how would you design a URL shortener|explain the CAP theorem|what happens when you type a URL into a browser|how does TLS work|how would you find a memory leak|what is a race condition|how do you scale a database}?",
    "Proposal: {migrate the wiki to Markdown|adopt trunk-based development|standardise on OpenTelemetry|retire the old build server|move stand-ups to {10|11} am|try pair programming on Fridays}{ - comments welcome| - please vote by {Monday|Friday}|}",
    "{Glossary|Definition|Term of the day}: {idempotency means sending a request twice has the same effect as sending it once|backpressure lets a slow consumer tell a producer to slow down|a quorum is the majority of nodes that must agree|latency is how long one request takes, throughput is how many finish per second|a canary release sends a small share of traffic to the new version first|sharding splits one dataset across several machines}",
    "Does anyone know {whether Redis persists to disk by default|why the JVM needs so much heap|how to read a flame graph|what a zombie process is|how DNS caching works on macOS|where the runbooks live|who owns the {cword} dashboard}{?| - asking for a friend}",
    "I'm reading {Designing Data-Intensive Applications|the SRE book|The Phoenix Project|Release It!|Database Internals|Accelerate} and {chapter {n} is great|I recommend it|it changed how I think about ops|the part on {caching|replication|incidents} is eye-opening}",
]

TEMPLATES: dict[str, list] = {
    label: [functools.partial(_render, template) for template in table]
    for label, table in (
        (HTTP_STATUS, HTTP),
        (CRITICAL_ERROR, CRITICAL),
        (SECURITY_ALERT, SECURITY),
        (ERROR, ERRORS),
        (SYSTEM_NOTIFICATION, NOTIFICATIONS),
        (RESOURCE_USAGE, RESOURCES),
        (USER_ACTION, USER_ACTIONS),
        (UNCLASSIFIED, QUESTIONS),
    )
}
