package dev.apikeys.codecs;

import dev.apikeys.core.CreatedApikey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fluent request for tests: {@code Requests.post(format).as(key).body(bytes).build()}, {@code
 * Requests.get(format).query("limit=2").as(key).build()}, {@code Requests.delete(format, "ci")}.
 */
final class Requests {
  private String method = "POST";
  private String path = ApikeyEndpoint.PATH;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  private Requests() {}

  /** A request body's fields in the given order, names and values alternating; values may be null. */
  static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  /** A POST in the format both ways (Content-Type and Accept), tenant {@code acme}, no key yet. */
  static Requests post(Format format) {
    return new Requests()
        .header("Content-Type", format.mediaType())
        .header("Accept", format.mediaType())
        .header(ApikeyEndpoint.TENANT_HEADER, Tenants.ACME);
  }

  /** A list in the format (Accept; no Content-Type), tenant {@code acme}, no key yet. */
  static Requests get(Format format) {
    return post(format).method("GET").without("Content-Type");
  }

  /** A revoke of the key with this raw (still percent-encoded) name segment, Accept in the format. */
  static Requests delete(Format format, String rawName) {
    return post(format).method("DELETE").without("Content-Type").path(ApikeyEndpoint.PATH + "/" + rawName);
  }

  /** The path with this raw query. */
  Requests query(String rawQuery) {
    int q = path.indexOf('?');
    path = (q < 0 ? path : path.substring(0, q)) + "?" + rawQuery;
    return this;
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
