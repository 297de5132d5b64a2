package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.apikeys.core.ApikeyRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against real answers of {@link ApikeyEndpoint}, in JSON: every route and every
 * status the endpoint gives. Each answer's status must be declared for its operation (or be the
 * document's 404 for an unknown path or 405 for an unlisted method), its declared headers present,
 * and its body valid against the declared schema, whose {@code additionalProperties: false} makes
 * an undeclared field a failure. And the other way: every status the document declares for a
 * served operation is produced by one case here.
 */
class OpenApiDocumentTest {
  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
  private static final String DOCUMENT_URI = "https://apikeys.invalid/openapi.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  /** Operations the document describes that this endpoint does not serve yet: none. */
  private static final Set<String> NOT_YET_SERVED = Set.of();

  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();

  /** One request, the status it must get, and anything to set up first. */
  private record Case(String what, int status, Supplier<EndpointRequest> request, Runnable before, Runnable after) {
    static Case of(String what, int status, Supplier<EndpointRequest> request) {
      return new Case(what, status, request, () -> { }, () -> { });
    }

    Case around(Runnable before, Runnable after) {
      return new Case(what, status, request, before, after);
    }
  }

  private static final class Failing {
    private Failing() {}

    /** A host whose header lookup throws: the one way to a 500 on every route. */
    static EndpointRequest request(String method, String path) {
      return EndpointRequest.of(method, path, name -> {
        throw new UnsupportedOperationException("header " + name);
      }, new byte[0]);
    }
  }

  private static byte[] json(String text) {
    return text.getBytes(UTF_8);
  }

