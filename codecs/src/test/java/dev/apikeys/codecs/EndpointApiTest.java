package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The endpoint's small API: builder, headers, request and response values, and the order of its checks. */
class EndpointApiTest {
  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();
  private final byte[] valid = Format.JSON.write(Map.of("name", "ci", "role", "viewer"));

  // --- builder --------------------------------------------------------------------------------

  @Test
  void theBuilderFailsFastWhenAnOptionIsSetTwice() {
    assertThatThrownBy(() -> ApikeyEndpoint.builder().service(tenants.service).service(tenants.service))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("service");
    assertThatThrownBy(() -> ApikeyEndpoint.builder().maxBodyBytes(10).maxBodyBytes(10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> ApikeyEndpoint.builder().defaultMediaType(MediaType.APPLICATION_EDN).defaultMediaType(MediaType.APPLICATION_EDN))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ApikeyEndpoint.builder().errorListener(t -> { }).errorListener(t -> { }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theBuilderRefusesAMissingServiceAndImpossibleOptions() {
    assertThatThrownBy(() -> ApikeyEndpoint.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ApikeyEndpoint.builder().maxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApikeyEndpoint.builder().maxBodyBytes(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApikeyEndpoint.builder().defaultMediaType(MediaType.parse("text/html")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApikeyEndpoint.builder().service(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void answersInTheConfiguredDefaultFormatWhenAcceptIsAbsent() {
    ApikeyEndpoint edn = ApikeyEndpoint.builder().service(tenants.service).defaultMediaType(MediaType.APPLICATION_EDN).build();

    EndpointResponse response = edn.handle(Requests.post(Format.JSON).as(tenants.admin).without("Accept").body(valid).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/edn; charset=utf-8");
  }

  // --- headers --------------------------------------------------------------------------------

  @Test
  void headersAreLookedUpCaseInsensitivelyAndSeveralLinesAreJoined() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("Accept", List.of("application/edn;q=0.5", "application/json"));
    map.put("ACCEPT", List.of("text/html"));
    map.put("X-ByteBeam-Tenant", List.of("acme"));
    map.put("empty", List.of());
    Headers headers = Headers.of(map);

    assertThat(headers.get("accept")).isEqualTo("application/edn;q=0.5, application/json, text/html");
    assertThat(headers.get("x-bytebeam-tenant")).isEqualTo("acme");
    assertThat(headers.get("empty")).isNull();
    assertThat(headers.get("absent")).isNull();
    assertThat(Headers.none().get("accept")).isNull();
  }

  @Test
  void aKeySentTwiceDoesNotAuthenticate() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("content-type", List.of("application/json"));
    map.put(ApikeyEndpoint.TENANT_HEADER, List.of(Tenants.ACME));
    map.put(ApikeyEndpoint.API_KEY_HEADER, List.of(tenants.admin.key().toString(), tenants.admin.key().toString()));

    assertThat(endpoint.handle(EndpointRequest.of("POST", ApikeyEndpoint.PATH, Headers.of(map), valid)).status()).isEqualTo(401);
  }

  // --- values ---------------------------------------------------------------------------------

  @Test
  void aResponseNeverShowsItsBodyAndCopiesIt() {
    EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(tenants.admin).body(valid).build());
    String key = Format.JSON.read(response.body()).get("key").toString();

    assertThat(response.toString()).doesNotContain(key).contains("status=200", "bytes");
    byte[] body = response.body();
    body[0] = 'X';
    assertThat(response.body()[0]).isEqualTo((byte) '{');
    assertThat(response).isEqualTo(new EndpointResponse(200, response.contentType(), response.body()));
    assertThat(response.hashCode()).isEqualTo(new EndpointResponse(200, response.contentType(), response.body()).hashCode());
    assertThat(response.allow()).isEmpty();
  }

  @Test
  void aRequestShowsMethodAndPathOnly() {
    EndpointRequest request = Requests.post(Format.JSON).as(tenants.admin).body(valid).build();

    assertThat(request).hasToString("EndpointRequest[POST /api/v1/apikeys]");
    assertThat(request.headers().get(ApikeyEndpoint.API_KEY_HEADER)).isEqualTo(tenants.admin.key().toString());
  }

  @Test
  void aRequestNeverShowsItsQuery() {
    EndpointRequest request = EndpointRequest.of("GET", ApikeyEndpoint.PATH + "?api_key=" + tenants.admin.key(), Headers.none());

    assertThat(request).hasToString("EndpointRequest[GET /api/v1/apikeys]");
    assertThat(request.path()).isEqualTo(ApikeyEndpoint.PATH + "?api_key=" + tenants.admin.key());
  }

  @Test
  void aResponseCarriesAllowOnlyWhereGivenAndComparesIt() {
    EndpointResponse plain = new EndpointResponse(405, "application/json", new byte[] {'{', '}'});
    EndpointResponse allowing = new EndpointResponse(405, "application/json", new byte[] {'{', '}'}, Optional.of("DELETE"));

    assertThat(plain.allow()).isEmpty();
    assertThat(allowing.allow()).contains("DELETE");
    assertThat(allowing).isNotEqualTo(plain).isEqualTo(new EndpointResponse(405, "application/json", new byte[] {'{', '}'},
        Optional.of("DELETE")));
    assertThat(allowing.hashCode()).isNotEqualTo(plain.hashCode());
    assertThat(allowing).hasToString("EndpointResponse[status=405, contentType=application/json, body=2 bytes, allow=DELETE]");
    assertThatThrownBy(() -> new EndpointResponse(405, "application/json", new byte[0], null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theEndpointShowsNoSecret() {
    assertThat(endpoint.toString()).contains("maxBodyBytes=65536").doesNotContain(tenants.admin.key().toString());
  }

  // --- order of checks ------------------------------------------------------------------------

  @Test
  void checksPathThenMethodThenAccept() {
    EndpointRequest wrongEverything = Requests.post(Format.JSON).path("/x").method("PUT").header("Accept", "text/html")
        .without("Content-Type").build();

    assertThat(endpoint.handle(wrongEverything).status()).isEqualTo(404);
    assertThat(endpoint.handle(Requests.post(Format.JSON).method("PUT").header("Accept", "text/html").build()).status()).isEqualTo(405);
    assertThat(endpoint.handle(Requests.post(Format.JSON).header("Accept", "text/html").build()).status()).isEqualTo(406);
  }

  @Test
  void checksTheMethodPerPath() {
    assertThat(endpoint.handle(Requests.get(Format.JSON).header("Accept", "text/html").build()).status()).isEqualTo(406);
    assertThat(endpoint.handle(Requests.delete(Format.JSON, "x").header("Accept", "text/html").build()).status()).isEqualTo(406);
    assertThat(endpoint.handle(Requests.delete(Format.JSON, "x").method("POST").header("Accept", "text/html").build()).allow())
        .contains("DELETE");
    assertThat(endpoint.handle(Requests.get(Format.JSON).method("DELETE").header("Accept", "text/html").build()).allow())
        .contains("GET, HEAD, POST");
  }

  @Test
  void checksAcceptBeforeAuthenticationAndAuthenticationBeforeContentType() {
    assertThat(endpoint.handle(Requests.post(Format.JSON).header("Accept", "text/html").build()).status()).isEqualTo(406);
    assertThat(endpoint.handle(Requests.post(Format.JSON).header("Content-Type", "text/plain").build()).status()).isEqualTo(401);
  }

  @Test
  void neverReadsTheBodyOfAnUnauthenticatedCallerOrOfAnUnsupportedMediaType() {
    AtomicBoolean read = new AtomicBoolean();
    InputStream watched = new InputStream() {
      @Override
      public int read() {
        read.set(true);
        return -1;
      }
    };

    EndpointResponse unauthenticated = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH,
        Requests.post(Format.JSON).build().headers(), watched));
    EndpointResponse unsupported = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH,
        Requests.post(Format.JSON).as(tenants.admin).header("Content-Type", "text/plain").build().headers(), watched));

    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unsupported.status()).isEqualTo(415);
    assertThat(read).isFalse();
  }

  @Test
  void checksTheSizeBeforeDecoding() {
    ApikeyEndpoint small = ApikeyEndpoint.builder().service(tenants.service).maxBodyBytes(4).build();

    assertThat(small.handle(Requests.post(Format.JSON).as(tenants.admin).body("not json at all".getBytes(UTF_8)).build()).status())
        .isEqualTo(413);
  }

  @Test
  void decodesBeforeTheServiceValidates() {
    assertThat(Format.JSON.read(endpoint.handle(Requests.post(Format.JSON).as(tenants.viewer)
        .body("{\"name\":1".getBytes(UTF_8)).build()).body()).get("error")).isEqualTo("malformed-body");
  }

  @Test
  void readsAStreamedBody() {
    EndpointRequest request = Requests.post(Format.JSON).as(tenants.admin).build();

    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(),
        new java.io.ByteArrayInputStream(valid)));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void answersMalformedBodyWhenTheBodyCannotBeRead() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws java.io.IOException {
        throw new java.io.IOException("connection reset");
      }
    };
    EndpointRequest request = Requests.post(Format.JSON).as(tenants.admin).build();

    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), failing));

    assertThat(response.status()).isEqualTo(400);
    assertThat(Format.JSON.read(response.body())).containsEntry("message", "the body could not be read");
  }
}
