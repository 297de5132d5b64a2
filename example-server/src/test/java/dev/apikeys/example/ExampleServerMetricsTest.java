package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** --metrics-port serves the meters in Prometheus text format; without it nothing changes. */
class ExampleServerMetricsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMetricsPortServesTheMetersInPrometheusTextFormat() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--memory", "--metrics-port", "0"),
        new PrintStream(log, true, StandardCharsets.UTF_8))) {
      String admin = server.bootstrap().newKey().toString();
      String api = "http://127.0.0.1:" + server.port() + "/api/v1/apikeys";
      assertThat(get(api, "x-bytebeam-tenant", "demo", "x-bytebeam-api-key", admin).statusCode()).isEqualTo(200);
      assertThat(get(api, "x-bytebeam-tenant", "demo", "x-bytebeam-api-key", admin).statusCode()).isEqualTo(200);
      assertThat(get(api, "x-bytebeam-tenant", "demo").statusCode()).isEqualTo(401);

      HttpResponse<String> scrape = get("http://127.0.0.1:" + server.metricsPort() + "/metrics");

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("content-type")).contains(MetricsServer.CONTENT_TYPE);
      assertThat(scrape.body())
          .contains("# TYPE apikeys_authenticate_seconds summary")
          .contains("apikeys_authenticate_seconds_count{outcome=\"success\"} 2")
          .contains("apikeys_authenticate_seconds_count{outcome=\"refused\"} 1")
          .contains("apikeys_list_seconds_count{outcome=\"success\"} 2")
          .contains("apikeys_refusals_total{operation=\"authenticate\",reason=\"unauthenticated\"} 1")
          .contains("apikeys_last_use_backlog_keys ")
          .contains("apikeys_cache_gets_total{result=\"hit\"} 1")
          .contains("apikeys_cache_gets_total{result=\"miss\"} 1")
          .contains("apikeys_cache_size ")
          .contains("apikeys_cache_feed_lag_seconds 0.0")
          .doesNotContain(admin);

      assertThat(get("http://127.0.0.1:" + server.metricsPort() + "/elsewhere").statusCode()).isEqualTo(404);
      assertThat(get(api.replace("/api/v1/apikeys", "/metrics")).statusCode()).as("not on the API's port").isEqualTo(404);
    }
  }

  @Test
  void withoutTheOptionThereIsNoMetricsPortAndTheBannerIsUnchanged() throws Exception {
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--memory"),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      assertThat(server.metricsPort()).isEqualTo(-1);
      ByteArrayOutputStream banner = new ByteArrayOutputStream();
      server.printBanner(new PrintStream(banner, true, StandardCharsets.UTF_8));
      assertThat(banner.toString(StandardCharsets.UTF_8)).doesNotContain("metrics");
    }
  }
}
