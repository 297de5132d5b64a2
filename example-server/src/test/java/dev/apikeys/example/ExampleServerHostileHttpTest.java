package dev.apikeys.example;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.Codec;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.testsupport.Printable;
import dev.apikeys.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example server attacked over raw HTTP/1.1: every failure row of the behaviour table in all
 * four formats; headers past the JDK server's own limits; odd bytes in the tenant and key headers;
 * bodies that trickle, never end or claim to be huge. The server answers each as the table says or,
 * past the JDK's limits, closes the connection without an answer, and keeps serving.
 *
 * <p>The JDK server's limits (17.0.15 here; system properties read once, when the first server
 * of the JVM is made): {@code sun.net.httpserver.maxReqHeaderSize}, 389,120 bytes (380 KiB) of
 * request line and headers, 32 counted for each header line; {@code sun.net.httpserver.maxReqHeaders}, 200 header lines; past either
 * it closes the connection without a status. {@code sun.net.httpserver.drainAmount}: after an
 * answer, at most 64 KiB of an unread body are drained before the connection is closed.
 * {@code sun.net.httpserver.maxReqTime}: how long a request may take to arrive (see {@link
 * ExampleServerSlowClientsTest}).
 */
class ExampleServerHostileHttpTest {
  static ExampleServer server;
  static String admin;
  static String operator;
  static String viewer;
  static String otherTenant;

