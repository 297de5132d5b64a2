package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An error body never grows with what the client sent: whatever the request, it lists at most 20
 * violations, the first in the request's own order, says how many there were, and stays under
 * 16 KiB in every format. A 64 KiB body of unknown fields once gave a 447 KB answer.
 */
class ErrorBodyLimitsTest {
  private static final int MAX_ERROR_BODY = 16 * 1024;
  private static final int LISTED = 20;

  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();

  /**
   * The n-th of many field names, in an order that is not alphabetical (so that the body's order
   * can be told from a sorted one), padded to {@code length} characters.
   */
  private static String scrambled(int n, int length) {
    String head = "f" + String.format("%05d", (n * 7919L) % 100_000) + "-";
    return head + "x".repeat(Math.max(0, length - head.length()));
  }

  /**
   * Unknown fields named by {@code name}, then {@code tail}, as many as fit into a body of the
   * endpoint's largest size in this format.
   */
  private static Map<String, Object> filling(Format format, IntFunction<String> name, Map<String, Object> tail, boolean keywords) {
    int n = 64;
    Map<String, Object> fields = fields(name, n, tail);
    int perField = Math.max(1, (write(format, fields, keywords).length - write(format, tail, keywords).length) / n);
    n = (ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES - 512) / perField;
    fields = fields(name, n, tail);
    while (write(format, fields, keywords).length > ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES) {
      n -= 16;
      fields = fields(name, n, tail);
    }
    return fields;
  }

