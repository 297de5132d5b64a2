package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.Codec;
import dev.apikeys.testsupport.Bytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The example server over real HTTP on a free port, on an H2 file database in a temporary folder. */
class ExampleServerEndToEndTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  ExampleServer server;
  String adminKey;
  final List<String> createdKeys = new ArrayList<>();

  String jdbcUrl() {
    return "jdbc:h2:file:" + dir.resolve("apikeys").toAbsolutePath();
  }

  ExampleServer startServer(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--jdbc-url", jdbcUrl()));
    args.addAll(List.of(extra));
    return ExampleServer.start(Options.parse(args.toArray(String[]::new)));
  }

  @BeforeEach
  void start() throws Exception {
    server = startServer();
    assertThat(server.bootstrap().newKey()).isNotNull();
    adminKey = server.bootstrap().newKey().toString();
    createdKeys.add(adminKey);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<byte[]> post(String key, String contentType, String accept, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/apikeys"))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("x-bytebeam-tenant", "demo");
    if (key != null) {
      b.header("x-bytebeam-api-key", key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static Stream<Codec> codecs() {
    return Codec.all().stream();
  }

  static Stream<Arguments> pairs() {
    return Codec.all().stream().flatMap(in -> Codec.all().stream().map(out -> Arguments.of(in, out)));
  }

  /** A request body in the codec's format, written by the library's own encoder for error maps' shape. */
  static byte[] body(Codec codec, String name, String role) {
    String mt = codec.mediaType().essence();
    return switch (mt) {
      case "application/json" -> ("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").getBytes(StandardCharsets.UTF_8);
      case "application/edn" -> ("{:name \"" + name + "\" :role \"" + role + "\"}").getBytes(StandardCharsets.UTF_8);
      case "application/transit+json" -> ("[\"^ \",\"~:name\",\"" + name + "\",\"~:role\",\"" + role + "\"]").getBytes(StandardCharsets.UTF_8);
      case "application/transit+msgpack" -> msgpackMap(name, role);
      default -> throw new IllegalArgumentException(mt);
    };
  }

  /** {"~:name" name "~:role" role} in msgpack: a fixmap of four fixstr/str8 entries. */
  static byte[] msgpackMap(String name, String role) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0x82);
    for (String s : List.of("~:name", name, "~:role", role)) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length < 32) {
        out.write(0xa0 | b.length);
      } else {
        out.write(0xd9);
        out.write(b.length);
      }
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  String keyOf(Codec codec, byte[] responseBody) {
    Object key = codec.decode(responseBody).get("key");
    String text = key.toString();
    createdKeys.add(text);
    return text;
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void createsAKeyInEveryFormat(Codec codec) throws Exception {
    HttpResponse<byte[]> r = post(adminKey, codec.contentType(), codec.contentType(), body(codec, "ci", "operator"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains(codec.contentType());
    Map<String, Object> created = codec.decode(r.body());
    assertThat(created.keySet()).containsExactly("role", "name", "key", "created-by");
    assertThat(created.get("name")).isEqualTo("ci");
    assertThat(created.get("role")).isEqualTo("operator");
    assertThat(created.get("created-by").toString()).startsWith("key:");
    String key = keyOf(codec, r.body());
    assertThat(UUID.fromString(key).version()).isEqualTo(4);

    // The new key is a caller: an operator creates a viewer.
    HttpResponse<byte[]> second = post(key, codec.contentType(), codec.contentType(), body(codec, "dashboard", "viewer"));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(codec.decode(second.body()).get("created-by")).isNotEqualTo(created.get("created-by"));
    // ... but not an admin.
    assertThat(post(key, codec.contentType(), codec.contentType(), body(codec, "boss", "admin")).statusCode()).isEqualTo(403);
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void answersInTheAcceptedFormatWhateverTheRequestFormat(Codec in, Codec out) throws Exception {
    String name = "x-" + in.mediaType().subtype() + "-" + out.mediaType().subtype();
    HttpResponse<byte[]> r = post(adminKey, in.contentType(), out.contentType(), body(in, name, "viewer"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains(out.contentType());
    assertThat(out.decode(r.body()).get("name")).isEqualTo(name);
    keyOf(out, r.body());
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void answersEveryFailureWithItsStatusAndCodeInTheAcceptedFormat(Codec codec) throws Exception {
    String ct = codec.contentType();
    byte[] valid = body(codec, "dup", "viewer");
    assertThat(post(adminKey, ct, ct, valid).statusCode()).isEqualTo(200);

    assertError(codec, post(adminKey, ct, ct, "{\"name\":".getBytes(StandardCharsets.UTF_8)), 400, "malformed-body");
    assertError(codec, post(adminKey, ct, ct, body(codec, " bad", "root")), 400, "invalid-request");
    assertError(codec, post(null, ct, ct, valid), 401, "unauthenticated");
    assertError(codec, post(UUID.randomUUID().toString(), ct, ct, valid), 401, "unauthenticated");
    assertError(codec, post(adminKey, ct, ct, body(codec, "dup", "viewer")), 409, "name-taken");
    assertError(codec, post(adminKey, "text/plain", ct, valid), 415, "unsupported-media-type");
    assertError(codec, post(adminKey, ct, ct, new byte[70 * 1024]), 413, "body-too-large");
    HttpResponse<byte[]> notAcceptable = post(adminKey, ct, "text/html", valid);
    assertThat(notAcceptable.statusCode()).isEqualTo(406);
    assertThat(Codec.json().decode(notAcceptable.body()).get("error")).isEqualTo("not-acceptable");
  }

  void assertError(Codec codec, HttpResponse<byte[]> r, int status, String code) {
    assertThat(r.statusCode()).as(code).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).contains(codec.contentType());
    Map<String, Object> error = codec.decode(r.body());
    assertThat(error.get("error")).isEqualTo(code);
    assertThat(error.get("message")).isInstanceOf(String.class);
  }

  @Test
  void everyUnauthenticatedAnswerIsByteIdentical() throws Exception {
    String ct = "application/json";
    byte[] valid = body(Codec.json(), "x", "viewer");
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(post(null, ct, ct, valid).body());
    bodies.add(post("1-1-1-1-1", ct, ct, valid).body());
    bodies.add(post(UUID.randomUUID().toString(), ct, ct, valid).body());
    bodies.add(post(adminKey.toUpperCase(Locale.ROOT).replace('-', '_'), ct, ct, valid).body());
    HttpRequest otherTenant = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/apikeys"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(valid))
        .header("x-bytebeam-tenant", "elsewhere").header("x-bytebeam-api-key", adminKey).header("Content-Type", ct).build();
    bodies.add(HTTP.send(otherTenant, HttpResponse.BodyHandlers.ofByteArray()).body());
    assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.get(0)));
  }

  @ParameterizedTest
  @MethodSource("codecs")
  void aDatabaseOutageIsStorageUnavailableAndNothingIsHalfWritten(Codec codec) throws Exception {
    String ct = codec.contentType();
    server.closeDatabase();
    assertError(codec, post(adminKey, ct, ct, body(codec, "during-outage", "viewer")), 503, "storage-unavailable");
    server.close();
    server = startServer();
    assertThat(server.service().listAll(server.service().authenticate("demo", adminKey)))
        .extracting(k -> k.name()).containsExactly("admin");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    HttpResponse<byte[]> notFound = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nope")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(notFound.statusCode()).isEqualTo(404);
    HttpResponse<byte[]> wrongMethod = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/apikeys")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).contains("GET, HEAD, POST");
  }

  @Test
  void keysSurviveARestartAndTheAdminIsKept() throws Exception {
    HttpResponse<byte[]> r = post(adminKey, "application/json", null, body(Codec.json(), "persistent", "operator"));
    String key = keyOf(Codec.json(), r.body());
    server.close();
    server = startServer();
    assertThat(server.bootstrap().newKey()).isNull();
    assertThat(server.bootstrap().existing()).isTrue();
    assertThat(post(key, "application/json", null, body(Codec.json(), "after-restart", "viewer")).statusCode()).isEqualTo(200);
    assertThat(post(adminKey, "application/json", null, body(Codec.json(), "admin-after-restart", "admin")).statusCode()).isEqualTo(200);
  }

  @Test
  void noCreatedKeyIsInTheDatabaseFilesAfterShutdown() throws Exception {
    for (Codec codec : Codec.all()) {
      keyOf(codec, post(adminKey, codec.contentType(), codec.contentType(), body(codec, "scan-" + codec.mediaType().subtype(), "viewer")).body());
    }
    server.close();
    server = null;
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      String latin1 = new String(content, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      for (String key : createdKeys) {
        UUID uuid = UUID.fromString(key);
        assertThat(latin1).as(file + " holds a key as text").doesNotContain(key.toLowerCase(Locale.ROOT));
        assertThat(latin1).as(file + " holds a key as hex").doesNotContain(key.replace("-", "").toLowerCase(Locale.ROOT));
        byte[] raw = HexFormat.of().parseHex(uuid.toString().replace("-", ""));
        assertThat(Bytes.indexOf(content, raw)).as(file + " holds a key as bytes").isEqualTo(-1);
      }
    }
    assertThat(createdKeys).hasSize(5);
  }
}