  private List<Case> cases() {
    Format f = Format.JSON;
    byte[] valid = json("{\"name\":\"ci\",\"role\":\"viewer\"}");
    List<Case> cases = new ArrayList<>();

    // POST /api/v1/apikeys
    cases.add(Case.of("create", 200, () -> Requests.post(f).as(tenants.admin).body(valid).build()));
    cases.add(Case.of("create, malformed", 400, () -> Requests.post(f).as(tenants.admin).body(json("{\"name\":")).build()));
    cases.add(Case.of("create, invalid", 400, () -> Requests.post(f).as(tenants.admin)
        .body(json("{\"name\":\" \",\"role\":\"king\",\"extra\":1}")).build()));
    cases.add(Case.of("create, no key", 401, () -> Requests.post(f).body(valid).build()));
    cases.add(Case.of("create by a viewer", 403, () -> Requests.post(f).as(tenants.viewer).body(valid).build()));
    cases.add(Case.of("create, Accept text/html", 406, () -> Requests.post(f).as(tenants.admin).header("Accept", "text/html").body(valid).build()));
    cases.add(Case.of("create, name taken", 409, () -> Requests.post(f).as(tenants.admin)
        .body(json("{\"name\":\"ops\",\"role\":\"viewer\"}")).build()));
    cases.add(Case.of("create, too large", 413, () -> Requests.post(f).as(tenants.admin)
        .body(new byte[ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1]).build()));
    cases.add(Case.of("create, text/plain", 415, () -> Requests.post(f).as(tenants.admin).header("Content-Type", "text/plain").body(valid).build()));
    cases.add(Case.of("create, host fails", 500, () -> Failing.request("POST", ApikeyEndpoint.PATH)));
    cases.add(Case.of("create, store down", 503, () -> Requests.post(f).as(tenants.admin)
        .body(json("{\"name\":\"other\",\"role\":\"viewer\"}")).build())
        .around(() -> tenants.store.failInserts = true, () -> tenants.store.failInserts = false));

    // GET and HEAD /api/v1/apikeys
    for (String method : List.of("GET", "HEAD")) {
      cases.add(Case.of("list, a page with next", 200, () -> Requests.get(f).method(method).as(tenants.viewer).query("limit=1").build()));
      cases.add(Case.of("list, bad query", 400, () -> Requests.get(f).method(method).as(tenants.viewer).query("limit=0&x=1").build()));
      cases.add(Case.of("list, unknown key", 401, () -> Requests.get(f).method(method)
          .header(ApikeyEndpoint.API_KEY_HEADER, "00000000-0000-4000-8000-000000000000").build()));
      cases.add(Case.of("list, Accept text/html", 406, () -> Requests.get(f).method(method).as(tenants.viewer).header("Accept", "text/html").build()));
      cases.add(Case.of("list, host fails", 500, () -> Failing.request(method, ApikeyEndpoint.PATH)));
      cases.add(Case.of("list, store down", 503, () -> Requests.get(f).method(method).as(tenants.viewer).build())
          .around(() -> tenants.store.failLists = true, () -> tenants.store.failLists = false));
    }
    cases.add(Case.of("list, every field", 200, () -> Requests.get(f).as(tenants.viewer).build())
        .around(() -> tenants.service.createBootstrapKey(Tenants.ACME,
            new ApikeyRequest("expiring", "viewer", tenants.clock.instant().plusSeconds(3600))), () -> { }));

    // POST /api/v1/apikeys/{name}/rotate
    String rotate = ApikeyEndpoint.PATH + "/ops/rotate";
    byte[] grace = json("{\"grace-seconds\":60}");
    cases.add(Case.of("rotate", 200, () -> Requests.post(f).path(rotate).as(tenants.admin).body(grace).build()));
    cases.add(Case.of("rotate, no body", 200, () -> Requests.post(f).path(rotate).without("Content-Type").as(tenants.admin).build()));
    cases.add(Case.of("rotate, malformed", 400, () -> Requests.post(f).path(rotate).as(tenants.admin).body(json("{")).build()));
    cases.add(Case.of("rotate, invalid", 400, () -> Requests.post(f).path(rotate).as(tenants.admin)
        .body(json("{\"grace-seconds\":\"60\",\"x\":1}")).build()));
    cases.add(Case.of("rotate, no key", 401, () -> Requests.post(f).path(rotate).body(grace).build()));
    cases.add(Case.of("rotate by a viewer", 403, () -> Requests.post(f).path(rotate).as(tenants.viewer).body(grace).build()));
    cases.add(Case.of("rotate, no such key", 404, () -> Requests.post(f).path(ApikeyEndpoint.PATH + "/nobody/rotate")
        .as(tenants.admin).body(grace).build()));
    cases.add(Case.of("rotate, Accept text/html", 406, () -> Requests.post(f).path(rotate).as(tenants.admin)
        .header("Accept", "text/html").body(grace).build()));
    cases.add(Case.of("rotate, too large", 413, () -> Requests.post(f).path(rotate).as(tenants.admin)
        .body(new byte[ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1]).build()));
    cases.add(Case.of("rotate, text/plain", 415, () -> Requests.post(f).path(rotate).as(tenants.admin)
        .header("Content-Type", "text/plain").body(grace).build()));
    cases.add(Case.of("rotate, host fails", 500, () -> Failing.request("POST", rotate)));
    cases.add(Case.of("rotate, store cannot", 501, () -> Requests.post(f).path(rotate).as(tenants.admin).body(grace).build())
        .around(() -> tenants.store.withoutRotation = true, () -> tenants.store.withoutRotation = false));
    cases.add(Case.of("rotate, store down", 503, () -> Requests.post(f).path(rotate).as(tenants.admin).body(grace).build())
        .around(() -> tenants.store.failLists = true, () -> tenants.store.failLists = false));
    cases.add(Case.of("GET on a rotation", 405, () -> Requests.get(f).path(rotate).as(tenants.admin).build()));
    cases.add(Case.of("list while a previous key works", 200, () -> Requests.get(f).as(tenants.viewer).build()));

    // DELETE /api/v1/apikeys/{name}
    cases.add(Case.of("revoke, name not UTF-8", 400, () -> Requests.delete(f, "%FF").as(tenants.admin).build()));
    cases.add(Case.of("revoke, no tenant", 401, () -> Requests.delete(f, "ops").as(tenants.admin).without(ApikeyEndpoint.TENANT_HEADER).build()));
    cases.add(Case.of("revoke by a viewer", 403, () -> Requests.delete(f, "ops").as(tenants.viewer).build()));
    cases.add(Case.of("revoke, no such key", 404, () -> Requests.delete(f, "nobody").as(tenants.admin).build()));
    cases.add(Case.of("revoke, Accept text/html", 406, () -> Requests.delete(f, "ops").as(tenants.admin).header("Accept", "text/html").build()));
    cases.add(Case.of("revoke the last administrator", 409, () -> Requests.delete(f, "root").as(tenants.admin).build()));
    cases.add(Case.of("revoke, host fails", 500, () -> Failing.request("DELETE", ApikeyEndpoint.PATH + "/ops")));
    cases.add(Case.of("revoke, store down", 503, () -> Requests.delete(f, "ops").as(tenants.admin).build())
        .around(() -> tenants.store.failLists = true, () -> tenants.store.failLists = false));
    cases.add(Case.of("revoke", 200, () -> Requests.delete(f, "dashboard").as(tenants.admin).build()));

    // Unknown paths and unlisted methods.
    cases.add(Case.of("no such path", 404, () -> Requests.post(f).as(tenants.admin).path("/api/v1/keys").build()));
    cases.add(Case.of("PUT on the collection", 405, () -> Requests.post(f).as(tenants.admin).method("PUT").build()));
    cases.add(Case.of("GET on a key", 405, () -> Requests.delete(f, "ops").as(tenants.admin).method("GET").build()));
    return cases;
  }

