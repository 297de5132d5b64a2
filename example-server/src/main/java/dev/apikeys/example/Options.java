package dev.apikeys.example;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The command line: {@code [serve] [options]} or {@code create-key --name N --role R [options]}.
 *
 * @param command what to do
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param jdbcUrl the database, or {@code null} with {@code memory}
 * @param memory whether to keep keys in memory only
 * @param cache whether lookups go through the verification cache
 * @param tenant the tenant the server bootstraps and the command line acts on
 * @param adminKey the bootstrap admin's key, from {@code --admin-key} or else {@value #ADMIN_KEY_VARIABLE},
 *     or {@code null} to generate one on first start
 * @param keyName the name of the key {@code create-key} makes
 * @param keyRole the role of the key {@code create-key} makes
 * @param metricsPort the port of the Prometheus scrape endpoint, or {@code null} for none
 */
record Options(
    Command command,
    String host,
    int port,
    String jdbcUrl,
    boolean memory,
    boolean cache,
    String tenant,
    UUID adminKey,
    String keyName,
    String keyRole,
    Integer metricsPort) {

  /** What the process does. */
  enum Command {
    SERVE,
    CREATE_KEY,
    HELP
  }

  static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./data/apikeys";
  static final String ADMIN_NAME = "admin";
  /** The environment variable that gives the admin key without showing it in the process list. */
  static final String ADMIN_KEY_VARIABLE = "APIKEYS_ADMIN_KEY";

  static final String USAGE = String.join("\n",
      "usage: java -jar apikeys-example-server.jar [serve] [options]",
      "       java -jar apikeys-example-server.jar create-key --name NAME --role ROLE [options]",
      "",
      "Serves /api/v1/apikeys (create, list; rotate and revoke a key by name) in",
      "application/json, application/transit+json, application/transit+msgpack and",
      "application/edn. Roles: viewer < operator < admin; operators and admins create,",
      "rotate and revoke keys, up to their own role.",
      "",
      "options:",
      "  --port N          port to listen on (default 8080; 0 picks a free port)",
      "  --host ADDRESS    address to listen on (default 127.0.0.1)",
      "  --jdbc-url URL    database (default " + DEFAULT_JDBC_URL + ", an H2 file database)",
      "  --memory          keep keys in memory only; they are gone when the server stops",
      "  --no-cache        look every key up in the database; by default lookups are cached,",
      "                    and a key revoked by any server on the database is refused here",
      "                    within 1 s",
      "  --tenant NAME     the tenant to bootstrap and act on (default demo)",
      "  --admin-key UUID  the key of the tenant's first admin, a random (version 4) UUID;",
      "                    better given in the environment as " + ADMIN_KEY_VARIABLE + ", which the",
      "                    process list does not show. Without either, a key is generated",
      "                    and printed once. Used only while the tenant has no key at all.",
      "  --metrics-port N  serve the meters in Prometheus text format at",
      "                    http://HOST:N/metrics (off unless given; 0 picks a free port)",
      "  --help            this text",
      "",
      "create-key makes a key in the tenant directly in the database, with no caller:",
      "the operator's tool for the first key and for recovery. It prints the key once.",
      "  --name NAME       the new key's name",
      "  --role ROLE       the new key's role");

  /** A command line that cannot be run; its message says why. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Parses a command line without looking at the environment. */
  static Options parse(String... args) throws UsageException {
    return parse(Map.of(), args);
  }

  /**
   * Parses a command line; {@value #ADMIN_KEY_VARIABLE} in {@code environment} gives the admin key
   * when {@code --admin-key} does not.
   */
  static Options parse(Map<String, String> environment, String... args) throws UsageException {
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    Command command = Command.SERVE;
    if (!rest.isEmpty() && !rest.peek().startsWith("-")) {
      String word = rest.pop();
      switch (word) {
        case "serve" -> command = Command.SERVE;
        case "create-key" -> command = Command.CREATE_KEY;
        default -> throw new UsageException("unknown command '" + word + "'");
      }
    }
    String host = "127.0.0.1";
    int port = 8080;
    String jdbcUrl = null;
    boolean memory = false;
    boolean cache = true;
    String tenant = "demo";
    UUID adminKey = null;
    String keyName = null;
    String keyRole = null;
    Integer metricsPort = null;
    while (!rest.isEmpty()) {
      String option = rest.pop();
      switch (option) {
        case "--help", "-h" -> command = Command.HELP;
        case "--port" -> port = port(value(option, rest));
        case "--metrics-port" -> metricsPort = port(value(option, rest), option);
        case "--host" -> host = value(option, rest);
        case "--jdbc-url" -> jdbcUrl = value(option, rest);
        case "--memory" -> memory = true;
        case "--no-cache" -> cache = false;
        case "--tenant" -> tenant = value(option, rest);
        case "--admin-key" -> adminKey = adminKey(value(option, rest), "--admin-key");
        case "--name" -> keyName = value(option, rest);
        case "--role" -> keyRole = value(option, rest);
        default -> throw new UsageException("unknown option '" + option + "'");
      }
    }
    if (command == Command.HELP) {
      return new Options(command, host, port, jdbcUrl, memory, cache, tenant, adminKey, keyName, keyRole, metricsPort);
    }
    if (memory && jdbcUrl != null) {
      throw new UsageException("--memory and --jdbc-url exclude each other");
    }
    if (tenant.isBlank()) {
      throw new UsageException("--tenant must not be blank");
    }
    if (command == Command.CREATE_KEY) {
      if (keyName == null || keyRole == null) {
        throw new UsageException("create-key needs --name and --role");
      }
      if (memory) {
        throw new UsageException("create-key acts on a database: --memory makes no sense with it");
      }
    } else if (keyName != null || keyRole != null) {
      throw new UsageException("--name and --role belong to create-key");
    }
    if (!memory && jdbcUrl == null) {
      jdbcUrl = DEFAULT_JDBC_URL;
    }
    String fromEnvironment = environment.get(ADMIN_KEY_VARIABLE);
    if (adminKey == null && command == Command.SERVE && fromEnvironment != null && !fromEnvironment.isBlank()) {
      adminKey = adminKey(fromEnvironment.strip(), ADMIN_KEY_VARIABLE);
    }
    if (metricsPort != null && command != Command.SERVE) {
      throw new UsageException("--metrics-port belongs to serve");
    }
    return new Options(command, host, port, jdbcUrl, memory, cache, tenant, adminKey, keyName, keyRole, metricsPort);
  }

  private static String value(String option, Deque<String> rest) throws UsageException {
    if (rest.isEmpty() || rest.peek().startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return rest.pop();
  }

  private static int port(String text) throws UsageException {
    return port(text, "--port");
  }

  private static int port(String text, String option) throws UsageException {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " takes a number from 0 to 65535, not '" + text + "'");
    }
  }

  /**
   * An admin key as the library makes keys: a random UUID (version 4, IETF variant), in canonical
   * form. Anything else, such as the all-zero UUID, would be a key anyone could guess.
   */
  private static UUID adminKey(String text, String source) throws UsageException {
    String lower = text.toLowerCase(Locale.ROOT);
    try {
      UUID uuid = UUID.fromString(lower);
      if (uuid.toString().equals(lower) && uuid.version() == 4 && uuid.variant() == 2) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // reported below, without the value: it may be a secret with a typo
    }
    throw new UsageException(source + " takes a random (version 4) UUID such as 123e4567-e89b-42d3-a456-426614174000;"
        + " make one with: cat /proc/sys/kernel/random/uuid");
  }

  /** Never shows the admin key. */
  @Override
  public String toString() {
    return "Options[" + command + " " + host + ":" + port + (memory ? " memory" : " " + jdbcUrl) + " tenant=" + tenant
        + (adminKey != null ? " admin-key=<redacted>" : "") + "]";
  }
}
