"""Structured log lines: JSON application logs, logfmt, cloud audit events and security formats.

JSON loggers (pino, bunyan, zap, logrus, structlog, Serilog, ECS), logfmt services, AWS
(CloudTrail, EventBridge, Health, GuardDuty, CloudWatch, WAF, ALB), Azure and GCP audit logs,
Kubernetes audit, MongoDB and Elasticsearch logs, CEF/LEEF, Falco, auditd and Windows events.

Every template is a function of a ``random.Random``. Text is rendered by ``_render``: ``{name}``
draws from ``SLOTS`` and ``{a|b}`` picks an alternative; JSON objects are built from nested dict
templates whose strings are rendered and whose callables are called (``_obj``).
"""

import json
import re

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

USERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "ivan", "judy", "oscar",
         "priya", "chen", "fatima", "lars", "mei", "omar", "sofia", "tariq", "ines", "yusuf")
LAST = ("smith", "garcia", "nguyen", "kumar", "muller", "rossi", "tanaka", "silva", "novak")
SERVICES = ("payment-service", "order-api", "auth-service", "billing-worker", "user-service",
            "checkout", "gateway", "ledger", "scheduler", "mailer", "cart-service",
            "inventory-api", "search-indexer", "notification-service", "invoice-service")
TABLES = ("orders", "invoices", "users", "payments", "sessions", "accounts", "products")
PATHS = ("/", "/login", "/api/v1/users", "/api/v1/orders", "/api/v2/invoices", "/health",
         "/metrics", "/api/v1/search", "/checkout", "/cart/items", "/graphql", "/oauth/token",
         "/api/v1/products", "/static/js/app.js", "/favicon.ico", "/account/settings")
STATUSES = (200, 200, 200, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 404, 409, 429,
            500, 502, 503, 504)
REGIONS = ("us-east-1", "eu-west-1", "ap-south-1", "eu-central-1", "us-west-2")


def _ip(rng):
    first = rng.choice((10, 172, 192, 45, 81, 103, 185, 203, 62, 91, 198))
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _user(rng):
    style = rng.randrange(3)
    if style == 0:
        return rng.choice(USERS)
    if style == 1:
        return f"{rng.choice(USERS)}.{rng.choice(LAST)}"
    return f"{rng.choice(USERS)[0]}{rng.choice(LAST)}{rng.randint(1, 99)}"


def _iso(rng):
    return (f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
            f"{rng.randint(0, 999):03d}Z")


SLOTS = {
    "ip": _ip,
    "user": _user,
    "email": lambda r: f"{r.choice(USERS)}.{r.choice(LAST)}@{r.choice(('example.com', 'corp.io'))}",
    "ts": _iso,
    "n": lambda r: str(r.randint(2, 60)),
    "big": lambda r: str(r.randint(100, 500000)),
    "pct": lambda r: str(r.randint(80, 99)),
    "ms": lambda r: str(r.randint(2, 30000)),
    "id": lambda r: str(r.randint(1, 99999)),
    "port": lambda r: str(r.randint(1024, 65535)),
    "pid": lambda r: str(r.randint(300, 65000)),
    "hex8": lambda r: hex_id(r, 8),
    "hex16": lambda r: hex_id(r, 16),
    "hex32": lambda r: hex_id(r, 32),
    "uuid": lambda r: f"{hex_id(r, 8)}-{hex_id(r, 4)}-{hex_id(r, 4)}-{hex_id(r, 4)}-{hex_id(r, 12)}",
    "svc": lambda r: r.choice(SERVICES),
    "table": lambda r: r.choice(TABLES),
    "path": lambda r: r.choice(PATHS),
    "host": lambda r: f"{r.choice(('web', 'app', 'db', 'node', 'worker', 'api'))}-{r.randint(1, 40):02d}",
    "region": lambda r: r.choice(REGIONS),
    "acct": lambda r: str(r.randint(10**11, 10**12 - 1)),
    "instance": lambda r: f"i-0{hex_id(r, 16)}",
    "bucket": lambda r: f"{r.choice(('acme', 'corp', 'data', 'prod'))}-{r.choice(('logs', 'backups', 'assets', 'exports'))}-{r.randint(1, 999)}",
    "clock": lambda r: f"{r.randint(1, 12)}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} {r.choice(('AM', 'PM'))}",
    "mdy": lambda r: f"{r.randint(1, 12)}/{r.randint(1, 28)}/{r.randint(2022, 2025)}",
    "audit": lambda r: f"{r.randint(1_650_000_000, 1_750_000_000)}.{r.randint(0, 999):03d}:{r.randint(100, 99999)}",
    "ns": lambda r: r.choice(("default", "prod", "staging", "payments", "kube-system", "billing")),
}
_SLOT = re.compile(r'\{([a-z0-9]+|[^{}"]*\|[^{}"]*)\}')


def _render(rng, text):
    """Fill ``{slot}`` and ``{a|b}`` in text; other braces stay literal."""
    def replace(match):
        body = match.group(1)
        return rng.choice(body.split("|")) if "|" in body else SLOTS[body](rng)
    return _SLOT.sub(replace, text)


