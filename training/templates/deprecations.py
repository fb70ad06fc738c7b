"""Deprecation notices in the words real runtimes, frameworks and tools print them.

Python warnings (DeprecationWarning, PendingDeprecationWarning, FutureWarning,
Django's RemovedInDjangoXXWarning), Node's DEP codes and npm, Java compiler and
JVM option warnings, Spring Boot properties, Hadoop's Configuration.deprecation,
Kubernetes API and flag warnings, Rails ActiveSupport::Deprecation, PHP's
E_DEPRECATED, Terraform, Ansible, pip, Gradle, Docker, .NET obsolete members,
MySQL/PostgreSQL server options, web-server directives and HTTP API sunsets.
Every line says that something is deprecated, obsolete or going away, whatever
level word precedes it.
"""

from labels import DEPRECATION_WARNING

_PY_OLD = ("datetime.datetime.utcnow()", "asyncio.get_event_loop()", "pkg_resources",
           "distutils", "imp", "the 'warn' method", "ssl.wrap_socket()", "locale.getdefaultlocale()",
           "np.float", "DataFrame.append", "Series.iteritems", "declarative_base()",
           "the 'schema' keyword", "setDaemon()", "assertEquals", "inspect.getargspec()",
           "Model.query", "pytz support", "the 'verify' argument")
_PY_NEW = ("datetime.datetime.now(datetime.UTC)", "asyncio.new_event_loop()", "importlib.metadata",
           "setuptools", "importlib", "warning", "SSLContext.wrap_socket()", "locale.getlocale()",
           "float", "pandas.concat", "Series.items", "sqlalchemy.orm.declarative_base()",
           "daemon attribute", "assertEqual", "inspect.signature()", "session.execute(select(...))")
_NODE = ("[DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues. "
         "Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.",
         "[DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead.",
         "[DEP0066] DeprecationWarning: OutgoingMessage.prototype._headers is deprecated",
         "[DEP0106] DeprecationWarning: crypto.createCipher is deprecated.",
         "[DEP0018] DeprecationWarning: Unhandled promise rejections are deprecated.",
         "[DEP0128] DeprecationWarning: Invalid 'main' field in package.json of a module.",
         "[DEP0170] DeprecationWarning: The URL is invalid. Future versions of Node.js will throw an error.",
         "[MONGODB DRIVER] Warning: useNewUrlParser is a deprecated option: useNewUrlParser has no effect since Node.js Driver version 4.0.0",
         "[DEP0147] DeprecationWarning: In future versions of Node.js, fs.rmdir(path, { recursive: true }) will be removed. Use fs.rm(path, { recursive: true }) instead")
_NPM_PKGS = ("querystring", "uuid", "har-validator", "core-js", "glob", "rimraf", "inflight",
             "node-sass", "tslint", "babel-eslint", "gulp-util", "left-pad", "resolve-url",
             "source-map-url", "urix", "sane", "w3c-hr-time", "stable", "abab", "domexception")
_NPM_REASONS = ("This package is no longer supported.", "Please upgrade to version 7 or higher.",
                "this library is no longer maintained, use the built-in module instead",
                "Rimraf versions prior to v4 are no longer supported",
                "core-js@<3.23.3 is no longer maintained and not recommended for usage",
                "This module is not supported, and leaks memory. Do not use it.",
                "Use your platform's native atob() and btoa() methods instead",
                "Modern JS already guarantees Array#sort() is a stable sort, so this library is deprecated.",
                "TSLint has been deprecated in favor of ESLint.")


def python_warning(rng):
    module = rng.choice(("app", "worker", "tasks", "billing/models", "api/views", "etl/load",
                         "scripts/sync", "core/utils", "reports/build"))
    old, new = rng.choice(_PY_OLD), rng.choice(_PY_NEW)
    kind = rng.choice(("DeprecationWarning", "DeprecationWarning", "PendingDeprecationWarning",
                       "FutureWarning"))
    tail = rng.choice((f"{old} is deprecated and scheduled for removal in a future version. Use {new} instead.",
                       f"{old} is deprecated, use {new} instead",
                       f"{old} is deprecated and will be removed in {rng.randint(2, 4)}.{rng.randint(0, 14)}",
                       f"{old} is deprecated since {rng.randint(1, 3)}.{rng.randint(0, 12)}; use {new}",
                       f"The default value of {rng.choice(('numeric_only', 'observed', 'group_keys'))} "
                       f"is deprecated. In a future version it will default to False."))
    prefix = rng.choice(("", f"/srv/{module}.py:{rng.randint(3, 900)}: ",
                         f"/usr/lib/python3/dist-packages/{module}.py:{rng.randint(3, 900)}: ",
                         f"{rng.choice(('py.warnings', 'warnings'))} WARNING: {module}.py:{rng.randint(3, 900)}: "))
    return f"{prefix}{kind}: {tail}"


def node_warning(rng):
    return f"(node:{rng.randint(300, 65000)}) {rng.choice(_NODE)}"


