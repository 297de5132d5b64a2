package dev.apikeys.servlet;

import dev.apikeys.codecs.Format;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.codecs.ApikeyEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's HTTP client on HTTP/1.1, as a client of the host sends requests. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  /** A request in the format both ways, tenant {@code acme}, with this caller's key unless null. */
  static HttpRequest.Builder request(URI uri, Format format, CreatedApikey caller) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", format.mediaType())
        .header("Accept", format.mediaType())
        .header(ApikeyEndpoint.TENANT_HEADER, "acme");
    return caller == null ? builder : builder.header(ApikeyEndpoint.API_KEY_HEADER, caller.key().toString());
  }

  static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A body of unknown length, which the client sends chunked. */
  static HttpRequest.BodyPublisher chunked(byte[] body) {
    return HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new java.io.ByteArrayInputStream(body));
  }
}