  @Test
  void everyAnswerOfTheEndpointIsDeclaredInTheDocumentAndEveryDeclaredStatusIsGiven() throws IOException {
    String text = Files.readString(DOCUMENT, UTF_8);
    JsonNode document = YAML.readTree(text);
    SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemas(Map.of(DOCUMENT_URI, text)));
    assertThat(document.path("openapi").asText()).startsWith("3.1");

    List<String> problems = new ArrayList<>();
    Set<String> given = new TreeSet<>();
    for (Case c : cases()) {
      c.before.run();
      EndpointRequest request = c.request.get();
      EndpointResponse response = endpoint.handle(request);
      c.after.run();
      String where = c.what + " (" + request.method() + " " + request.path() + " → " + response.status() + ")";
      if (response.status() != c.status) {
        problems.add(where + ": expected " + c.status);
        continue;
      }
      String template = template(document, request.path());
      String pointer;
      if (template == null) {
        pointer = "#/components/responses/NoSuchPath";
        expect(problems, where, response.status() == 404, "an unknown path must be 404");
      } else {
        JsonNode pathItem = document.path("paths").path(template);
        JsonNode operation = pathItem.path(request.method().toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
          pointer = "#/components/responses/MethodNotAllowed";
          expect(problems, where, response.status() == 405, "a method the path does not list must be 405");
          expect(problems, where, methods(pathItem).equals(allow(response)), "Allow must be " + methods(pathItem));
        } else {
          String op = request.method() + " " + template;
          String status = Integer.toString(response.status());
          if (!operation.path("responses").has(status)) {
            problems.add(where + ": status " + status + " is not declared for " + op);
            continue;
          }
          given.add(op + " " + status);
          pointer = "#/paths/" + escape(template) + "/" + request.method().toLowerCase(Locale.ROOT) + "/responses/" + status;
        }
      }
      JsonNode declared = resolve(document, pointer);
      checkHeaders(problems, where, declared, response);
      JsonNode content = declared.path("content");
      if (content.isMissingNode()) {
        expect(problems, where, response.body().length == 0, "no body is declared, yet there is one");
        continue;
      }
      expect(problems, where, response.contentType().startsWith(JSON_TYPE), "Content-Type " + response.contentType());
      JsonNode schemaNode = content.path(JSON_TYPE).path("schema");
      String ref = schemaNode.path("$ref").asText();
      Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + ref));
      List<Error> errors = schema.validate(JSON.readTree(response.body()));
      if (!errors.isEmpty()) {
        problems.add(where + ": body " + new String(response.body(), UTF_8) + " against " + ref + ": " + errors);
      }
    }

    Set<String> declared = new TreeSet<>();
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      String key = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
      if (op.getValue().has("responses") && !NOT_YET_SERVED.contains(key)) {
        op.getValue().path("responses").fieldNames().forEachRemaining(status -> declared.add(key + " " + status));
      }
    }));
    Set<String> neverGiven = new TreeSet<>(declared);
    neverGiven.removeAll(given);

    assertThat(problems).as("answers that disagree with " + DOCUMENT).isEmpty();
    assertThat(neverGiven).as("statuses the document declares that no case produced").isEmpty();
  }

  private static void expect(List<String> problems, String where, boolean ok, String what) {
    if (!ok) {
      problems.add(where + ": " + what);
    }
  }

  /** Every header the declared response names must be in the answer, with its const value if it has one. */
  private static void checkHeaders(List<String> problems, String where, JsonNode declared, EndpointResponse response) {
    Map<String, String> actual = response.headers().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    Set<String> expected = new LinkedHashSet<>(List.of("content-type"));
    for (Iterator<Map.Entry<String, JsonNode>> it = declared.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      String name = header.getKey().toLowerCase(Locale.ROOT);
      expected.add(name);
      String value = actual.get(name);
      JsonNode constant = header.getValue().path("schema").path("const");
      if (value == null) {
        problems.add(where + ": header " + header.getKey() + " is declared but missing");
      } else if (!constant.isMissingNode() && !constant.asText().equals(value)) {
        problems.add(where + ": header " + header.getKey() + " is " + value + ", declared " + constant.asText());
      }
    }
    Set<String> undeclared = new TreeSet<>(actual.keySet());
    undeclared.removeAll(expected);
    expect(problems, where, undeclared.isEmpty(), "undeclared headers " + undeclared);
  }

  /** The document's path template that matches this request target, or null. */
  private static String template(JsonNode document, String target) {
    int q = target.indexOf('?');
    String[] segments = (q < 0 ? target : target.substring(0, q)).split("/", -1);
    for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      String[] parts = template.split("/", -1);
      if (parts.length == segments.length && matches(parts, segments)) {
        return template;
      }
    }
    return null;
  }

  private static boolean matches(String[] parts, String[] segments) {
    for (int i = 0; i < parts.length; i++) {
      boolean variable = parts[i].startsWith("{") && parts[i].endsWith("}");
      if (variable ? segments[i].isEmpty() : !parts[i].equals(segments[i])) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> methods(JsonNode pathItem) {
    Set<String> methods = new TreeSet<>();
    pathItem.fieldNames().forEachRemaining(name -> {
      if (!name.equals("parameters") && !name.equals("summary") && !name.equals("description")) {
        methods.add(name.toUpperCase(Locale.ROOT));
      }
    });
    return methods;
  }

  private static Set<String> allow(EndpointResponse response) {
    return response.allow().map(a -> Arrays.stream(a.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new)))
        .orElseGet(TreeSet::new);
  }

  /** A JSON pointer to a node, following a {@code $ref} where one stands instead of the node. */
  private static JsonNode resolve(JsonNode document, String pointer) {
    JsonNode node = document.at(pointer.substring(1));
    while (node.has("$ref")) {
      node = document.at(node.path("$ref").asText().substring(1));
    }
    assertThat(node.isMissingNode()).as(pointer).isFalse();
    return node;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