  @BeforeAll
  static void start() throws Exception {
    server = ExampleServer.start(Options.parse("--port", "0", "--memory"));
    admin = server.bootstrap().newKey().toString();
    CreatedApikey op = server.service().createBootstrapKey("demo", new ApikeyRequest("ops", "operator"));
    CreatedApikey view = server.service().createBootstrapKey("demo", new ApikeyRequest("dashboard", "viewer"));
    CreatedApikey other = server.service().createBootstrapKey("elsewhere", new ApikeyRequest("root", "admin"));
    operator = op.key().toString();
    viewer = view.key().toString();
    otherTenant = other.key().toString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RawHttp.Response post(String contentType, String tenant, String key, byte[] body, String... more) throws IOException {
    List<String> lines = new ArrayList<>();
    if (contentType != null) {
      lines.add("Content-Type: " + contentType);
      lines.add("Accept: " + contentType);
    }
    if (tenant != null) {
      lines.add("x-bytebeam-tenant: " + tenant);
    }
    if (key != null) {
      lines.add("x-bytebeam-api-key: " + key);
    }
    lines.add("Content-Length: " + body.length);
    lines.addAll(List.of(more));
    return RawHttp.exchange(server.port(), RawHttp.head(lines.toArray(String[]::new)), body);
  }

  // --- every failure row, every format ------------------------------------------------------------

  /** The four formats on the wire: a valid body, and a body for each way the behaviour table says a body is malformed. */
  enum Wire {
    JSON("application/json"),
    TRANSIT_JSON("application/transit+json"),
    TRANSIT_MSGPACK("application/transit+msgpack"),
    EDN("application/edn");

    final String type;

    Wire(String type) {
      this.type = type;
    }

    byte[] body(String name, String role) {
      return ExampleServerEndToEndTest.body(codec(), name, role);
    }

    Codec codec() {
      return Codec.all().get(ordinal());
    }

    /** Situation → body, for every malformation of the behaviour table this format can have. */
    Map<String, byte[]> malformed() {
      return switch (this) {
        case JSON -> Map.of(
            "syntax error", text("{\"name\": ci, \"role\": \"viewer\"}"),
            "truncated", text("{\"name\":\"ci\",\"role\":\"vie"),
            "trailing data", text("{\"name\":\"ci\",\"role\":\"viewer\"} {}"),
            "invalid UTF-8", bytes("{\"name\":\"c", "ff", "\",\"role\":\"viewer\"}"),
            "duplicate map key", text("{\"name\":\"a\",\"role\":\"viewer\",\"name\":\"b\"}"),
            "nesting too deep", text("{\"name\":" + "[".repeat(40) + "]".repeat(40) + "}"),
            "not a map", text("[\"ci\",\"viewer\"]"),
            "empty", new byte[0]);
        case TRANSIT_JSON -> Map.of(
            "syntax error", text("[\"^ \",\"~:name\",ci]"),
            "truncated", text("[\"^ \",\"~:name\",\"ci\",\"~:role\",\"vie"),
            "trailing data", text("[\"^ \",\"~:name\",\"ci\"] []"),
            "invalid UTF-8", bytes("[\"^ \",\"~:name\",\"c", "ff", "\"]"),
            "duplicate map key", text("[\"^ \",\"~:name\",\"a\",\"name\",\"b\"]"),
            "unknown tag", text("[\"^ \",\"~:name\",[\"~#point\",[1,2]]]"),
            "undefined cache reference", text("[\"^ \",\"^0\",\"x\"]"),
            "nesting too deep", text("[\"^ \",\"~:name\"," + "[".repeat(40) + "]".repeat(40) + "]"),
            "not a map", text("[\"~#'\",\"ci\"]"),
            "symbol", text("[\"^ \",\"~:name\",\"~$ci\"]"));
        case TRANSIT_MSGPACK -> Map.of(
            "syntax error", hex("81 a6 7e3a6e616d65 c1"),
            "truncated", hex("82 a6 7e3a6e616d65 a2 6369 a6 7e3a726f6c65 a6 7669"),
            "trailing data", hex("81 a6 7e3a6e616d65 a2 6369 c0"),
            "invalid UTF-8", hex("81 a6 7e3a6e616d65 a2 63ff"),
            "duplicate map key", hex("82 a6 7e3a6e616d65 a1 61 a4 6e616d65 a1 62"),
            "unknown tag", hex("81 a6 7e3a6e616d65 92 a7 7e23706f696e74 92 01 02"),
            "undefined cache reference", hex("81 a2 5e30 a1 78"),
            "nesting too deep", bytes("", "81 a6 7e3a6e616d65" + " 91".repeat(40) + " 90", ""),
            "not a map", hex("92 a2 6369 a6 766965776572"),
            "empty", new byte[0]);
        case EDN -> Map.of(
            "syntax error", text("{:name \"ci\" :role}"),
            "truncated", text("{:name \"ci\" :role \"vie"),
            "trailing data", text("{:name \"ci\" :role \"viewer\"} {}"),
            "invalid UTF-8", bytes("{:name \"c", "ff", "\"}"),
            "duplicate map key", text("{:name \"a\" \"name\" \"b\"}"),
            "unknown tag", text("{:name #acme/name \"ci\"}"),
            "nesting too deep", text("{:name " + "[".repeat(40) + "]".repeat(40) + "}"),
            "not a map", text("[\"ci\" \"viewer\"]"),
            "symbol", text("{:name ci :role \"viewer\"}"),
            "empty", new byte[0]);
      };
    }
  }

  static Stream<Arguments> failureRows() {
    List<Arguments> rows = new ArrayList<>();
    for (Wire w : Wire.values()) {
      String t = w.type;
      w.malformed().forEach((situation, body) -> rows.add(Arguments.of(w, "malformed: " + situation, t, "demo", admin, body, 400,
          "malformed-body")));
      rows.add(Arguments.of(w, "invalid: missing field", t, "demo", admin, fields(w, "{\"role\":\"viewer\"}"), 400, "invalid-request"));
      rows.add(Arguments.of(w, "invalid: extra field", t, "demo", admin, fields(w, "{\"name\":\"x\",\"role\":\"viewer\",\"ttl\":\"1d\"}"),
          400, "invalid-request"));
      rows.add(Arguments.of(w, "invalid: wrong type", t, "demo", admin, fields(w, "{\"name\":42,\"role\":\"viewer\"}"), 400,
          "invalid-request"));
      rows.add(Arguments.of(w, "invalid: null", t, "demo", admin, fields(w, "{\"name\":null,\"role\":\"viewer\"}"), 400,
          "invalid-request"));
      rows.add(Arguments.of(w, "invalid: bad name", t, "demo", admin, w.body(" x", "viewer"), 400, "invalid-request"));
      rows.add(Arguments.of(w, "invalid: unknown role", t, "demo", admin, w.body("x", "root"), 400, "invalid-request"));
      byte[] valid = w.body("row-" + w.ordinal(), "viewer");
      rows.add(Arguments.of(w, "401: no key", t, "demo", null, valid, 401, "unauthenticated"));
      rows.add(Arguments.of(w, "401: no tenant", t, null, admin, valid, 401, "unauthenticated"));
      rows.add(Arguments.of(w, "401: unknown key", t, "demo", UUID.randomUUID().toString(), valid, 401, "unauthenticated"));
      rows.add(Arguments.of(w, "401: 1-1-1-1-1", t, "demo", "1-1-1-1-1", valid, 401, "unauthenticated"));
      rows.add(Arguments.of(w, "401: unknown tenant", t, "initech", admin, valid, 401, "unauthenticated"));
      rows.add(Arguments.of(w, "401: key of another tenant", t, "demo", otherTenant, valid, 401, "unauthenticated"));
      rows.add(Arguments.of(w, "403: role may not create", t, "demo", viewer, valid, 403, "forbidden"));
      rows.add(Arguments.of(w, "403: may not grant the role", t, "demo", operator, w.body("boss-" + w.ordinal(), "admin"), 403,
          "forbidden"));
      rows.add(Arguments.of(w, "409: name taken", t, "demo", admin, w.body("ops", "viewer"), 409, "name-taken"));
      rows.add(Arguments.of(w, "413: body over 64 KiB", t, "demo", admin, new byte[64 * 1024 + 1], 413, "body-too-large"));
      rows.add(Arguments.of(w, "415: charset latin1", t + "; charset=iso-8859-1", "demo", admin, valid, 415, "unsupported-media-type"));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("failureRows")
  void everyFailureRowOfTheBehaviourTableInEveryFormat(Wire wire, String situation, String contentType, String tenant, String key,
      byte[] body, int status, String code) throws Exception {
    List<String> lines = new ArrayList<>(List.of("Content-Type: " + contentType, "Accept: " + wire.type));
    if (tenant != null) {
      lines.add("x-bytebeam-tenant: " + tenant);
    }
    if (key != null) {
      lines.add("x-bytebeam-api-key: " + key);
    }
    lines.add("Content-Length: " + body.length);
    RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.head(lines.toArray(String[]::new)), body);

    assertThat(r.status()).as(situation).isEqualTo(status);
    assertThat(r.header("content-type")).isEqualTo(wire.codec().contentType());
    assertThat(r.header("cache-control")).isEqualTo("no-store");
    assertThat(wire.codec().decode(r.body())).containsEntry("error", code);
  }

  @Test
  void theRowsWithoutABodyFormat406404And405AnswerInTheDefaultFormat() throws Exception {
    byte[] valid = Wire.JSON.body("x406", "viewer");
    RawHttp.Response notAcceptable = RawHttp.exchange(server.port(), RawHttp.head("Content-Type: application/json",
        "Accept: text/html", "x-bytebeam-tenant: demo", "x-bytebeam-api-key: " + admin, "Content-Length: " + valid.length), valid);
    assertThat(notAcceptable.status()).isEqualTo(406);
    RawHttp.Response missingType = post(null, "demo", admin, valid);
    assertThat(missingType.status()).isEqualTo(415);
    for (String method : List.of("PUT", "PATCH")) {
      byte[] head = ("%s /api/v1/apikeys HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".formatted(method))
          .getBytes(ISO_8859_1);
      RawHttp.Response r = RawHttp.exchange(server.port(), head, new byte[0]);
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("allow")).contains("POST");
    }
    byte[] head = "POST /api/v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".getBytes(ISO_8859_1);
    assertThat(RawHttp.exchange(server.port(), head, new byte[0]).status()).isEqualTo(404);
  }

  // --- the one 401 over HTTP ----------------------------------------------------------------------

  /**
   * Every control byte, DEL, and a sample of the upper half (NEL and NBSP among them), at either end or in the middle of the
   * tenant and of the key. The JDK server trims what {@code String.trim()} trims (every byte up to
   * 0x20) from both ends of a header value, so such a byte at an end leaves the plain value, which
   * authenticates; anywhere else, and for every byte from 0x7f up, it is the one 401.
   */
  @Test
  void everyOddByteInTheTenantOrKeyHeaderGetsTheOne401UnlessTheJdkTrimsItAway() throws Exception {
    byte[] the401 = post("application/json", "demo", null, Wire.JSON.body("x", "viewer")).body();
    int refused = 0;
    int trimmed = 0;
    for (int b = 0; b < 256; b++) {
      if (b == '\r' || b == '\n' || (b >= 0x20 && b < 0x7f) || (b > 0x80 && b % 8 != 0 && b != 0x85 && b != 0xa0 && b != 0xff)) {
        continue; // CR and LF end a header line; printable ASCII is no odd byte; of the upper half, a sample
      }
      String c = String.valueOf((char) b);
      boolean trimmable = b < 0x20;
      List<Object[]> cases = List.of(
          new Object[] {"demo" + c, admin, trimmable}, new Object[] {c + "demo", admin, trimmable},
          new Object[] {"de" + c + "mo", admin, false}, new Object[] {"demo", admin + c, trimmable},
          new Object[] {"demo", c + admin, trimmable}, new Object[] {"demo", admin.substring(0, 18) + c + admin.substring(19), false});
      for (Object[] k : cases) {
        RawHttp.Response r = post("application/json", (String) k[0], (String) k[1], Wire.JSON.body("odd-" + b + "-" + trimmed, "viewer"));
        if ((Boolean) k[2]) {
          assertThat(r.status()).as("byte 0x%02x at an end, trimmed by the JDK", b).isEqualTo(200);
          trimmed++;
        } else {
          assertThat(r.status()).as("byte 0x%02x in %s / %s", b, Printable.of((String) k[0]), Printable.of((String) k[1])).isEqualTo(401);
          assertThat(r.body()).isEqualTo(the401);
          refused++;
        }
      }
    }
    System.out.printf("odd bytes in the tenant and key headers: %d requests answered with the one 401, %d trimmed by the JDK server%n",
        refused, trimmed);
    assertThat(post("application/json", "demo", admin, Wire.JSON.body("still-serving", "viewer")).status()).isEqualTo(200);
  }

  /**
   * The JDK server ends a header line at a bare CR or LF (not only at CR LF) and joins an obs-fold
   * continuation line to the value with a space. A client can thus smuggle header lines past a proxy
   * that reads them otherwise. The endpoint's rule that a header sent twice is one value joined by
   * {@code ", "} makes a smuggled second key or tenant fail to authenticate instead of overriding the
   * one the proxy set.
   */
  @Test
  void smuggledOrFoldedCredentialsNeverAuthenticate() throws Exception {
    byte[] valid = Wire.JSON.body("smuggled", "viewer");
    String unknown = UUID.randomUUID().toString();
    List<byte[]> heads = List.of(
        // obs-fold: "de" + " mo" is the tenant "de mo"
        RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: de", " mo", "x-bytebeam-api-key: " + admin,
            "Content-Length: " + valid.length),
        // a second key smuggled after a bare CR in another header, beside the key a proxy set
        RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo", "x-bytebeam-api-key: " + admin,
            "x-forwarded-for: 10.0.0.1\rx-bytebeam-api-key: " + unknown, "Content-Length: " + valid.length),
        // the same after a bare LF
        RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo", "x-bytebeam-api-key: " + admin,
            "x-forwarded-for: 10.0.0.1\nx-bytebeam-api-key: " + admin, "Content-Length: " + valid.length),
        // a second tenant smuggled beside the tenant a proxy set
        RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo", "x-bytebeam-api-key: " + admin,
            "x-forwarded-for: 10.0.0.1\rx-bytebeam-tenant: elsewhere", "Content-Length: " + valid.length),
        // the key sent twice, the tenant sent twice
        RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo", "x-bytebeam-api-key: " + admin,
            "x-bytebeam-api-key: " + admin, "Content-Length: " + valid.length),
        RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo", "x-bytebeam-tenant: demo",
            "x-bytebeam-api-key: " + admin, "Content-Length: " + valid.length));
    for (byte[] head : heads) {
      RawHttp.Response r = RawHttp.exchange(server.port(), head, valid);
      assertThat(r.status()).as(Printable.of(new String(head, ISO_8859_1))).isEqualTo(401);
    }
    assertThat(post("application/json", "demo", admin, Wire.JSON.body("after-smuggling", "viewer")).status()).isEqualTo(200);
  }

  // --- oversized headers ------------------------------------------------------------------------

  @Test
  void headersUpToTheJdkLimitAreAnsweredAndPastItTheConnectionIsClosedWithoutAnAnswer() throws Exception {
    byte[] valid = Wire.JSON.body("big-headers", "viewer");
    // A 100,000-character tenant: the endpoint's limit is 256, so the one 401.
    RawHttp.Response longTenant = post("application/json", "d".repeat(100_000), admin, valid);
    assertThat(longTenant.status()).isEqualTo(401);
    assertThat(longTenant.body()).isEqualTo(post("application/json", "demo", null, valid).body());
    // A 1 MB key: 401.
    assertThat(post("application/json", "demo", "k".repeat(1_000_000 / 2), valid).status()).isIn(0, 401);
    // 370 KiB of other headers beside a valid request: answered.
    RawHttp.Response justUnder = post("application/json", "demo", admin, valid, "x-padding: " + "p".repeat(370 * 1024));
    assertThat(justUnder.status()).isEqualTo(200);
    // Past 380 KiB: closed, no answer, nothing created.
    RawHttp.Response over = post("application/json", "demo", admin, Wire.JSON.body("over-limit", "viewer"),
        "x-padding: " + "p".repeat(400 * 1024));
    assertThat(over).isEqualTo(RawHttp.CLOSED);
    // 199 headers besides Host, Connection, and the request's: past 200 lines, closed.
    String[] many = new String[199];
    for (int i = 0; i < many.length; i++) {
      many[i] = "x-h" + i + ": v";
    }
    assertThat(post("application/json", "demo", admin, Wire.JSON.body("many-headers", "viewer"), many)).isEqualTo(RawHttp.CLOSED);
    assertThat(post("application/json", "demo", admin, Wire.JSON.body("few-headers", "viewer"), java.util.Arrays.copyOf(many, 150))
        .status()).isEqualTo(200);
    assertThat(server.service().listAll(server.service().authenticate("demo", admin)))
        .extracting(k -> k.name()).doesNotContain("over-limit", "many-headers");
  }

  // --- bodies -------------------------------------------------------------------------------------

  @Test
  void aBodyThatTricklesInIsReadWholeAndAnswered() throws Exception {
    byte[] body = Wire.EDN.body("trickled", "viewer");
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(RawHttp.head("Content-Type: application/edn", "Accept: application/edn", "x-bytebeam-tenant: demo",
          "x-bytebeam-api-key: " + admin, "Content-Length: " + body.length));
      for (byte b : body) {
        out.write(b);
        out.flush();
        Thread.sleep(10);
      }
      RawHttp.Response r = RawHttp.read(socket.getInputStream());
      assertThat(r.status()).isEqualTo(200);
      assertThat(Codec.edn().decode(r.body())).containsEntry("name", "trickled");
    }
  }

  @Test
  void aHugeContentLengthIsRefusedBeforeAnyOfTheBodyIsSent() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo",
          "x-bytebeam-api-key: " + admin, "Content-Length: 1000000000000"));
      RawHttp.Response r = RawHttp.read(socket.getInputStream());
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("connection")).isEqualTo("close");
    }
  }

  @Test
  void anEndlessChunkedBodyIsAnswered413AndTheConnectionClosedWhileTheClientIsStillSending() throws Exception {
    AtomicLong sent = new AtomicLong();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(RawHttp.head("Content-Type: application/json", "x-bytebeam-tenant: demo", "x-bytebeam-api-key: " + admin,
          "Transfer-Encoding: chunked"));
      byte[] chunk = ("4000\r\n" + " ".repeat(0x4000) + "\r\n").getBytes(ISO_8859_1);
      CompletableFuture<IOException> writer = CompletableFuture.supplyAsync(() -> {
        try {
          while (sent.get() < 1L << 30) { // stops at 1 GiB if the server never stopped reading: the assertion below fails then
            out.write(chunk);
            sent.addAndGet(0x4000);
          }
          return null;
        } catch (IOException e) {
          return e;
        }
      });
      InputStream in = socket.getInputStream();
      RawHttp.Response r = RawHttp.read(in);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("connection")).isEqualTo("close");
      IOException stopped = writer.get(20, TimeUnit.SECONDS);
      assertThat(stopped).as("the server closed the connection under the writer").isNotNull();
      // What the client managed to push: the limit plus one byte read by the endpoint, the JDK's 64 KiB drain, and
      // the socket buffers of both ends on loopback; nowhere near the 1 GiB it would have sent.
      assertThat(sent.get()).isLessThan(64L * 1024 * 1024);
      System.out.printf("endless chunked body: answered 413 and cut off after the client had pushed %d KiB%n", sent.get() / 1024);
    }
    assertThat(post("application/json", "demo", admin, Wire.JSON.body("after-endless", "viewer")).status()).isEqualTo(200);
  }

  // --- helpers ------------------------------------------------------------------------------------

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  private static byte[] bytes(String before, String hex, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text(before));
    out.writeBytes(hex(hex));
    out.writeBytes(text(after));
    return out.toByteArray();
  }

  /** A request written as JSON and converted to the format (keyword keys where there are keywords). */
  private static byte[] fields(Wire wire, String json) {
    Map<String, Object> m = Codec.json().decode(text(json));
    return switch (wire) {
      case JSON -> text(json);
      case EDN -> text(json.replace("\"name\":", ":name ").replace("\"role\":", ":role ").replace("\"ttl\":", ":ttl ")
          .replace(",", " ").replace("null", "nil"));
      case TRANSIT_JSON -> {
        StringBuilder sb = new StringBuilder("[\"^ \"");
        m.forEach((k, v) -> sb.append(",\"~:").append(k).append("\",").append(v instanceof String s ? "\"" + s + "\"" : String.valueOf(v)));
        yield text(sb.append("]").toString());
      }
      case TRANSIT_MSGPACK -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | m.size());
        m.forEach((k, v) -> {
          str(out, "~:" + k);
          if (v instanceof String s) {
            str(out, s);
          } else if (v == null) {
            out.write(0xc0);
          } else {
            out.write(Integer.parseInt(v.toString())); // a positive fixint
          }
        });
        yield out.toByteArray();
      }
    };
  }

  private static void str(ByteArrayOutputStream out, String s) {
    byte[] b = text(s);
    out.write(0xa0 | b.length);
    out.writeBytes(b);
  }
}