  private static Map<String, Object> fields(IntFunction<String> name, int n, Map<String, Object> tail) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      fields.put(name.apply(i), 1L);
    }
    fields.putAll(tail);
    return fields;
  }

  private static byte[] write(Format format, Map<String, Object> fields, boolean keywords) {
    return keywords ? format.write(fields) : format.writeWithStringKeys(fields);
  }

  /** How the service reports a field name: at most 64 characters, then an ellipsis. */
  private static String reported(String field) {
    return field.length() <= 64 ? field : field.substring(0, 64) + "…";
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> violations(Format format, byte[] body) {
    return (List<Map<String, Object>>) format.read(body).get("violations");
  }

  private static void assertSmall(Format format, EndpointResponse response) {
    String shown = format.show(response.body());
    assertThat(response.body().length).as("bytes of %s…", shown.substring(0, Math.min(200, shown.length())))
        .isLessThan(MAX_ERROR_BODY);
  }

  static Stream<Arguments> formatsAndNameLengths() {
    return Stream.of(Format.values()).flatMap(f -> Stream.of(Arguments.of(f, 7, 4000), Arguments.of(f, 100, 500)));
  }

  /** Short names make the most fields (about 5,900 in JSON); long ones the longest names to write back. */
  @ParameterizedTest(name = "{0}: names of {1} characters")
  @MethodSource("formatsAndNameLengths")
  void listsTheFirst20OfThousandsOfUnknownFieldsInBodyOrderAndTheirCount(Format format, int nameLength, int atLeast) {
    Map<String, Object> valid = new LinkedHashMap<>(Map.of("name", "ci"));
    valid.put("role", "viewer");
    Map<String, Object> body = filling(format, n -> scrambled(n, nameLength), valid, true);
    byte[] bytes = format.write(body);
    int unknown = body.size() - 2;
    assertThat(bytes.length).isLessThanOrEqualTo(ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES);
    assertThat(unknown).isGreaterThan(atLeast);

    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.viewer).body(bytes).build());

    assertThat(response.status()).isEqualTo(400);
    assertSmall(format, response);
    Map<String, Object> error = format.read(response.body());
    assertThat(error.get("error")).isEqualTo("invalid-request");
    assertThat(error.get("message")).isEqualTo("the request is invalid: " + unknown + " violations; the first 20 are listed");
    List<String> first = body.keySet().stream().limit(LISTED).map(ErrorBodyLimitsTest::reported).toList();
    assertThat(violations(format, response.body())).extracting(v -> v.get("field")).containsExactlyElementsOf(first);
    assertThat(violations(format, response.body())).extracting(v -> v.get("code")).containsOnly(Violation.UNKNOWN_FIELD);
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void listsTheRequestsOwnFieldsBeforeUnknownOnesWhereverTheyAreInTheBody(Format format) {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("expires-at", "tomorrow");
    bad.put("name", 42L); // and no role
    Map<String, Object> body = filling(format, n -> scrambled(n, 40), bad, true);
    int unknown = body.size() - 2;

    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).body(format.write(body)).build());

    assertThat(response.status()).isEqualTo(400);
    assertSmall(format, response);
    assertThat(format.read(response.body()).get("message"))
        .isEqualTo("the request is invalid: " + (unknown + 3) + " violations; the first 20 are listed");
    List<List<Object>> expected = new ArrayList<>(List.of(List.of("name", "wrong-type"), List.of("role", "missing"),
        List.of("expires-at", "invalid-timestamp")));
    body.keySet().stream().limit(LISTED - 3).forEach(f -> expected.add(List.of(f, "unknown-field")));
    assertThat(violations(format, response.body())).extracting(v -> List.of(v.get("field"), v.get("code")))
        .containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> costlyNames() {
    List<Arguments> args = new ArrayList<>();
    for (Format format : Format.values()) {
      args.add(Arguments.of(format, "control characters", (IntFunction<String>) n -> "\u0001".repeat(80) + n));
      args.add(Arguments.of(format, "three UTF-8 bytes each", (IntFunction<String>) n -> "\u20ac".repeat(80) + n));
      args.add(Arguments.of(format, "four UTF-8 bytes a pair", (IntFunction<String>) n -> "\ud83d\ude00".repeat(40) + n));
      args.add(Arguments.of(format, "quotes and backslashes", (IntFunction<String>) n -> "\"\\".repeat(40) + n));
    }
    return args.stream();
  }

  /** Names that cost the most bytes per character when written back: JSON escapes a control character in six. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("costlyNames")
  void keepsTheErrorBodySmallWhateverTheFieldNamesAreMadeOf(Format format, String situation, IntFunction<String> name) {
    Map<String, Object> body = filling(format, name, Map.of(), false);
    byte[] bytes = format.writeWithStringKeys(body);

    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).body(bytes).build());

    assertThat(response.status()).as(situation).isEqualTo(400);
    assertSmall(format, response);
    assertThat(violations(format, response.body())).hasSize(LISTED);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void cutsOneHugeFieldNameTo64Characters(Format format) {
    String huge = "n".repeat(40_000); // Jackson refuses names over 50,000 characters as malformed
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "ci");
    body.put("role", "viewer");
    body.put(huge, 1L);

    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).body(format.write(body)).build());

    assertSmall(format, response);
    assertThat(violations(format, response.body())).extracting(v -> v.get("field")).containsExactly("n".repeat(64) + "…");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void listsTheFirst20OfThousandsOfUnknownQueryParametersInQueryOrder(Format format) {
    StringBuilder query = new StringBuilder("limit=5");
    List<String> parameters = new ArrayList<>();
    for (int n = 0; query.length() < 60_000; n++) {
      String parameter = scrambled(n, 90);
      parameters.add(parameter);
      query.append('&').append(parameter).append("=1");
    }

    EndpointResponse response = endpoint.handle(Requests.get(format).query(query.toString()).as(tenants.viewer).build());

    assertThat(response.status()).isEqualTo(400);
    assertSmall(format, response);
    assertThat(format.read(response.body()).get("message"))
        .isEqualTo("the request is invalid: " + parameters.size() + " violations; the first 20 are listed");
    assertThat(violations(format, response.body())).extracting(v -> v.get("field"))
        .containsExactlyElementsOf(parameters.stream().limit(LISTED).map(ErrorBodyLimitsTest::reported).toList());
  }

  /**
   * What a host's own code may throw through the endpoint (a store, a role policy) is bounded too:
   * every string is cut, and at most 20 violations are written.
   */
  @ParameterizedTest
  @EnumSource(Format.class)
  void everyCodecKeepsAnyErrorUnder16KiB(Format format) {
    List<Violation> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(new Violation("\u0001".repeat(10_000) + i, "\u0002".repeat(10_000), "\"".repeat(10_000)));
    }
    List<ApikeyException> errors = List.of(new InvalidRequestException(many),
        new ApikeyException(ErrorCode.NAME_TAKEN, "\u0003".repeat(1_000_000)),
        new ApikeyException(ErrorCode.INVALID_REQUEST, "\u20ac".repeat(1_000_000)));

    for (ApikeyException error : errors) {
      byte[] body = format.codec.encodeError(error);
      assertThat(body.length).as("%s", error.getMessage().substring(0, 20)).isLessThan(MAX_ERROR_BODY);
      assertThat(format.read(body).get("error")).isEqualTo(error.errorCode().code());
    }
    Map<String, Object> invalid = format.read(format.codec.encodeError(errors.get(0)));
    assertThat(invalid.get("message")).isEqualTo("the request is invalid: 1000 violations; the first 20 are listed");
    assertThat(violations(format, format.codec.encodeError(errors.get(0)))).hasSize(LISTED)
        .allSatisfy(v -> assertThat((String) v.get("field")).startsWith("\u0001").endsWith("…"));
    assertThat((String) format.read(format.codec.encodeError(errors.get(1))).get("message")).startsWith("\u0003").endsWith("…");
  }
}