def npm_deprecated(rng):
    pkg = rng.choice(_NPM_PKGS)
    return (f"npm WARN deprecated {pkg}@{rng.randint(0, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}: "
            f"{rng.choice(_NPM_REASONS)}")


def k8s_api_warning(rng):
    api, kind, fixed, new = rng.choice((
        ("policy/v1beta1", "PodSecurityPolicy", "v1.21", "unavailable in v1.25+"),
        ("batch/v1beta1", "CronJob", "v1.21", "unavailable in v1.25+; use batch/v1 CronJob"),
        ("extensions/v1beta1", "Ingress", "v1.14", "unavailable in v1.22+; use networking.k8s.io/v1 Ingress"),
        ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "v1.23", "unavailable in v1.26+; use autoscaling/v2"),
        ("policy/v1beta1", "PodDisruptionBudget", "v1.21", "unavailable in v1.25+; use policy/v1"),
        ("storage.k8s.io/v1beta1", "CSIStorageCapacity", "v1.24", "unavailable in v1.27+")))
    prefix = rng.choice(("", f"W{rng.randint(101, 1231):04d} 0{rng.randint(1, 9)}:{rng.randint(10, 59)}:"
                             f"{rng.randint(10, 59)}.{rng.randint(100000, 999999)} {rng.randint(1, 99)} warnings.go:70] ",
                         "Warning: "))
    return f"{prefix}{api} {kind} is deprecated in {fixed}+, {new}"


