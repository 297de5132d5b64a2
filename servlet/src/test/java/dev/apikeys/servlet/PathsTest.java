package dev.apikeys.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Format;
import dev.apikeys.codecs.Tenants;
import dev.apikeys.core.spi.StoredApikey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the servlet can be mapped, and names that hold {@code /} or {@code \}: what Jetty does with
 * them by default, and the one setting that lets them through to the library.
 */
class PathsTest {
  private final Tenants tenants = new Tenants();

  /** Answers with the target the library's servlet would hand its endpoint, for a request mapped as it is. */
  static final class TargetServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write(ServletExchange.target(request).getBytes(UTF_8));
    }
  }

  private HttpResponse<byte[]> create(URI collection, String name) {
    return Http.send(Http.request(collection, Format.JSON, tenants.admin)
        .POST(HttpRequest.BodyPublishers.ofByteArray(Format.JSON.write(Map.of("name", name, "role", "viewer")))).build());
  }

  private HttpResponse<byte[]> revoke(URI collection, String rawName) {
    return Http.send(Http.request(URI.create(collection + "/" + rawName), Format.JSON, tenants.admin).DELETE().build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/*"})
  void servesTheLibrarysPathsWhenMappedAtTheWholeContext(String mapping) throws Exception {
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").mappings(mapping).start()) {
      URI collection = host.uri(ApikeyEndpoint.PATH);

      assertThat(create(collection, "ci").statusCode()).isEqualTo(200);
      assertThat(revoke(collection, "ci").statusCode()).isEqualTo(200);
      assertThat(Http.send(Http.request(host.uri("/other"), Format.JSON, tenants.admin).GET().build()).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void servesTheCollectionAtTheMappingsPrefix() throws Exception {
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").mappings("/admin/keys/*").start()) {
      URI collection = host.uri("/admin/keys");

      assertThat(create(collection, "ci").statusCode()).isEqualTo(200);
      assertThat(Http.send(Http.request(collection, Format.JSON, tenants.admin).GET().build()).statusCode()).isEqualTo(200);
      assertThat(revoke(collection, "ci").statusCode()).isEqualTo(200);
      assertThat(Http.send(Http.request(URI.create(host.uri("/admin/keys") + "/a/b"), Format.JSON, tenants.admin).DELETE().build())
          .statusCode()).isEqualTo(404);
    }
  }

  @Test
  void takesTheRawPathAfterAPrefixSentPercentEncoded() throws Exception {
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").mappings("/api/v1/apikeys/*")
        .servlet(new TargetServlet(), "/echo/*").start()) {
      assertThat(create(host.uri(ApikeyEndpoint.PATH), "ci").statusCode()).isEqualTo(200);

      assertThat(revoke(host.uri("/api/v1/api%6Beys"), "ci").statusCode()).isEqualTo(200);
      HttpResponse<byte[]> echoed = Http.send(Http.request(host.uri("/%65cho/a%20b?limit=2&after=x%2By"), Format.JSON, null).GET().build());
      assertThat(new String(echoed.body(), UTF_8)).isEqualTo("/api/v1/apikeys/a%20b?limit=2&after=x%2By");
    }
  }

  @Test
  void jettyRefusesANameWithAnEncodedSlashByDefault() throws Exception {
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").start()) {
      URI collection = host.uri(ApikeyEndpoint.PATH);
      assertThat(create(collection, "deploy/ci").statusCode()).isEqualTo(200);

      assertThat(revoke(collection, "deploy%2Fci").statusCode()).isEqualTo(400);
      assertThat(tenants.store.list(Tenants.ACME)).extracting(StoredApikey::name).contains("deploy/ci");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/ci", "deploy\\ci", "a/b\\c/"})
  void revokesANameWithASlashOrBackslashWithTheDocumentedSetting(String name) throws Exception {
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").ambiguousSeparators().start()) {
      URI collection = host.uri(ApikeyEndpoint.PATH);
      assertThat(create(collection, name).statusCode()).isEqualTo(200);
      String raw = name.replace("/", "%2F").replace("\\", "%5C");

      HttpResponse<byte[]> revoked = revoke(collection, raw);

      assertThat(revoked.statusCode()).as(new String(revoked.body(), UTF_8)).isEqualTo(200);
      assertThat(Format.JSON.read(revoked.body())).containsEntry("name", name);
      assertThat(tenants.store.list(Tenants.ACME)).extracting(StoredApikey::name).doesNotContain(name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ci", "deploy/ci", "deploy\\ci"})
  void rotatesANameUnderAContextPathWithTheDocumentedSetting(String name) throws Exception {
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").ambiguousSeparators().start()) {
      URI collection = host.uri(ApikeyEndpoint.PATH);
      assertThat(create(collection, name).statusCode()).isEqualTo(200);
      String raw = name.replace("/", "%2F").replace("\\", "%5C");

      HttpResponse<byte[]> rotated = Http.send(Http.request(URI.create(collection + "/" + raw + "/rotate"), Format.JSON, tenants.admin)
          .POST(HttpRequest.BodyPublishers.ofByteArray(Format.JSON.write(Map.of("grace-seconds", 60)))).build());

      assertThat(rotated.statusCode()).as(new String(rotated.body(), UTF_8)).isEqualTo(200);
      assertThat(Format.JSON.read(rotated.body())).containsEntry("name", name).containsKey("previous-key-expires-at");
      assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(tenants.store.findByName(Tenants.ACME, name)).get().extracting(StoredApikey::previous).isNotNull();
    }
  }

  @Test
  void handsTheEndpointARouteBelowANameAsOneNameSegmentAndTheRest() throws Exception {
    // POST /api/v1/apikeys/{name}/rotate: the servlet hands the raw path on, so the endpoint's routes need nothing of it.
    try (JettyHost host = JettyHost.builder(tenants.endpoint()).contextPath("/ctx").ambiguousSeparators()
        .servlet(new TargetServlet(), "/api/v1/apikeys/*").mappings().start()) {
      HttpResponse<byte[]> echoed = Http.send(Http.request(host.uri("/api/v1/apikeys/deploy%2Fci%5Cx/rotate"), Format.JSON, null)
          .POST(HttpRequest.BodyPublishers.noBody()).build());

      assertThat(new String(echoed.body(), UTF_8)).isEqualTo("/api/v1/apikeys/deploy%2Fci%5Cx/rotate");
    }
  }
}
