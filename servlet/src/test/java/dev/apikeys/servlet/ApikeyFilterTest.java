package dev.apikeys.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.Format;
import dev.apikeys.codecs.MediaType;
import dev.apikeys.codecs.Tenants;
import dev.apikeys.core.Caller;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The filter in front of a route of the host's own ({@code /reports/*}), on a real Jetty under a context path. */
class ApikeyFilterTest {
  private final Tenants tenants = new Tenants();
  private JettyHost host;

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private URI start(ApikeyFilter filter) throws Exception {
    host = JettyHost.builder(tenants.endpoint()).contextPath("/app").filter(filter).start();
    return host.uri("/reports/daily");
  }

  @Test
  void letsAnAuthenticatedRequestThroughWithItsCallerAsARequestAttribute() throws Exception {
    URI reports = start(new ApikeyFilter(tenants.service));

    HttpResponse<byte[]> response = Http.send(Http.request(reports, Format.JSON, tenants.operator).setHeader("Accept", "text/plain")
        .GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), UTF_8)).isEqualTo("report for acme by ops (operator)");
    assertThat(ApikeyFilter.CALLER_ATTRIBUTE).isEqualTo(Caller.class.getName());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersAnyOtherRequestWithTheLibrarys401InTheNegotiatedFormat(Format format) throws Exception {
    URI reports = start(new ApikeyFilter(tenants.service));
    tenants.store.delete(Tenants.ACME, "dashboard"); // revokes the viewer's key
    List<HttpResponse<byte[]>> refused = new ArrayList<>();
    refused.add(Http.send(Http.request(reports, format, null).GET().build()));
    refused.add(Http.send(Http.request(reports, format, tenants.viewer).GET().build()));
    refused.add(Http.send(Http.request(reports, format, tenants.globexAdmin).GET().build()));
    refused.add(Http.send(Http.request(reports, format, null).header(ApikeyEndpoint.API_KEY_HEADER, UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString("report")).build()));

    for (HttpResponse<byte[]> response : refused) {
      assertThat(response.statusCode()).isEqualTo(401);
      ApikeyServletTest.assertContentType(response, format);
      assertThat(response.headers().firstValue("www-authenticate")).contains(EndpointResponse.CHALLENGE);
      assertThat(response.headers().firstValue("cache-control")).contains("no-store");
      assertThat(format.read(response.body())).containsEntry("error", "unauthenticated");
      assertThat(response.body()).isEqualTo(refused.get(0).body());
    }
  }

  @Test
  void answersInTheGuardsDefaultFormatWhenAcceptNamesNoneOfTheFourAndWithoutABodyForHead() throws Exception {
    URI reports = start(new ApikeyFilter(ApikeyEndpoint.builder().service(tenants.service)
        .defaultMediaType(MediaType.APPLICATION_EDN).build().guard()));

    HttpResponse<byte[]> html = Http.send(Http.request(reports, Format.JSON, null).setHeader("Accept", "text/html").GET().build());
    HttpResponse<byte[]> head = Http.send(Http.request(reports, Format.JSON, null).setHeader("Accept", "text/html")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

    assertThat(html.statusCode()).isEqualTo(401);
    ApikeyServletTest.assertContentType(html, Format.EDN);
    assertThat(Format.EDN.read(html.body())).containsEntry("error", "unauthenticated");
    assertThat(head.statusCode()).isEqualTo(401);
    assertThat(head.headers().firstValue("www-authenticate")).contains(EndpointResponse.CHALLENGE);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void answers503WhenTheStoreFailsAndTheRouteIsNeverReached() throws Exception {
    List<Throwable> reported = new ArrayList<>();
    URI reports = start(new ApikeyFilter(ApikeyEndpoint.builder().service(tenants.service).errorListener(reported::add).build().guard()));
    tenants.store.failLookups = true;

    HttpResponse<byte[]> response = Http.send(Http.request(reports, Format.TRANSIT_JSON, tenants.admin).GET().build());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(Format.TRANSIT_JSON.read(response.body())).containsEntry("error", "storage-unavailable");
    assertThat(new String(response.body(), UTF_8)).doesNotContain("report for");
    assertThat(reported).hasSize(1);
  }
}