TEMPLATES = {DEPRECATION_WARNING: [
    python_warning, python_warning, python_warning,
    "{RemovedInDjango50Warning|RemovedInDjango51Warning|RemovedInDjango60Warning}: {The USE_L10N setting is deprecated|The DEFAULT_FILE_STORAGE setting is deprecated. Use STORAGES instead|Passing unsaved model instances to related filters is deprecated|The length_is template filter is deprecated in favor of the length filter and the == operator|index_together is deprecated. Use Meta.indexes in {word}.{word} instead}.",
    node_warning, node_warning, npm_deprecated, npm_deprecated,
    "{warning|Note}: [deprecation] {getDate()|Integer(int)|finalize()|getHours()|newInstance()|stop()} in {Date|Integer|Object|Class|Thread} has been deprecated{ and marked for removal|}",
    "{OpenJDK|Java HotSpot(TM)} 64-Bit Server VM warning: Option {UseConcMarkSweepGC|UseBiasedLocking|MaxPermSize=256m|PrintGCDetails|AggressiveOpts} was deprecated in version {9.0|15.0|17.0|8.0} and will likely be removed in a future release.",
    "Warning: Nashorn engine is planned to be removed from a future JDK release",
    "WARNING: A terminally deprecated method in java.lang.System has been called",
    "{WARN|WARNING} {o.s.b.c.p.m.PropertiesMigrationListener|PropertiesMigrationListener} : The use of configuration keys that have been renamed was found: Property '{spring.redis.host|management.metrics.export.prometheus.enabled|spring.jpa.hibernate.use-new-id-generator-mappings|server.max-http-header-size}' is deprecated{; use the replacement key instead|}",
    "The property '{spring.profiles|spring.flyway.check-location|server.connection-timeout}' is deprecated: {use '{spring.config.activate.on-profile|server.tomcat.connection-timeout}' instead|no longer supported}",
    "{INFO|WARN} Configuration.deprecation: {mapred.job.name is deprecated. Instead, use mapreduce.job.name|mapred.output.dir is deprecated. Instead, use mapreduce.output.fileoutputformat.outputdir|fs.default.name is deprecated. Instead, use fs.defaultFS|mapred.reduce.tasks is deprecated. Instead, use mapreduce.job.reduces|dfs.permissions is deprecated. Instead, use dfs.permissions.enabled|io.bytes.per.checksum is deprecated. Instead, use dfs.bytes-per-checksum|session.id is deprecated. Instead, use dfs.metrics.session-id}",
    k8s_api_warning, k8s_api_warning,
    "Flag --{insecure-port|experimental-encryption-provider-config|pod-infra-container-image|network-plugin|cadvisor-port} has been deprecated, {This flag will be removed in a future version.|will be removed in 1.{n}|This parameter should be set via the config file specified by the Kubelet's --config flag.}",
    "DEPRECATION WARNING: {`uniq` is deprecated and will be removed from Rails {version} (use `distinct` instead)|Initialization autoloaded the constants {word} and {word}. Being able to do this is deprecated|Using legacy connection handling is deprecated|`update_attributes` is deprecated and will be removed from Rails 6.1 (please, use `update` instead)|Dangerous query method (method whose arguments are used as raw SQL) called with non-attribute argument(s)|ActiveRecord::Base.default_timezone is deprecated and will be removed in Rails 7.1}{ (called from {word} at /app/{models|services|jobs}/{word}.rb:{n})|}",
    "PHP Deprecated:  {strlen|str_replace|trim|htmlspecialchars|explode}(): Passing null to parameter #{1|2} ($string) of type string is deprecated in /var/www/{html|app}/{word}.php on line {n}",
    "{PHP |}Deprecated: {Function create_function() is deprecated|Creation of dynamic property {word}::$cache is deprecated|Required parameter $limit follows optional parameter $offset|Function utf8_encode() is deprecated|Return type of {word}::offsetGet($key) should either be compatible with ArrayAccess::offsetGet, or the #[\\ReturnTypeWillChange] attribute should be used} in /var/www/{html|app}/{word}.php on line {n}",
    "Warning: {Argument is deprecated|Deprecated attribute|Deprecated Resource} {-|on} {aws_s3_bucket.{word}|google_container_cluster.{word}|azurerm_app_service.{word}}: {Use the aws_s3_bucket_acl resource instead|The attribute \"acl\" is deprecated. Refer to the provider documentation for details.|This resource has been deprecated in favour of the azurerm_linux_web_app resource}",
    "[DEPRECATION WARNING]: {Use 'ansible.builtin.include_tasks' or 'ansible.builtin.import_tasks' instead of 'include'|evaluating {word} as a bare variable, this behaviour will go away|The 'warn' parameter to 'command' is deprecated}. This feature will be removed in version 2.{n}. Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.",
    "DEPRECATION: {word}-{word} is being installed using the legacy 'setup.py install' method, because it does not have a 'pyproject.toml'. pip 23.1 will enforce this behaviour change.",
    "DEPRECATION: Python {2.7|3.6|3.7} reached the end of its life. A future version of pip will drop support for Python {2.7|3.6|3.7}.",
    "Deprecated Gradle features were used in this build, making it incompatible with Gradle {8.0|9.0}.",
    "The {compile|testCompile|runtime} configuration has been deprecated for dependency declaration. This will fail with an error in Gradle 7.0. Please use the {implementation|testImplementation|runtimeOnly} configuration instead.",
    "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.",
    "WARN[0000] {the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion|The \"--link\" flag is a legacy feature of Docker. It may eventually be removed.}",
    "[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support is disabled by default and will be removed in an upcoming release.",
    "warning CS0618: '{WebClient|HttpWebRequest|Thread.Suspend()|BinaryFormatter.Serialize(Stream, object)}' is obsolete: '{Use HttpClient instead.|BinaryFormatter serialization is obsolete and should not be used.|Thread.Suspend has been deprecated.}'",
    "[Warning] [MY-0{big}] [Server] '{--master-info-repository|--log-slave-updates|default_authentication_plugin|expire_logs_days|--character-set-server: utf8}' is deprecated and will be removed in a future release. Please use {--binlog-expire-logs-seconds|--log-replica-updates|authentication_policy|utf8mb4} instead.",
    "WARNING: {the \"{wal_keep_segments|vacuum_defer_cleanup_age|operator_precedence_warning}\" parameter is deprecated|configuration parameter \"checkpoint_segments\" is deprecated and will be removed}",
    "nginx: [warn] the \"{listen ... http2|ssl|spdy}\" directive is deprecated, use the \"{http2|listen ... ssl|http2}\" directive instead in /etc/nginx/{nginx.conf|conf.d/{word}.conf}:{n}",
    "AH0{big}: {The SSLCertificateChainFile directive is deprecated|Order/Allow/Deny directives are deprecated, use Require instead}",
    "{The|This} {endpoint|API version} {/api/v1/{word}|v1|2019-06-01} is deprecated and will be {removed|sunset|retired} on {date}; {migrate to|use} {/api/v2/{word}|v2|v3}",
    "Client {word}-{n} called deprecated endpoint {GET|POST} /api/v{1|2}/{word} (Sunset: {date})",
    "{Setting|Option|Parameter|Config key|Environment variable} {word}_{word} is deprecated{ and will be ignored|; it will be removed in {version}|, use {word}_{word} instead|}",
    "{Support for|Use of} {TLS 1.0|TLS 1.1|SHA-1 signatures|Python 3.8|Node.js 16|Java 8|API key query parameters|basic authentication} is deprecated and will be {removed|dropped|disabled} {in {version}|after {date}|in the next major release}",
    "The {--{word}|--{word}-{word}} {flag|option} is deprecated and will be removed in {version}{; use --{word} instead|}",
    "{version} will be the last release to support {Python 3.8|CentOS 7|Ubuntu 18.04|Windows Server 2012|MySQL 5.7}; {it reaches end of life on {date}|please upgrade}",
    "{Node.js 16|Node.js 12} actions are deprecated. Please update the following actions to use Node.js 20: actions/{checkout|setup-node|cache}@v{2|3}",
    "The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.",
    "[types removal] Specifying types in {search|bulk|index} requests is deprecated.",
    "{Method|Function|Class} {word}.{word}() is deprecated{ since {version}|} and {will be removed in {version}|may be removed without notice}{, use {word}() instead|}",
    "{DeprecationWarning|Deprecation notice|deprecated}: {word} API {v1|v2} will stop working on {date}",
    "Plugin {word}-{word} uses a deprecated {hook|API|extension point} ({word}); it will stop loading in {version}",
    "{The|Config} field '{spec.{word}|metadata.{word}}' is deprecated and {will be removed in {version}|has no effect}",
]}
