package dev.apikeys.codecs;

import dev.apikeys.core.CreatedApikey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fluent request for tests: {@code Requests.post(format).as(key).body(bytes).build()}. */
final class Requests {
  private String method = "POST";
  private String path = ApikeyEndpoint.PATH;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  private Requests() {}

  /** A POST in the format both ways (Content-Type and Accept), tenant {@code acme}, no key yet. */
  static Requests post(Format format) {
    return new Requests()
        .header("Content-Type", format.mediaType())
        .header("Accept", format.mediaType())
        .header(ApikeyEndpoint.TENANT_HEADER, Tenants.ACME);
  }

  Requests method(String method) {
    this.method = method;
    return this;
  }

  Requests path(String path) {
    this.path = path;
    return this;
  }

  Requests as(CreatedApikey caller) {
    return header(ApikeyEndpoint.API_KEY_HEADER, caller.key().toString());
  }

  Requests header(String name, String value) {
    without(name);
    if (value != null) {
      headers.put(name, List.of(value));
    }
    return this;
  }

  Requests without(String name) {
    headers.keySet().removeIf(name::equalsIgnoreCase);
    return this;
  }

  Requests body(byte[] body) {
    this.body = body;
    return this;
  }

  EndpointRequest build() {
    return EndpointRequest.of(method, path, Headers.of(headers), body);
  }
}
