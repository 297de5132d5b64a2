package dev.apikeys.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The load test's baseline: the example server's transport with no library behind it. The same
 * JDK {@code com.sun.net.httpserver}, the same options (Nagle off, backlog 128, a pool of {@code
 * max(8, 4 × cores)} threads), and a handler that reads the body and answers 200 with a fixed JSON
 * body the size of a created key's. {@code java -cp benchmarks.jar
 * dev.apikeys.benchmarks.LoadBaselineServer PORT}; {@code benchmarks/load/run-load.sh} runs it.
 */
public final class LoadBaselineServer {
  private static final byte[] BODY =
      "{\"role\":\"viewer\",\"name\":\"w1-1700000000-1\",\"key\":\"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\",\"created-by\":\"key:0011223344556677\"}"
          .getBytes(StandardCharsets.UTF_8);

  private LoadBaselineServer() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.readNBytes(64 * 1024 + 1);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, BODY.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(BODY);
        }
      }
    });
    server.start();
    System.out.println("baseline server listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdown();
    }));
  }
}
