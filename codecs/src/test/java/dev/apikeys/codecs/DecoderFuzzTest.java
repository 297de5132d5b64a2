package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.Violation;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded fuzz loop per decoder: random bytes, and valid bodies mutated by bit flips,
 * truncations, insertions of random bytes and of the format's own tokens, deletions,
 * duplications and splices. The only acceptable outcomes are a decoded map or {@link
 * MalformedBodyException}.
 *
 * <p>{@code -Dapikeys.fuzz.count=N} sets the inputs per format (default 10,000), {@code
 * -Dapikeys.fuzz.seed=S} the seed (default fixed, so that the build is repeatable). A failure
 * names the seed, the input's index and its bytes.
 */
class DecoderFuzzTest {
  private static final int COUNT = Integer.getInteger("apikeys.fuzz.count", 10_000);
  private static final long SEED = Long.getLong("apikeys.fuzz.seed", 0x5eedc0de_2026L);

  @ParameterizedTest
  @EnumSource(Format.class)
  void decodesToAMapOrRefusesWithMalformedBodyExceptionOnly(Format format) {
    long seed = SEED + format.ordinal();
    Mutator mutator = new Mutator(new SplittableRandom(seed), corpus(format), tokens(format));
    int decoded = 0;
    int refused = 0;
    for (int i = 0; i < COUNT; i++) {
      byte[] input = mutator.next();
      try {
        Map<String, Object> fields = format.codec.decode(input);
        assertThat(fields.keySet()).doesNotContainNull();
        decoded++;
      } catch (MalformedBodyException expected) {
        refused++;
      } catch (Throwable t) {
        fail("fuzzing " + format + " with -Dapikeys.fuzz.seed=" + SEED + ": input " + i + " (" + HexFormat.of().formatHex(input)
            + ") threw " + t, t);
      }
    }
    System.out.printf("%s: seed %d, %d inputs, %d decoded, %d refused%n", format, SEED, COUNT, decoded, refused);
    if (COUNT >= 1000) {
      assertThat(decoded).as("inputs that decoded: a fuzzer that only makes garbage tests little").isGreaterThan(COUNT / 100);
      assertThat(refused).as("inputs that were refused").isGreaterThan(COUNT / 10);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theEndpointAnswersAFuzzedBodyWithAClientErrorOrSuccessNeverA500(Format format) {
    Tenants tenants = new Tenants();
    ApikeyEndpoint endpoint = tenants.endpoint();
    Mutator mutator = new Mutator(new SplittableRandom(SEED - 1 - format.ordinal()), corpus(format), tokens(format));
    for (int i = 0; i < Math.max(1, COUNT / 10); i++) {
      byte[] input = mutator.next();
      EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).body(input).build());
      if (!Set.of(200, 400, 409).contains(response.status())) {
        fail("fuzzing " + format + " through the endpoint with -Dapikeys.fuzz.seed=" + SEED + ": input " + i + " ("
            + HexFormat.of().formatHex(input) + ") gave " + response.status() + " " + format.show(response.body()));
      }
    }
  }

