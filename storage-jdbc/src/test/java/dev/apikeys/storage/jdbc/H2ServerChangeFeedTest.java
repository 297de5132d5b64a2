package dev.apikeys.storage.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The polling feed on H2 in server mode: two instances over TCP, as two processes would be. */
class H2ServerChangeFeedTest extends ChangeFeedContract {
  private static Server server;

  @BeforeAll
  static void startServer() throws Exception {
    Path base = Files.createDirectories(Path.of("target", "h2-feed").toAbsolutePath());
    server = Server.createTcpServer("-tcpPort", "0", "-baseDir", base.toString(), "-ifNotExists").start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  @Override
  String jdbcUrl() {
    return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:feed;DB_CLOSE_DELAY=-1";
  }
}