def _build(rng, value):
    if callable(value):
        return value(rng)
    if isinstance(value, str):
        return _render(rng, value)
    if isinstance(value, dict):
        return {key: _build(rng, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_build(rng, item) for item in value]
    return value


def N(lo, hi):
    """An integer field between lo and hi."""
    return lambda rng: rng.randint(lo, hi)


def C(*choices):
    """A field that is one of choices (kept with its type)."""
    return lambda rng: rng.choice(choices)


def _obj(template):
    """A template: the dict rendered and dumped as one JSON line."""
    def line(rng):
        compact = rng.random() < 0.5
        return json.dumps(_build(rng, template), separators=(",", ":") if compact else None)
    return line


def _txt(template):
    """A template: plain text rendered with ``SLOTS``."""
    return lambda rng: _render(rng, template)


NUMERIC_LEVEL = {"debug": 20, "info": 30, "warn": 40, "error": 50, "fatal": 60}
SERILOG_LEVEL = {"debug": "Debug", "info": "Information", "warn": "Warning", "error": "Error",
                 "fatal": "Fatal"}


def _app(level, message, **extra):
    """A template: a JSON application log (pino, bunyan, zap, logrus, structlog, Serilog, ECS)."""
    def line(rng):
        msg, fields = _render(rng, message), _build(rng, extra)
        ts, epoch = _iso(rng), rng.randint(1_650_000_000, 1_750_000_000)
        svc, lvl = rng.choice(SERVICES), rng.choice((level, level.upper()))
        style = rng.randrange(7)
        if style == 0:
            head = {"level": NUMERIC_LEVEL[level], "time": epoch * 1000 + rng.randint(0, 999),
                    "pid": rng.randint(300, 65000), "hostname": SLOTS["host"](rng), "msg": msg}
        elif style == 1:
            head = {"name": svc, "hostname": SLOTS["host"](rng), "pid": rng.randint(300, 65000),
                    "level": NUMERIC_LEVEL[level], "msg": msg, "time": ts, "v": 0}
        elif style == 2:
            head = {"level": level, "ts": round(epoch + rng.random(), 6), "logger": svc.split("-")[0],
                    "caller": f"{rng.choice(('server', 'store', 'worker', 'api'))}/"
                              f"{rng.choice(('handler', 'client', 'sync', 'main'))}.go:{rng.randint(20, 900)}",
                    "msg": msg}
        elif style == 3:
            head = {"level": "warning" if level == "warn" else level, "msg": msg, "time": ts}
        elif style == 4:
            head = {"event": msg, "level": level, "logger": svc.replace("-", "_"), "timestamp": ts}
        elif style == 5:
            head = {"@t": ts, "@mt": msg, "@l": SERILOG_LEVEL[level], "SourceContext": svc}
        else:
            head = {"@timestamp": ts, "log.level": lvl.lower(), "message": msg,
                    "service.name": svc, "ecs.version": "8.11.0"}
        if style in (2, 3, 4) and rng.random() < 0.5:
            fields = {"service": svc, "trace_id": hex_id(rng, 32), **fields}
        return json.dumps({**head, **fields}, separators=(",", ":") if style % 2 else None)
    return line


def _logfmt(level, message, **extra):
    """A template: a logfmt line (Go services, Grafana, Loki, Argo CD, Traefik, Vault)."""
    def quote(value):
        value = str(value)
        escaped = value.replace('"', '\\"')
        return f'"{escaped}"' if " " in value or "=" in value or not value else value

    def line(rng):
        fields = {rng.choice(("ts", "time", "t")): _iso(rng),
                  "level": rng.choice((level, level.upper())), "msg": _render(rng, message)}
        if rng.random() < 0.4:
            fields["logger"] = rng.choice(SERVICES)
        fields.update(_build(rng, extra))
        return " ".join(f"{key}={quote(value)}" for key, value in fields.items())
    return line


# Templates per label ---------------------------------------------------------------------------

METHOD = C("GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD")
STATUS = C(*STATUSES)
SECONDS = lambda rng: round(rng.uniform(0.001, 4.5), 3)  # noqa: E731

HTTP = [
    _obj({"time_local": "{ts}", "remote_addr": "{ip}", "request_method": METHOD,
          "request_uri": "{path}", "status": STATUS, "body_bytes_sent": N(0, 90000),
          "request_time": SECONDS, "http_user_agent": "{curl/8.4.0|Mozilla/5.0|okhttp/4.12.0}"}),
    _obj({"@timestamp": "{ts}", "client": "{ip}", "method": METHOD, "uri": "{path}",
          "protocol": "HTTP/{1.1|2.0}", "status": STATUS, "bytes": N(0, 50000),
          "upstream_response_time": SECONDS, "host": "{host}.example.com"}),
    _obj({"type": "{https|h2}", "time": "{ts}", "elb": "app/{svc}/{hex16}", "client_ip": "{ip}",
          "client_port": N(1024, 65535), "request_verb": METHOD,
          "request_url": "https://api.example.com:443{path}", "elb_status_code": STATUS,
          "target_status_code": STATUS, "target_processing_time": SECONDS,
          "received_bytes": N(100, 9000), "sent_bytes": N(0, 90000)}),
    _obj({"requestId": "{uuid}", "ip": "{ip}", "requestTime": "{ts}", "httpMethod": METHOD,
          "resourcePath": "{path}", "status": STATUS, "protocol": "HTTP/1.1",
          "responseLength": N(0, 40000), "integrationLatency": N(2, 3000)}),
    _obj({"timestamp": "{ts}", "c-ip": "{ip}", "cs-method": METHOD, "cs-uri-stem": "{path}",
          "sc-status": STATUS, "sc-bytes": N(200, 900000), "time-taken": SECONDS,
          "x-edge-location": "{FRA56-C1|IAD89-P2|BOM78-C1}", "x-edge-result-type": "{Hit|Miss|RefreshHit}"}),
    _obj({"start_time": "{ts}", "method": METHOD, "path": "{path}", "protocol": "HTTP/{1.1|2}",
          "response_code": STATUS, "response_flags": "-", "bytes_received": N(0, 4000),
          "bytes_sent": N(0, 80000), "duration": N(1, 5000), "upstream_host": "{ip}:8080",
          "x_forwarded_for": "{ip}", "request_id": "{uuid}"}),
    _obj({"level": "info", "ts": N(1_650_000_000, 1_750_000_000), "logger": "http.log.access",
          "msg": "handled request", "request": {"remote_ip": "{ip}", "proto": "HTTP/2.0",
          "method": METHOD, "host": "example.com", "uri": "{path}"},
          "duration": SECONDS, "size": N(0, 60000), "status": STATUS}),
    _obj({"ClientAddr": "{ip}:{port}", "RequestMethod": METHOD, "RequestPath": "{path}",
          "RequestProtocol": "HTTP/1.1", "DownstreamStatus": STATUS, "Duration": N(100000, 900000000),
          "RouterName": "{svc}@kubernetes", "ServiceName": "{ns}-{svc}-80", "time": "{ts}"}),
    _obj({"level": 30, "time": N(1_650_000_000_000, 1_750_000_000_000), "msg": "request completed",
          "req": {"id": N(1, 99999), "method": METHOD, "url": "{path}", "remoteAddress": "{ip}"},
          "res": {"statusCode": STATUS}, "responseTime": N(1, 4000)}),
    _obj({"@timestamp": "{ts}", "http.request.method": METHOD, "url.path": "{path}",
          "http.response.status_code": STATUS, "event.duration": N(1000000, 900000000),
          "source.ip": "{ip}", "user_agent.original": "{curl/8.4.0|Go-http-client/1.1}"}),
    _obj({"ts": "{ts}", "remote_addr": "{ip}", "req": "{GET|POST|PUT|DELETE} {path} HTTP/1.1",
          "status": STATUS, "upstream_status": STATUS, "req_len": N(100, 3000),
          "namespace": "{ns}", "service_name": "{svc}", "proxy_upstream_name": "{ns}-{svc}-8080"}),
    _obj({"latencies": {"proxy": N(1, 900), "kong": N(0, 30), "request": N(2, 1000)},
          "request": {"method": METHOD, "uri": "{path}", "size": N(80, 3000)},
          "response": {"status": STATUS, "size": N(100, 90000)}, "client_ip": "{ip}",
          "started_at": N(1_650_000_000_000, 1_750_000_000_000)}),
    _obj({"severity": "INFO", "httpRequest": {"requestMethod": METHOD, "requestUrl": "{path}",
          "status": STATUS, "responseSize": N(0, 90000), "remoteIp": "{ip}",
          "latency": "0.{id}s"}, "resource": {"type": "http_load_balancer"}}),
    _obj({"Timestamp": "{ts}", "Level": "Information",
          "MessageTemplate": "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
          "Properties": {"RequestMethod": METHOD, "RequestPath": "{path}", "StatusCode": STATUS,
                         "Elapsed": SECONDS}}),
    _app("info", "{GET|POST|PUT|DELETE} {path} {200|201|204|304|400|404|500|503} {ms}ms",
         remote_addr="{ip}", request_id="{uuid}"),
    _app("info", "request completed", method=METHOD, path="{path}", status=STATUS,
         duration_ms=N(1, 9000)),
    _logfmt("info", "request", method=METHOD, path="{path}", status=STATUS,
            duration="{ms}ms", remote="{ip}:{port}"),
    _logfmt("info", "finished call", grpc_code="OK", http_status=STATUS,
            http_method=METHOD, uri="{path}", took_ms=N(1, 5000)),
    _txt("method={GET|POST|PUT|PATCH|DELETE} path={path} status={200|201|301|302|401|403|404|429|500|502} "
         "duration={ms}ms bytes={big} client_ip={ip} request_id={uuid}"),
    _txt("level=info caller=middleware.go:88 msg=\"http request\" method={GET|POST} uri={path} "
         "code={200|204|404|500} latency={ms}ms"),
]
MONGO_TS = {"$date": "{ts}"}
WIN_HOST = "{host}.corp.local"

CRITICAL = [
    _app("fatal", "unrecoverable error: data directory is corrupted, shutting down",
         data_dir="/var/lib/{svc}", error="checksum mismatch in segment {id}"),
    _app("fatal", "primary database unreachable, all writes are failing",
         db_host="{host}", attempts=N(5, 60)),
    _app("fatal", "panic: runtime error: invalid memory address or nil pointer dereference; process exiting",
         goroutine=N(1, 900)),
    _app("fatal", "data corruption detected in table {table}, rows lost", rows=N(10, 90000)),
    _app("fatal", "message broker cluster down, every consumer stopped", brokers_alive=0),
    _logfmt("fatal", "opening storage failed: WAL corruption detected, data loss in head block",
            component=C("tsdb", "ingester", "storage"), segment=N(100, 9999)),
    _logfmt("crit", "etcd cluster lost quorum, control plane unavailable",
            members=C(3, 5), healthy=C(0, 1)),
    _logfmt("error", "core: failed to unseal: barrier integrity check failed, vault is down",
            cluster="vault-{region}"),
    _obj({"version": "0", "id": "{uuid}", "detail-type": "AWS Health Event", "source": "aws.health",
          "account": "{acct}", "time": "{ts}", "region": "{region}",
          "detail": {"service": "EBS", "eventTypeCode": "AWS_EBS_VOLUME_LOST",
                     "eventTypeCategory": "issue", "affectedEntities": [{"entityValue": "vol-0{hex16}"}],
                     "eventDescription": [{"latestDescription": "A hardware failure caused the loss of your EBS volume; data can not be recovered."}]}}),
    _obj({"source": "aws.health", "detail-type": "AWS Health Event", "region": "{region}",
          "detail": {"service": "EC2", "eventTypeCategory": "issue",
                     "eventTypeCode": "AWS_EC2_HARDWARE_FAILURE",
                     "statusCode": "open", "affectedEntities": [{"entityValue": "{instance}"}]}}),
    _obj({"source": "aws.rds", "detail-type": "RDS DB Instance Event", "time": "{ts}",
          "detail": {"EventCategories": ["failure"], "SourceIdentifier": "{svc}-db",
                     "EventID": "RDS-EVENT-0031", "Message": "DB instance failed: the storage volume underlying the instance has failed"}}),
    _obj({"t": MONGO_TS, "s": "F", "c": "STORAGE", "id": N(20000, 29999), "ctx": "initandlisten",
          "msg": "WiredTiger error: file is corrupted, unable to read data",
          "attr": {"error": N(-31809, -31800), "message": "{table}.wt: read checksum error"}}),
    _obj({"t": MONGO_TS, "s": "F", "c": "REPL", "id": N(20000, 29999), "ctx": "rsBackgroundSync",
          "msg": "Fatal assertion", "attr": {"msgid": N(40000, 50999), "error": "UnrecoverableRollbackError: rollback data lost",
                                              "file": "src/mongo/db/repl/rs_rollback.cpp"}}),
    _obj({"t": MONGO_TS, "s": "F", "c": "-", "id": 23081, "ctx": "conn{id}",
          "msg": "Invariant failure", "attr": {"expr": "status.isOK()", "file": "src/mongo/db/storage/wiredtiger/wiredtiger_record_store.cpp"}}),
    _obj({"type": "server", "timestamp": "{ts}", "level": "WARN", "component": "o.e.c.r.a.AllocationService",
          "cluster.name": "{prod|logs|search}-cluster", "node.name": "es-{n}",
          "message": "Cluster health status changed from [YELLOW] to [RED] (reason: [primary shards unassigned])."}),
    _txt("[{ts}][ERROR][o.e.b.ElasticsearchUncaughtExceptionHandler] [es-{n}] fatal error in thread "
         "[elasticsearch[es-{n}][write][T#{n}]], exiting java.lang.OutOfMemoryError: Java heap space"),
    _obj({"@timestamp": "{ts}", "log.level": "ERROR", "message": "cluster health status is RED: {n} primary shards unavailable, indices {table} lost",
          "service.type": "elasticsearch", "elasticsearch.cluster.name": "prod-cluster"}),
    _txt("EventID=41 Source=Microsoft-Windows-Kernel-Power Level=Critical Computer=" + WIN_HOST +
         " Message=\"The system has rebooted without cleanly shutting down first. The system stopped responding, crashed, or lost power unexpectedly.\""),
    _obj({"winlog": {"event_id": 6008, "provider_name": "EventLog", "computer_name": WIN_HOST},
          "log": {"level": "error"}, "@timestamp": "{ts}",
          "message": "The previous system shutdown at {clock} on {mdy} was unexpected."}),
    _txt("Log Name=System Source=Disk EventCode=7 Type=Error ComputerName=" + WIN_HOST +
         " Message=The device, \\Device\\Harddisk{n}\\DR{n}, has a bad block."),
    _obj({"EventID": 55, "ProviderName": "Ntfs", "Level": "Critical", "MachineName": WIN_HOST,
          "Message": "A corruption was discovered in the file system structure on volume C:. The file system is unusable."}),
    _obj({"PRIORITY": "2", "_HOSTNAME": "{host}", "SYSLOG_IDENTIFIER": "kernel",
          "MESSAGE": "EXT4-fs error (device {sda1|nvme0n1p2}): ext4_find_entry: reading directory lblock 0 failed, I/O error, data lost",
          "__REALTIME_TIMESTAMP": "{big}{big}"}),
]
SECURITY = [
    _obj({"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "accountId": "{acct}", "userName": "{user}"},
          "eventTime": "{ts}", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin",
          "awsRegion": "{region}", "sourceIPAddress": "{ip}", "responseElements": {"ConsoleLogin": "Failure"},
          "additionalEventData": {"MFAUsed": "No"}, "errorMessage": "Failed authentication"}),
    _obj({"userIdentity": {"type": "Root", "arn": "arn:aws:iam::{acct}:root"}, "eventTime": "{ts}",
          "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "sourceIPAddress": "{ip}",
          "responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "No"}}),
    _obj({"userIdentity": {"type": "IAMUser", "userName": "{user}", "arn": "arn:aws:iam::{acct}:user/{user}"},
          "eventTime": "{ts}", "eventSource": "{s3|iam|kms|secretsmanager}.amazonaws.com",
          "eventName": "{GetObject|CreateAccessKey|Decrypt|GetSecretValue|AttachUserPolicy}",
          "sourceIPAddress": "{ip}", "errorCode": "AccessDenied",
          "errorMessage": "User is not authorized to perform this action"}),
    _obj({"eventTime": "{ts}", "eventSource": "ec2.amazonaws.com", "eventName": "{RunInstances|StopInstances|CreateSecurityGroup}",
          "userIdentity": {"type": "AssumedRole", "principalId": "AROA{hex16}:{user}"}, "sourceIPAddress": "{ip}",
          "errorCode": "Client.UnauthorizedOperation", "errorMessage": "You are not authorized to perform this operation."}),
    _obj({"schemaVersion": "2.0", "accountId": "{acct}", "region": "{region}", "id": "{hex32}",
          "type": "{UnauthorizedAccess:EC2/SSHBruteForce|Recon:EC2/PortProbeUnprotectedPort|CryptoCurrency:EC2/BitcoinTool.B!DNS|Trojan:EC2/DNSDataExfiltration|UnauthorizedAccess:IAMUser/MaliciousIPCaller}",
          "resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "{instance}"}},
          "severity": C(5, 5.5, 8, 8.5), "title": "GuardDuty finding: suspicious activity from {ip}"}),
    _obj({"source": "aws.guardduty", "detail-type": "GuardDuty Finding", "time": "{ts}",
          "detail": {"type": "{Backdoor:EC2/C&CActivity.B|Impact:EC2/PortSweep|Policy:IAMUser/RootCredentialUsage}",
                     "severity": C(5, 8), "service": {"action": {"actionType": "NETWORK_CONNECTION",
                     "networkConnectionAction": {"remoteIpDetails": {"ipAddressV4": "{ip}"}}}}}}),
    _obj({"time": "{ts}", "operationName": "Sign-in activity", "category": "SignInLogs",
          "resultType": "{50126|50053}", "resultDescription": "{Invalid username or password.|Account is locked because the user tried to sign in too many times.}",
          "properties": {"userPrincipalName": "{email}", "ipAddress": "{ip}", "appDisplayName": "{Azure Portal|Office 365|Microsoft Teams}",
                         "status": {"errorCode": C(50126, 50053), "failureReason": "Sign-in failed"}}}),
    _obj({"timestamp": N(1_650_000_000_000, 1_750_000_000_000), "formatVersion": 1, "webaclId": "arn:aws:wafv2:{region}:{acct}:regional/webacl/{svc}-acl/{uuid}",
          "terminatingRuleId": "{AWS-AWSManagedRulesSQLiRuleSet|AWS-AWSManagedRulesCommonRuleSet|RateLimit-IP|AWSManagedRulesKnownBadInputsRuleSet}",
          "terminatingRuleType": "MANAGED_RULE_GROUP", "action": "BLOCK",
          "httpRequest": {"clientIp": "{ip}", "country": "{RU|CN|NG|BR|VN}", "uri": "{path}", "httpMethod": "{GET|POST}"}}),
    _txt("CEF:0|{Fortinet|Palo Alto Networks|Check Point}|{FortiGate|PAN-OS|VPN-1}|{n}.{n}|{id}|{Intrusion attempt blocked|Connection denied by policy|Port scan detected}|{7|8|9}|"
         "src={ip} spt={port} dst={ip} dpt={22|23|445|3389} act={blocked|deny|drop} proto=TCP"),
    _txt("CEF:0|Trend Micro|Deep Security Agent|{n}.0|{id}|Malware detected|{8|9|10}|cs1Label=Malware cs1=Trojan.Win32.{hex8} "
         "fname={invoice|setup|update}.exe act=Quarantined suser={user} dvchost={host}"),
    _txt("CEF:0|Imperva|WAF|{n}.0|SQL Injection|SQL injection attack blocked|9|src={ip} request={path}?id=1%27%20OR%201=1 act=Blocked cs1={svc}"),
    _txt("LEEF:1.0|IBM|QRadar|{n}.0|{Port Scan|Brute Force Login|Malware Detected}|src={ip}\tdst={ip}\tdstPort={port}\tusrName={user}\tsev={7|8|9}\taction=blocked"),
    _txt("LEEF:2.0|Palo Alto Networks|PAN-OS|10.2|THREAT|cat=vulnerability\tsrc={ip}\tdst={ip}\taction=deny\tthreatName=Apache Log4j Remote Code Execution"),
    _obj({"output": "{ts} Notice A shell was spawned in a container with an attached terminal (user=root container={svc} shell=bash parent=runc)",
          "priority": "Notice", "rule": "Terminal shell in container", "time": "{ts}",
          "output_fields": {"container.name": "{svc}", "k8s.ns.name": "{ns}", "proc.cmdline": "bash -i", "user.name": "root"}}),
    _obj({"output": "Warning Sensitive file opened for reading by non-trusted program (user={user} file=/etc/shadow command=cat /etc/shadow)",
          "priority": "Warning", "rule": "Read sensitive file untrusted", "time": "{ts}",
          "output_fields": {"fd.name": "{/etc/shadow|/etc/sudoers|/root/.ssh/id_rsa}", "proc.name": "{cat|python3|nc}"}}),
    _txt('type=AVC msg=audit({audit}): avc:  denied  { read write } for  pid={pid} comm="{httpd|nginx|sshd}" '
         'name="{shadow|passwd|id_rsa}" scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0'),
    _txt('type=USER_LOGIN msg=audit({audit}): pid={pid} uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="{user}" '
         'exe="/usr/sbin/sshd" hostname=? addr={ip} terminal=ssh res=failed\''),
    _txt("EventID=4625 Source=Microsoft-Windows-Security-Auditing Keywords=\"Audit Failure\" Message=\"An account failed to log on.\" "
         "TargetUserName={user} LogonType={3|10} FailureReason=\"Unknown user name or bad password.\" IpAddress={ip}"),
    _obj({"winlog": {"event_id": 4740, "channel": "Security", "computer_name": WIN_HOST,
          "event_data": {"TargetUserName": "{user}", "TargetDomainName": "CORP"}},
          "message": "A user account was locked out.", "event": {"outcome": "success", "action": "locked-out"}}),
    _obj({"t": MONGO_TS, "s": "I", "c": "ACCESS", "id": 20436, "ctx": "conn{id}", "msg": "Authentication failed",
          "attr": {"mechanism": "SCRAM-SHA-256", "user": "{user}", "db": "admin", "client": "{ip}:{port}",
                   "result": "AuthenticationFailed: SCRAM authentication failed, storedKey mismatch"}}),
    _app("warn", "possible brute force: {n} failed logins for {user} from {ip} in 60s", source_ip="{ip}"),
    _app("warn", "rejected token with invalid signature, possible tampering", sub="{user}", kid="{hex8}"),
    _app("warn", "privilege escalation attempt: user {user} tried to assign role admin", user="{user}", ip="{ip}"),
    _logfmt("warn", "permission denied", path="secret/data/{svc}/prod", remote_address="{ip}",
            error="1 error occurred: * permission denied"),
    _obj({"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "Metadata", "verb": "create",
          "user": {"username": "system:anonymous"}, "sourceIPs": ["{ip}"],
          "objectRef": {"resource": "clusterrolebindings", "name": "cluster-admin-{hex8}"},
          "responseStatus": {"code": 403, "reason": "Forbidden"}, "annotations": {"authorization.k8s.io/decision": "forbid"}}),
]
ERRORS = [
    _app("error", "failed to process order {id}", error="context deadline exceeded", order_id=N(1, 99999)),
    _app("error", "unhandled exception in request handler",
         err={"type": "{TypeError|KeyError|NullPointerException}", "message": "{customer_id|cannot read property 'id' of undefined}",
              "stack": "at handler ({svc}/src/routes.js:{n}:{n})"}),
    _app("error", "connection to redis at {ip}:6379 refused, retrying in {n}s", attempt=N(1, 5)),
    _app("error", "job {nightly-export|invoice-batch|customer-sync} failed after {n} retries", job_id="{uuid}"),
    _app("error", "upstream request to {svc} timed out after {ms}ms", trace_id="{hex32}"),
    _app("error", "invalid input: field email is not a valid address", request_id="{uuid}", field="email"),
    _app("error", "could not send notification email to {email}", smtp_code=C(421, 450, 451, 554)),
    _app("error", "payment provider returned an error for invoice {id}", provider_code="card_declined"),
    _logfmt("error", "failed to sync application", application="{svc}", dest_namespace="{ns}",
            error="rpc error: code = Unknown desc = Manifest generation error"),
    _logfmt("error", "query failed", component="querier", org_id=N(1, 999),
            err="rpc error: code = Canceled desc = context canceled"),
    _logfmt("error", "error while pushing", component="distributor", err="context deadline exceeded", stream="{svc}"),
    _logfmt("error", "Failed to send alert notification", logger="alerting.notifier", notifier="{slack|email|pagerduty}",
            error="Post \"https://hooks.slack.com/services/{hex8}\": dial tcp: i/o timeout"),
    _logfmt("error", "service is unreachable", providerName="kubernetes", serviceName="{ns}-{svc}-80",
            error="no endpoints found"),
    _obj({"t": MONGO_TS, "s": "E", "c": "QUERY", "id": N(20000, 29999), "ctx": "conn{id}",
          "msg": "Plan executor error during find command",
          "attr": {"error": {"code": C(2, 96, 292), "codeName": "{BadValue|OperationFailed|QueryExceededMemoryLimitNoDiskUseAllowed}"},
                   "ns": "{table}.{table}"}}),
    _obj({"t": MONGO_TS, "s": "E", "c": "COMMAND", "id": 51803, "ctx": "conn{id}", "msg": "Assertion while executing command",
          "attr": {"command": "{insert|update|aggregate}", "db": "{table}", "error": "DuplicateKey: E11000 duplicate key error collection"}}),
    _obj({"type": "server", "timestamp": "{ts}", "level": "ERROR", "component": "o.e.a.b.TransportShardBulkAction",
          "node.name": "es-{n}", "message": "failed to execute bulk item (index) index [logs-{id}] mapper_parsing_exception: failed to parse field [price] of type [long]"}),
    _obj({"errorType": "{TypeError|Runtime.UnhandledPromiseRejection|ValidationError}", "errorMessage": "Cannot read properties of undefined (reading 'id')",
          "requestId": "{uuid}", "function": "{svc}-handler", "level": "ERROR"}),
    _txt("Log Name=Application Source=\"Application Error\" EventCode=1000 Type=Error Message=\"Faulting application name: "
         "{sqlservr|w3wp|java|OUTLOOK}.exe, version: {n}.0.{id}.0, faulting module name: {ntdll|KERNELBASE|clr}.dll, exception code: 0xc0000005\""),
    _obj({"EventID": 1026, "ProviderName": ".NET Runtime", "Level": "Error", "MachineName": WIN_HOST,
          "Message": "Application: {svc}.exe Description: The process was terminated due to an unhandled exception. Exception Info: System.IO.IOException"}),
    _obj({"level": "error", "timestamp": "{ts}", "message": "Task {id} of workflow {etl-daily|report-build|data-import} failed: exit code 1",
          "workflow_id": "{uuid}", "attempt": N(1, 3)}),
    _obj({"severity": "ERROR", "message": "Failed to publish message to topic {svc}-events: DEADLINE_EXCEEDED",
          "logging.googleapis.com/trace": "projects/prod/traces/{hex32}", "resource": {"type": "cloud_run_revision"}}),
]
NOTIFICATIONS = [
    _app("info", "server listening on port {port}", version="v{n}.{n}.{n}", pid=N(300, 65000)),
    _app("info", "graceful shutdown complete", uptime_s=N(60, 900000)),
    _app("info", "configuration reloaded", config="/etc/{svc}/config.yaml", changed_keys=N(1, 9)),
    _app("info", "nightly backup finished", backup_id="{uuid}", size_mb=N(100, 90000), duration_s=N(10, 3600)),
    _app("info", "scheduled job {invoice-batch|customer-sync|report-build} completed", records=N(10, 500000)),
    _app("info", "connected to database {table}_db at {host}:5432"),
    _app("info", "deployment {svc} rolled out to version {n}.{n}.{n}", replicas=N(2, 12)),
    _logfmt("info", "Starting Grafana", version="{n}.{n}.{n}", commit="{hex8}", compiled="{ts}"),
    _logfmt("info", "Sync operation to {hex8} succeeded", application="{svc}", dest_namespace="{ns}"),
    _logfmt("info", "Configuration loaded from file", configFile="/etc/traefik/traefik.yml"),
    _logfmt("info", "core: vault is unsealed", cluster_name="vault-{region}"),
    _logfmt("info", "table manager: uploading tables", component="index-gateway", tables=N(1, 40)),
    _obj({"version": "0", "id": "{uuid}", "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
          "account": "{acct}", "time": "{ts}", "region": "{region}",
          "detail": {"instance-id": "{instance}", "state": "{running|stopped|pending|stopping}"}}),
    _obj({"source": "aws.autoscaling", "detail-type": "EC2 Instance Launch Successful", "time": "{ts}",
          "detail": {"AutoScalingGroupName": "{svc}-asg", "EC2InstanceId": "{instance}", "StatusCode": "InProgress"}}),
    _obj({"source": "aws.rds", "detail-type": "RDS DB Snapshot Event", "time": "{ts}",
          "detail": {"SourceIdentifier": "rds:{svc}-db-{id}", "EventID": "RDS-EVENT-0091", "Message": "Automated snapshot created"}}),
    _obj({"t": MONGO_TS, "s": "I", "c": "CONTROL", "id": 23285, "ctx": "main",
          "msg": "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"}),
    _obj({"t": MONGO_TS, "s": "I", "c": "NETWORK", "id": 23016, "ctx": "listener", "msg": "Waiting for connections",
          "attr": {"port": 27017, "ssl": "off"}}),
    _obj({"t": MONGO_TS, "s": "I", "c": "REPL", "id": 21358, "ctx": "ReplCoord-{n}", "msg": "Replica set state transition",
          "attr": {"newState": "{PRIMARY|SECONDARY}", "oldState": "{STARTUP2|RECOVERING|SECONDARY}"}}),
    _obj({"t": MONGO_TS, "s": "I", "c": "CONTROL", "id": 20565, "ctx": "conn{id}", "msg": "Now exiting"}),
    _obj({"type": "server", "timestamp": "{ts}", "level": "INFO", "component": "o.e.n.Node", "cluster.name": "prod-cluster",
          "node.name": "es-{n}", "message": "started"}),
    _txt("[{ts}][INFO ][o.e.c.r.a.AllocationService] [es-{n}] Cluster health status changed from [YELLOW] to [GREEN] (reason: [shards started])."),
    _txt("EventID=7036 Source=\"Service Control Manager\" Level=Information Computer=" + WIN_HOST +
         " Message=\"The {Windows Update|Print Spooler|SQL Server Agent|Windows Defender} service entered the {running|stopped} state.\""),
    _obj({"winlog": {"event_id": 6005, "provider_name": "EventLog", "computer_name": WIN_HOST},
          "message": "The Event log service was started.", "log": {"level": "information"}}),
    _obj({"kind": "Event", "apiVersion": "v1", "type": "Normal", "reason": "{Scheduled|Pulled|Started|ScalingReplicaSet}",
          "involvedObject": {"kind": "Pod", "namespace": "{ns}", "name": "{svc}-{hex8}"}, "message": "Successfully assigned {ns}/{svc}-{hex8} to {host}"}),
]
RESOURCES = [
    _app("warn", "heap usage at {pct}% of {1024|2048|4096} MB limit", heap_used_mb=N(800, 4000)),
    _app("warn", "connection pool nearly exhausted", active=N(90, 99), max=100, waiting=N(1, 40)),
    _app("warn", "disk usage on /var/lib/{svc} is {pct}%", free_gb=N(1, 20)),
    _app("warn", "event loop lag {ms}ms, cpu at {pct}%", cpu_percent=N(80, 99)),
    _app("warn", "rate limit quota {pct}% consumed for tenant {id}", remaining=N(1, 500)),
    _app("info", "memory usage report", rss_mb=N(200, 8000), heap_total_mb=N(100, 4000), cpu_percent=N(5, 95)),
    _logfmt("warn", "memory usage high, approaching limit", used="{n}.{n}GiB", limit="{n}GiB", percent="{pct}"),
    _logfmt("warn", "ingestion rate limit exceeded", tenant="{id}", limit_bytes=N(4000000, 9000000), stream_count=N(1000, 9000)),
    _logfmt("warn", "high CPU throttling detected", container="{svc}", throttled_pct="{pct}", cpu_limit="{1|2|4}"),
    _obj({"AlarmName": "{svc}-{CPUUtilization|MemoryUtilization}-high", "NewStateValue": "ALARM",
          "NewStateReason": "Threshold Crossed: 1 datapoint [{pct}.5] was greater than the threshold (80.0).",
          "Trigger": {"MetricName": "{CPUUtilization|MemoryUtilization}", "Namespace": "{AWS/EC2|CWAgent}", "Threshold": 80.0,
                      "ComparisonOperator": "GreaterThanThreshold"}, "Region": "{region}"}),
    _obj({"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm State Change", "time": "{ts}",
          "detail": {"alarmName": "{svc}-db-low-storage", "state": {"value": "ALARM",
                     "reason": "Threshold Crossed: FreeStorageSpace {big} bytes below 10% of allocated storage"},
                     "configuration": {"metrics": [{"metricStat": {"metric": {"name": "FreeStorageSpace", "namespace": "AWS/RDS"}}}]}}}),
    _obj({"t": MONGO_TS, "s": "W", "c": "STORAGE", "id": 22430, "ctx": "WTCheckpointThread",
          "msg": "WiredTiger cache pressure: dirty cache at {pct}% of configured size", "attr": {"cacheSizeGB": C(1, 4, 8, 16)}}),
    _obj({"t": MONGO_TS, "s": "W", "c": "NETWORK", "id": 22942, "ctx": "listener",
          "msg": "Connection refused because there are too many open connections", "attr": {"connectionCount": N(800, 1000)}}),
    _obj({"t": MONGO_TS, "s": "I", "c": "COMMAND", "id": 51803, "ctx": "conn{id}", "msg": "Slow query",
          "attr": {"ns": "{table}.{table}", "durationMillis": N(1000, 60000), "docsExamined": N(100000, 9000000), "planSummary": "COLLSCAN"}}),
    _obj({"type": "server", "timestamp": "{ts}", "level": "WARN", "component": "o.e.c.r.a.DiskThresholdMonitor", "node.name": "es-{n}",
          "message": "high disk watermark [90%] exceeded on [{hex16}][es-{n}][/var/lib/elasticsearch] free: {n}gb[{n}%], shards will be relocated away from this node"}),
    _txt("[{ts}][INFO ][o.e.m.j.JvmGcMonitorService] [es-{n}] [gc][{id}] overhead, spent [{ms}ms] collecting in the last [1s], heap used {pct}%"),
    _txt("EventID=2004 Source=Microsoft-Windows-Resource-Exhaustion-Detector Level=Warning Computer=" + WIN_HOST +
         " Message=\"Windows successfully diagnosed a low virtual memory condition. {sqlservr|java|chrome}.exe consumed {big} bytes.\""),
    _obj({"winlog": {"event_id": 2013, "provider_name": "srv", "computer_name": WIN_HOST},
          "message": "The C: disk is at or near capacity. You may need to delete some files.", "log": {"level": "warning"}}),
    _obj({"kind": "Event", "type": "Warning", "reason": "{Evicted|OOMKilling}", "involvedObject": {"kind": "Pod", "namespace": "{ns}", "name": "{svc}-{hex8}"},
          "message": "The node was low on resource: memory. Container {svc} was using {big}Ki, which exceeds its request of 512Mi."}),
    _obj({"severity": "WARNING", "message": "Quota exceeded for quota metric 'Read requests' of service 'sheets.googleapis.com'",
          "resource": {"type": "consumed_api"}, "labels": {"limit": "{id} per minute", "usage_pct": "{pct}"}}),
    _obj({"level": "warn", "msg": "bandwidth usage above threshold", "interface": "eth{0|1}", "tx_mbps": N(800, 990),
          "link_mbps": 1000, "host": "{host}"}),
]
IAM_USER = {"type": "IAMUser", "userName": "{user}", "accountId": "{acct}"}

ACTIONS = [
    _obj({"eventVersion": "1.08", "userIdentity": IAM_USER, "eventTime": "{ts}", "eventSource": "signin.amazonaws.com",
          "eventName": "ConsoleLogin", "sourceIPAddress": "{ip}", "responseElements": {"ConsoleLogin": "Success"},
          "additionalEventData": {"MFAUsed": "Yes"}}),
    _obj({"userIdentity": IAM_USER, "eventTime": "{ts}", "eventSource": "s3.amazonaws.com",
          "eventName": "{CreateBucket|DeleteBucket|PutObject|PutBucketPolicy}", "awsRegion": "{region}",
          "sourceIPAddress": "{ip}", "requestParameters": {"bucketName": "{bucket}"}}),
    _obj({"userIdentity": IAM_USER, "eventTime": "{ts}", "eventSource": "ec2.amazonaws.com", "eventName": "{RunInstances|TerminateInstances|CreateSnapshot}",
          "awsRegion": "{region}", "requestParameters": {"instanceType": "{t3.micro|m5.large|c6i.xlarge}"},
          "responseElements": {"instancesSet": {"items": [{"instanceId": "{instance}"}]}}}),
    _obj({"userIdentity": IAM_USER, "eventTime": "{ts}", "eventSource": "lambda.amazonaws.com",
          "eventName": "{UpdateFunctionCode20150331v2|CreateFunction20150331|UpdateFunctionConfiguration20150331v2}",
          "requestParameters": {"functionName": "{svc}-handler"}, "sourceIPAddress": "{ip}"}),
    _obj({"time": "{ts}", "operationName": "{Microsoft.Compute/virtualMachines/write|Microsoft.Storage/storageAccounts/delete|Microsoft.Resources/deployments/write}",
          "category": "Administrative", "resultType": "Success", "caller": "{email}", "callerIpAddress": "{ip}",
          "resourceId": "/subscriptions/{uuid}/resourceGroups/rg-{svc}"}),
    _obj({"protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
          "authenticationInfo": {"principalEmail": "{email}"}, "methodName": "{v1.compute.instances.insert|storage.buckets.create|google.iam.admin.v1.CreateServiceAccount|SetIamPolicy}",
          "serviceName": "{compute|storage|iam}.googleapis.com", "resourceName": "projects/{svc}/{hex8}"},
          "severity": "NOTICE", "logName": "projects/{svc}/logs/cloudaudit.googleapis.com%2Factivity"}),
    _obj({"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "RequestResponse", "stage": "ResponseComplete",
          "verb": "{create|delete|patch|update}", "user": {"username": "{email}", "groups": ["system:authenticated"]},
          "objectRef": {"resource": "{deployments|configmaps|services|secrets}", "namespace": "{ns}", "name": "{svc}"},
          "responseStatus": {"code": C(200, 201)}, "sourceIPs": ["{ip}"]}),
    _obj({"t": MONGO_TS, "s": "I", "c": "ACCESS", "id": 20249, "ctx": "conn{id}", "msg": "{createUser|dropUser|grantRolesToUser}",
          "attr": {"user": "{user}@admin", "target": "{user}", "db": "admin", "roles": ["readWrite"]}}),
    _app("info", "user {user} logged in", user_id=N(1, 99999), ip="{ip}", method="{password|sso|oauth}"),
    _app("info", "user logged out", user="{user}", session_id="{hex16}"),
    _app("info", "{user} updated {notification preferences|time zone|billing address|display theme}", user_id=N(1, 99999)),
    _app("info", "record {id} deleted from {table} by {user}", actor="{user}"),
    _app("info", "user {user} exported {table} to CSV", rows=N(10, 90000), format="csv"),
    _app("info", "account created", username="{user}", email="{email}", plan="{free|pro|team}"),
    _logfmt("info", "user changed password", user="{user}", ip="{ip}"),
    _logfmt("info", "Dashboard saved", logger="dashboard", userId=N(1, 999), dashboardUid="{hex8}", orgId=N(1, 9)),
    _logfmt("info", "admin updated application", application="{svc}", user="{email}", action="sync"),
    _txt('type=USER_CMD msg=audit({audit}): pid={pid} uid={id} auid={id} ses={n} msg=\'cwd="/home/{user}" '
         'cmd="{systemctl restart nginx|apt install htop|cat /var/log/syslog}" exe="/usr/bin/sudo" terminal=pts/{n} res=success\''),
    _txt("EventID=4624 Source=Microsoft-Windows-Security-Auditing Keywords=\"Audit Success\" Message=\"An account was successfully logged on.\" "
         "TargetUserName={user} TargetDomainName=CORP LogonType={2|10} WorkstationName={host}"),
    _obj({"winlog": {"event_id": 4720, "channel": "Security", "computer_name": WIN_HOST,
          "event_data": {"TargetUserName": "{user}", "SubjectUserName": "{user}"}},
          "message": "A user account was created.", "event": {"action": "added-user-account", "outcome": "success"}}),
    _obj({"@timestamp": "{ts}", "event.action": "{file-downloaded|report-exported|profile-updated|api-key-created}",
          "user.name": "{user}", "source.ip": "{ip}", "event.outcome": "success", "ecs.version": "8.11.0"}),
]
NOT_LOGS = [
    _txt("What's the difference between a {Deployment and a StatefulSet|liveness and a readiness probe|Service and an Ingress}?"),
    _txt("How do I {mount a secret as a file|roll back a deployment|limit pod memory} in Kubernetes?"),
    _txt("Can someone explain when to use logfmt instead of JSON logging?"),
    _txt("Meeting notes {mdy}: agreed to move {svc} to the new cluster next sprint, {user} owns the runbook."),
    _txt("TODO: add structured logging to {svc} and document the trace_id field"),
    _txt("TODO({user}): rename the {table} table before the migration review"),
    _txt("The level field accepts debug, info, warn and error; timestamps use RFC 3339."),
    _txt("This section explains how CloudTrail records API calls made in your account."),
    _txt("Hi team, please review the {svc} design doc before Thursday. Thanks, {user}"),
    _txt("Re: on-call handover - nothing notable, see you at standup"),
    _txt("Chapter {n}: Observability with Logs, Metrics and Traces"),
    _txt("Reminder: the {region} cost review is scheduled for {mdy} at {clock}."),
]

TEMPLATES = {
    HTTP_STATUS: HTTP,
    CRITICAL_ERROR: CRITICAL,
    SECURITY_ALERT: SECURITY,
    ERROR: ERRORS,
    SYSTEM_NOTIFICATION: NOTIFICATIONS,
    RESOURCE_USAGE: RESOURCES,
    USER_ACTION: ACTIONS,
    UNCLASSIFIED: NOT_LOGS,
}