  /**
   * Fuzzed query strings of a list and name segments of a revoke, through the endpoint: a page, a
   * revoke, or a client error (400 for a bad query or name, 404 for no such key or a segment with a
   * {@code /}, 409 for the last administrator); never a 500 or 503, whatever the text.
   */
  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"JSON", "EDN"})
  void theEndpointAnswersAFuzzedQueryOrNameWithAClientErrorOrSuccessNeverA500(Format format) {
    Tenants tenants = new Tenants();
    ApikeyEndpoint endpoint = tenants.endpoint();
    List<byte[]> targets = new ArrayList<>();
    for (String t : List.of("limit=10&after=ops", "after=deploy+bot&limit=1", "after=%C3%A9%F0%9F%9A%80", "limit=1000&", "ops", "root",
        "deploy%20bot", "a%2Fb", "%E2%98%95")) {
      targets.add(text(t));
    }
    List<byte[]> tokens = new ArrayList<>();
    for (String t : List.of("%", "%2", "%25", "%zz", "%C3", "%A9", "%F0", "%9F", "%00", "%0A", "%7F", "%FF", "%ED%A0%80", "%C0%AF", "+",
        "&", "=", "?", "/", "#", ";", "limit", "after", "Limit", "0", "1", "-1", "1000", "1001", "99999999999", "é", "\uD83D\uDE80",
        " ", "x".repeat(130))) {
      tokens.add(text(t));
    }
    Mutator mutator = new Mutator(new SplittableRandom(SEED + 17 + format.ordinal()), targets, tokens);
    for (int i = 0; i < Math.max(1, COUNT / 10); i++) {
      String fuzzed = new String(mutator.next(), UTF_8); // a host hands in a string: bytes that are not UTF-8 arrive as U+FFFD
      if (i % 7 == 0) {
        fuzzed = fuzzed + "\uD800"; // and a careless host may hand in an unpaired surrogate
      }
      for (EndpointRequest request : List.of(Requests.get(format).as(tenants.admin).query(fuzzed).build(),
          Requests.delete(format, fuzzed).as(tenants.admin).build())) {
        EndpointResponse response = endpoint.handle(request);
        if (!Set.of(200, 400, 404, 409).contains(response.status())) {
          fail("fuzzing " + request.method() + " targets with -Dapikeys.fuzz.seed=" + SEED + ": input " + i + " (" + fuzzed + ") gave "
              + response.status() + " " + format.show(response.body()));
        }
      }
    }
  }

  /** Valid bodies of the format: requests in several spellings, and what the encoders write. */
  static List<byte[]> corpus(Format format) {
    List<byte[]> corpus = new ArrayList<>();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", "ci");
    request.put("role", "operator");
    corpus.add(format.write(request));
    corpus.add(format.writeWithStringKeys(request));
    Map<String, Object> odd = new LinkedHashMap<>();
    odd.put("name", List.of("a", 1L, true));
    odd.put("role", null);
    odd.put("extra-field", Map.of("nested", List.of(1.5, -7L, "x")));
    corpus.add(format.write(odd));
    Map<String, Object> expiring = new LinkedHashMap<>(request);
    expiring.put("expires-at", format.instant(java.time.Instant.parse("2027-01-01T00:00:00.123Z")));
    corpus.add(format.write(expiring));
    expiring.put("expires-at", "2027-01-01T02:00:00+02:00");
    corpus.add(format.write(expiring));
    CreatedApikey created = new CreatedApikey("admin", "café ☕", UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab"), "key:00aa");
    corpus.add(format.codec.encode(created));
    corpus.add(format.codec.encode(CodecTest.PAGE));
    corpus.add(format.codec.encodeRevoked("ci"));
    corpus.add(format.codec.encodeError(new InvalidRequestException(List.of(
        new Violation("name", "missing", "name is required"), new Violation("role", "null", "role must not be null")))));
    corpus.add(format.codec.encodeError(UnauthenticatedException.instance()));
    corpus.add(format.codec.encodeError(new ApikeyException(dev.apikeys.core.ErrorCode.INTERNAL, "x")));
    switch (format) {
      case TRANSIT_JSON -> {
        corpus.add(text("{\"~:name\":\"ci\",\"~:role\":\"operator\",\"~:at\":\"~t2026-01-02T03:04:05.000Z\"}"));
        corpus.add(text("[\"^ \",\"~:name\",[\"~#set\",[1,2]],\"~:role\",[\"~#list\",[\"^ \",\"~:a\",\"^1\"]],"
            + "\"~:k\",[\"~#cmap\",[[1],2]],\"~:u\",\"~u3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\",\"~:i\",\"~i123456789012345678901\","
            + "\"~:r\",[\"~#ratio\",[\"~n1\",\"~n3\"]],\"~:s\",\"~~tilde\",\"~:c\",\"~cx\",\"~:b\",\"~bAAEC\",\"~:q\",[\"~#'\",1]]"));
      }
      case TRANSIT_MSGPACK -> corpus.add(MalformedBodies.validMsgpack());
      case EDN -> {
        corpus.add(text("; comment\n{:name \"ci\", :role \"operator\" #_ :gone, :tags #{1 2} :l (1 2.5 3N 4M)"
            + " :c \\a :n \\newline :u #uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\" :t #inst \"2026-01-02T03:04:05Z\"}"));
        corpus.add(text("#:acme{:name \"ci\" :_/role \"operator\"}"));
        corpus.add(text("{\"name\" \"ci\" :a/b -1.5e10 :x [nil true false \"\\u00e9\\t\"]}"));
      }
      case JSON -> corpus.add(text("{\"name\":\"\\u00e9\\ud83d\\ude80\",\"role\":[1,2.5e3,-0,{\"a\":null}],\"x\":true}"));
    }
    return corpus;
  }

  /** What the format is made of, for insertions and replacements that reach deeper than random bytes. */
  static List<byte[]> tokens(Format format) {
    List<String> t = new ArrayList<>(List.of("{", "}", "[", "]", "\"", ",", " ", "\n", "\\", "\\u", "\\ud800", "0", "-1",
        "1e999", "null", "true", "\"name\"", "\"role\"", "\u00e9", "\ud83d\ude80"));
    switch (format) {
      case JSON -> t.addAll(List.of(":", "\"\\u0000\"", "123456789012345678901234567890"));
      case TRANSIT_JSON -> t.addAll(List.of(":", "\"^ \"", "\"^0\"", "\"^1\"", "\"^\"", "\"~:name\"", "\"~:role\"", "\"~#set\"",
          "\"~#list\"", "\"~#cmap\"", "\"~#'\"", "\"~#u\"", "\"~#ratio\"", "\"~#link\"", "\"~#point\"", "\"~u\"", "\"~i\"",
          "\"~$x\"", "\"~t\"", "\"~m\"", "\"~~\"", "\"~^\"", "\"~b\"", "\"~n\"", "\"~f\"", "\"~z\"", "\"~zINF\"", "\"~c\"",
          "\"~r\"", "\"~?t\"", "\"~_\"", "\"~d\"", "\"~#\""));
      case EDN -> t.addAll(List.of("(", ")", "#{", "#_", "#uuid ", "#inst ", "#foo ", "#:ns", "#:", ":name", ":role", "nil",
          "sym", "a/b", "a/b/c/d", "//", ":/", "/", "\\newline", "\\u12", "\\", ";", "1N", "1M", "1e", "+", "-", ".", "#",
          "\"\\u00\"", "##Inf", "'"));
      case TRANSIT_MSGPACK -> t.clear();
    }
    List<byte[]> tokens = new ArrayList<>();
    t.forEach(s -> tokens.add(text(s)));
    if (format == Format.TRANSIT_MSGPACK) {
      for (String hex : List.of("80", "81", "8f", "90", "91", "9f", "a0", "a1", "bf", "c0", "c1", "c2", "c3", "c4ff", "c7",
          "ca", "cb", "cc", "cd", "ce", "cf", "d0", "d3", "d4", "d9", "da", "db", "dc0001", "dd", "de0001", "df", "e0", "ff",
          "a25e20", "a25e30", "a25e31", "a15e", "a67e3a6e616d65", "a67e3a726f6c65", "a37e2375", "a57e23736574",
          "a77e236c697374", "a37e2327", "a47e246369", "a27e69", "a37e695a", "a2c3a9", "a3eda080", "dc0000", "de0000")) {
        tokens.add(HexFormat.of().parseHex(hex));
      }
    }
    return tokens;
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  /** Makes inputs: a fifth random bytes, the rest one to four mutations of a corpus body. */
  static final class Mutator {
    private final SplittableRandom random;
    private final List<byte[]> corpus;
    private final List<byte[]> tokens;

    Mutator(SplittableRandom random, List<byte[]> corpus, List<byte[]> tokens) {
      this.random = random;
      this.corpus = corpus;
      this.tokens = tokens;
    }

    byte[] next() {
      if (random.nextInt(5) == 0) {
        return randomBytes(random.nextInt(65));
      }
      byte[] b = pick(corpus);
      int mutations = 1 + random.nextInt(4);
      for (int i = 0; i < mutations; i++) {
        b = mutate(b);
      }
      return b;
    }

    private byte[] mutate(byte[] b) {
      int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      switch (random.nextInt(8)) {
        case 0: { // flip bits
          byte[] out = b.clone();
          for (int i = random.nextInt(1, 4); i > 0 && out.length > 0; i--) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
          }
          return out;
        }
        case 1: // truncate
          return java.util.Arrays.copyOf(b, at);
        case 2: // insert random bytes
          return splice(b, at, at, randomBytes(1 + random.nextInt(8)));
        case 3: // insert a token
          return splice(b, at, at, pick(tokens));
        case 4: // replace a range with a token
          return splice(b, at, Math.min(b.length, at + random.nextInt(1, 6)), pick(tokens));
        case 5: // delete a range
          return splice(b, at, Math.min(b.length, at + random.nextInt(1, 9)), new byte[0]);
        case 6: { // duplicate a range
          int end = Math.min(b.length, at + random.nextInt(1, 17));
          return splice(b, end, end, java.util.Arrays.copyOfRange(b, at, end));
        }
        default: { // splice: the head of this body, the tail of another
          byte[] other = pick(corpus);
          int from = other.length == 0 ? 0 : random.nextInt(other.length + 1);
          return splice(b, at, b.length, java.util.Arrays.copyOfRange(other, from, other.length));
        }
      }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
      out.write(b, 0, from);
      out.writeBytes(insert);
      out.write(b, to, b.length - to);
      return out.toByteArray();
    }

    private byte[] pick(List<byte[]> list) {
      return list.get(random.nextInt(list.size()));
    }

    private byte[] randomBytes(int n) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) random.nextInt(256);
      }
      return b;
    }
  }
}
