package dev.apikeys.example;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.RoleHierarchy;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.AuditSink;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.micrometer.ApikeyCacheMetrics;
import dev.apikeys.micrometer.ApikeyServiceMetrics;
import dev.apikeys.storage.jdbc.JdbiApikeyStore;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example server: {@code POST /api/v1/apikeys} on the JDK's own HTTP server, through the codecs
 * module's transport-neutral endpoint, on an H2 file database by default.
 *
 * <p>Everything a host needs to embed the library is in {@link #start}: a data source, a store, a
 * service, an endpoint and a few lines of adapter ({@link HttpServerAdapter}).
 */
public final class ExampleServer implements AutoCloseable {
  /** The roles of the example: viewer &lt; operator &lt; admin; operators and admins create keys. */
  static final RoleHierarchy ROLES = RoleHierarchy.viewerOperatorAdmin();

  private static final Logger LOG = LoggerFactory.getLogger(ExampleServer.class);

  private static final int SHUTDOWN_GRACE_SECONDS = 5;
  /** The JDK server's limit on the time a request may take to arrive, in seconds (default: none). */
  static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
  static final String DEFAULT_MAX_REQUEST_SECONDS = "30";
  /** How much of an unread request body the JDK's server reads after the answer (default 64 KiB). */
  static final String DRAIN_AMOUNT_PROPERTY = "sun.net.httpserver.drainAmount";
  /** Last use is written at most once a minute per key. */
  private static final Duration LAST_USE_INTERVAL = Duration.ofMinutes(1);
  /** H2's error code for "Database may be already in use" / "The file is locked". */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private final HttpServer server;
  private final HttpServerAdapter adapter;
  private final ExecutorService executor;
  private final Database database;
  private final ApikeyService service;
  private final String tenant;
  private final BootstrapResult bootstrap;
  /** Null unless --metrics-port was given. */
  private MetricsServer metrics;

  private ExampleServer(HttpServer server, HttpServerAdapter adapter, ExecutorService executor, Database database, ApikeyService service,
      String tenant, BootstrapResult bootstrap) {
    this.server = server;
    this.adapter = adapter;
    this.executor = executor;
    this.database = database;
    this.service = service;
    this.tenant = tenant;
    this.bootstrap = bootstrap;
  }

  /** How the tenant's admin came to be at start-up. */
  record BootstrapResult(UUID newKey, boolean existing) {
    /** Never shows the key. */
    @Override
    public String toString() {
      return existing ? "existing admin kept" : "admin created";
    }
  }

  /** A failure to start or run that deserves one line and a non-zero exit, not a stack trace. */
  static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What {@link #run} returns while the server goes on serving: the process must not exit. */
  static final int SERVING = -1;

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != SERVING) {
      System.exit(status);
    }
  }

  /** Runs the command line; returns the exit status, or {@link #SERVING} while the server runs. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(System.getenv(), args);
    } catch (Options.UsageException e) {
      err.println("apikeys-example-server: " + e.getMessage() + " (try --help)");
      return 2;
    }
    try {
      switch (options.command()) {
        case HELP:
          out.println(Options.USAGE);
          return 0;
        case CREATE_KEY:
          return createKey(options, out);
        default:
          ExampleServer server = start(options, out);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("apikeys example server stopped");
            out.flush();
          }, "apikeys-shutdown"));
          server.printBanner(out);
          return SERVING; // the HTTP server's threads keep the process alive
      }
    } catch (StartupException e) {
      err.println("apikeys-example-server: " + e.getMessage());
      return 1;
    }
  }

  /** Starts a server as the options say; the caller closes it. */
  static ExampleServer start(Options options) throws StartupException {
    return start(options, System.out);
  }

  /** Starts a server as the options say, writing one line per audit event to {@code log}. */
  static ExampleServer start(Options options, PrintStream log) throws StartupException {
    // Without it the JDK's server leaves Nagle's algorithm on: about 40 ms per small response.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // Without a limit a request may take forever to arrive, and the JDK's server reads it on a
    // worker thread: eight clients that send a header byte now and then hold every thread, and the
    // server answers nobody. With it, a connection whose request is not in after 30 s is closed.
    // Read once, when the JVM's first server is made; a -D on the command line wins.
    if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
      System.setProperty(MAX_REQUEST_TIME_PROPERTY, DEFAULT_MAX_REQUEST_SECONDS);
    }
    // After an answer the JDK's server reads what is left of the body (64 KiB by default) on the
    // worker thread: sixteen clients that declare a body, get their 401 and never send it held
    // every worker until maxReqTime. It reads nothing left over now; HttpServerAdapter reads what
    // has arrived, and a connection whose body was not read to its end is closed.
    if (System.getProperty(DRAIN_AMOUNT_PROPERTY) == null) {
      System.setProperty(DRAIN_AMOUNT_PROPERTY, "0");
    }
    Database db = Database.open(options);
    try {
      AuditSink audit = event -> log.println(event.toLogLine());
      ApikeyService.Builder builder = ApikeyService.builder().store(db.store()).rolePolicy(ROLES).auditSink(audit)
          .errorListener(failure -> LOG.warn("apikeys background work failed", failure));
      if (db.store().features().contains(StoreFeature.LAST_USE)) {
        builder.lastUseInterval(LAST_USE_INTERVAL);
      }
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = null;
      if (options.metricsPort() != null) {
        registry = MetricsServer.registry();
        builder.listener(new ApikeyServiceMetrics(registry));
        if (db.cache() != null) {
          new ApikeyCacheMetrics(db.cache()).bindTo(registry);
        }
      }
      ApikeyService service = builder.build();
      BootstrapResult bootstrap = bootstrapAdmin(db.store(), service, options, audit, log);
      // Every 500 and 503 goes to the log with its causes (the client sees only the error code).
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service)
          .errorListener(failure -> LOG.warn("request failed", failure)).build();
      MetricsServer metrics = registry == null ? null : MetricsServer.start(options.host(), options.metricsPort(), registry);
      HttpServer server;
      try {
        server = bind(options);
      } catch (StartupException e) {
        if (metrics != null) {
          metrics.close();
        }
        throw e;
      }
      ExecutorService executor = Executors.newFixedThreadPool(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()),
          daemonless("apikeys-http"));
      server.setExecutor(executor);
      HttpServerAdapter adapter = new HttpServerAdapter(endpoint);
      server.createContext("/", adapter);
      server.start();
      ExampleServer started = new ExampleServer(server, adapter, executor, db, service, options.tenant(), bootstrap);
      started.metrics = metrics;
      return started;
    } catch (StartupException | RuntimeException e) {
      db.closeQuietly();
      throw e;
    }
  }

  private static HttpServer bind(Options options) throws StartupException {
    try {
      return HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
    } catch (BindException e) {
      throw new StartupException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StartupException("cannot start the HTTP server: " + e.getMessage(), e);
    }
  }

  /**
   * Gives the tenant its first admin key when it has no key at all, and leaves a tenant with keys
   * as it is: an admin key that was revoked stays revoked however often the server restarts with
   * it. Returns a newly generated key so that it can be printed once.
   */
  static BootstrapResult bootstrapAdmin(ApikeyStore store, ApikeyService service, Options options, AuditSink audit,
      PrintStream log) throws StartupException {
    String tenant = options.tenant();
    UUID given = options.adminKey();
    try {
      ApikeyService maker = given == null ? service
          : ApikeyService.builder().store(store).rolePolicy(ROLES).keyGenerator(() -> given).maxKeyAttempts(1).auditSink(audit)
              .build();
      Optional<CreatedApikey> created = maker.createFirstKey(tenant, new ApikeyRequest(Options.ADMIN_NAME, ROLES.highest()));
      if (created.isEmpty()) {
        if (given != null) {
          log.println("the admin key given is ignored: tenant '" + tenant
              + "' already has keys, and a first admin key is made only for a tenant without any");
        }
        return new BootstrapResult(null, true);
      }
      return new BootstrapResult(given == null ? created.get().key() : null, false);
    } catch (IllegalArgumentException | InvalidRequestException e) {
      throw new StartupException("cannot bootstrap tenant '" + tenant + "': " + e.getMessage(), e);
    } catch (ApikeyException e) {
      throw new StartupException("cannot bootstrap tenant '" + tenant + "': " + e.getMessage() + causeOf(e), e);
    } catch (RuntimeException e) {
      throw new StartupException("cannot read the key store: " + e.getMessage(), e);
    }
  }

  private static int createKey(Options options, PrintStream out) throws StartupException {
    try (Database db = Database.open(options)) {
      ApikeyService service = ApikeyService.builder().store(db.store()).rolePolicy(ROLES).build();
      CreatedApikey created;
      try {
        created = service.createBootstrapKey(options.tenant(), new ApikeyRequest(options.keyName(), options.keyRole()));
      } catch (InvalidRequestException e) {
        throw new StartupException("invalid key: " + describe(e), e);
      } catch (IllegalArgumentException e) {
        throw new StartupException(e.getMessage(), e);
      } catch (ApikeyException e) {
        throw new StartupException(e.getMessage() + causeOf(e), e);
      }
      out.println("created key '" + created.name() + "' (" + created.role() + ") in tenant '" + options.tenant()
          + "'; it is shown this once:");
      out.println(created.key());
      return 0;
    }
  }

  private static String causeOf(ApikeyException e) {
    Throwable root = e.getCause();
    while (root != null && root.getCause() != null) {
      root = root.getCause();
    }
    return root == null ? "" : " (" + root.getMessage() + ")";
  }

  void printBanner(PrintStream out) {
    String url = "http://" + hostForUrl() + ":" + port();
    out.println("apikeys example server listening on " + url + "/api/v1/apikeys");
    out.println("tenant: " + tenant + "   roles: " + String.join(" < ", ROLES.roles()));
    out.println(database.cacheLine());
    if (metrics != null) {
      out.println("metrics (Prometheus text format): http://" + hostForUrl() + ":" + metrics.port() + "/metrics");
    }
    String key;
    if (bootstrap.newKey() != null) {
      key = bootstrap.newKey().toString();
      out.println("admin key (shown this once, keep it): " + key);
      out.println("  export ADMIN_KEY=" + key);
    } else {
      key = "$ADMIN_KEY";
      out.println("(set ADMIN_KEY to it for the commands below)");
      out.println("admin key: " + (bootstrap.existing() ? "the tenant's keys are kept; none was made" : "the one given"));
    }
    out.println();
    out.println("create a key in JSON:");
    out.println("  curl -s -X POST " + url + "/api/v1/apikeys -H 'x-bytebeam-tenant: " + tenant + "' -H \"x-bytebeam-api-key: "
        + key + "\" -H 'content-type: application/json' -d '{\"name\":\"ci\",\"role\":\"operator\"}'");
    out.println("create a key in EDN:");
    out.println("  curl -s -X POST " + url + "/api/v1/apikeys -H 'x-bytebeam-tenant: " + tenant + "' -H \"x-bytebeam-api-key: "
        + key + "\" -H 'content-type: application/edn' -H 'accept: application/edn' -d '{:name \"deploy\" :role \"viewer\"}'");
    out.println();
    out.println("Ctrl-C stops the server.");
    out.flush();
  }

  private String hostForUrl() {
    String host = server.getAddress().getHostString();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The port of the metrics, or -1 when they are off. */
  int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /** The port the server listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  ApikeyService service() {
    return service;
  }

  BootstrapResult bootstrap() {
    return bootstrap;
  }

  /** Closes the database under the running server, as an outage would; for tests. */
  void closeDatabase() throws Exception {
    database.close();
  }

  /** Stops accepting, lets in-flight requests finish (up to a few seconds), then closes the database. */
  @Override
  public void close() {
    // The JDK's server waits the whole grace period when nothing is in flight (its wait ends only
    // when an exchange ends), so it gets a grace period only when there is something to wait for.
    server.stop(adapter.inFlight() > 0 ? SHUTDOWN_GRACE_SECONDS : 0);
    executor.shutdown();
    try {
      executor.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (metrics != null) {
      metrics.close();
    }
    service.close(); // writes pending last-use records while the database is still open
    try {
      database.close();
    } catch (Exception e) {
      System.err.println("apikeys-example-server: closing the database failed: " + e.getMessage());
    }
  }

  private static java.util.concurrent.ThreadFactory daemonless(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> new Thread(r, prefix + "-" + n.incrementAndGet());
  }

  /** The store, its cache if any, and what must be closed with them. */
  record Database(ApikeyStore store, CachedApikeyStore cache, HikariDataSource dataSource) implements AutoCloseable {
    static Database open(Options options) throws StartupException {
      if (options.memory()) {
        MemoryApikeyStore memory = new MemoryApikeyStore();
        if (!options.cache()) {
          return new Database(memory, null, null);
        }
        CachedApikeyStore cache = CachedApikeyStore.of(memory);
        return new Database(cache, cache, null);
      }
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(h2Defaults(options.jdbcUrl()));
      config.setPoolName("apikeys");
      config.setMaximumPoolSize(8);
      config.setConnectionTimeout(5_000);
      config.setInitializationFailTimeout(1);
      // H2 reports a connection to a database that went away with SQLState 90121, which HikariCP
      // does not take for broken: under steady traffic it would hand out the dead connections
      // forever and every request would be 503 after the database came back (see the README).
      config.setExceptionOverride(new EvictOnConnectionFailure());
      HikariDataSource dataSource;
      try {
        dataSource = new HikariDataSource(config);
      } catch (RuntimeException e) {
        throw new StartupException("cannot open the database " + redact(options.jdbcUrl()) + ": " + rootMessage(e), e);
      }
      try {
        JdbiApikeyStore store = JdbiApikeyStore.create(dataSource).createSchemaIfMissing();
        if (!options.cache() || options.command() != Options.Command.SERVE) {
          return new Database(store, null, dataSource);
        }
        // The feed holds one of the pool's connections while the server runs.
        CachedApikeyStore cache = CachedApikeyStore.builder(store).changeFeed(store.changeFeed()).build();
        return new Database(cache, cache, dataSource);
      } catch (RuntimeException e) {
        dataSource.close();
        throw new StartupException("cannot prepare the database " + redact(options.jdbcUrl()) + ": " + rootMessage(e), e);
      }
    }

    /** What the banner says of the cache. */
    String cacheLine() {
      if (cache == null) {
        return "cache: off (--no-cache): every request looks its key up in the database";
      }
      if (dataSource == null) {
        return "cache: on, in memory";
      }
      return "cache: on; a key revoked by any server on this database is refused here within "
          + CachedApikeyStore.DEFAULT_MAX_STALENESS.toMillis() + " ms";
    }

    /**
     * The settings the server adds to an H2 URL that does not name them. H2 closes a database on JVM
     * exit by itself, racing our graceful shutdown: we close it instead. An embedded file also gets
     * {@code RETENTION_TIME=0}: H2 keeps the space a write frees for 45 s before it reuses it, and a
     * create load rewrites most index pages at every write to the file, so the file grew to twelve
     * times its data (three to four times with 0). The cost: freed space may be overwritten before
     * the OS has flushed what replaced it, so a power loss or an OS crash (not a killed process) can
     * damage the file. And {@code DEFRAG_ALWAYS=TRUE}: the pool's closing its last connection
     * compacts the file fully, so a stopped server leaves a file the size of its data.
     */
    static String h2Defaults(String url) {
      if (!url.startsWith("jdbc:h2:")) {
        return url;
      }
      String withDefaults = withSetting(url, "DB_CLOSE_ON_EXIT", "FALSE");
      String location = url.substring("jdbc:h2:".length()).toLowerCase(java.util.Locale.ROOT);
      boolean embeddedFile = java.util.stream.Stream.of("mem:", "tcp:", "ssl:", "zip:").noneMatch(location::startsWith);
      if (embeddedFile) {
        withDefaults = withSetting(withSetting(withDefaults, "RETENTION_TIME", "0"), "DEFRAG_ALWAYS", "TRUE");
      }
      return withDefaults;
    }

    /** The URL with {@code ;name=value} added, unless one of its settings has that name already. */
    private static String withSetting(String url, String name, String value) {
      String[] parts = url.split(";");
      for (int i = 1; i < parts.length; i++) {
        if (parts[i].split("=", 2)[0].trim().equalsIgnoreCase(name)) {
          return url;
        }
      }
      return url + ";" + name + "=" + value;
    }

    @Override
    public void close() {
      if (cache != null) {
        cache.close();
      }
      if (dataSource != null) {
        dataSource.close();
      }
    }

    void closeQuietly() {
      try {
        close();
      } catch (RuntimeException e) {
        // already failing; the first error is the one to report
      }
    }
  }

  /** Tells HikariCP to drop a connection whose driver says the connection itself has failed. */
  static final class EvictOnConnectionFailure implements SQLExceptionOverride {
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
      return e instanceof java.sql.SQLNonTransientConnectionException
          ? SQLExceptionOverride.Override.MUST_EVICT
          : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
  }

  /** A JDBC URL without its password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        return "it is in use by another process (an H2 file database admits one process at a time)";
      }
      root = t;
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  static String describe(InvalidRequestException e) {
    return e.violations().stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
  }
}
