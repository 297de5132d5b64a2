package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.apikeys.codecs.internal.Malformed;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each format, a body for every kind of malformation the behaviour table names, with the
 * message it must be rejected with. Formats without a kind (JSON has no tags, no cache, no
 * symbols) have no case of it.
 */
public final class MalformedBodies {
  public record Case(Format format, String situation, byte[] body, String message) {
    @Override
    public String toString() {
      return format + ": " + situation;
    }
  }

  private MalformedBodies() {}

  static final String VALID_JSON = "{\"name\":\"ci\",\"role\":\"operator\"}";
  static final String VALID_TRANSIT = "[\"^ \",\"~:name\",\"ci\",\"~:role\",\"operator\"]";
  static final String VALID_EDN = "{:name \"ci\" :role \"operator\"}";

  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(json());
    cases.addAll(transitJson());
    cases.addAll(transitMsgpack());
    cases.addAll(edn());
    return cases;
  }

  static List<Case> json() {
    Format f = Format.JSON;
    return List.of(
        text(f, "syntax error", "{\"name\": ci, \"role\": \"operator\"}", Malformed.syntax("JSON")),
        text(f, "truncated", "{\"name\":\"ci\",\"role\":\"ope", Malformed.TRUNCATED),
        text(f, "trailing data", VALID_JSON + " {}", Malformed.TRAILING),
        new Case(f, "invalid UTF-8", utf8Broken("{\"name\":\"c", "\",\"role\":\"operator\"}"), Malformed.NOT_UTF8),
        text(f, "duplicate key", "{\"name\":\"a\",\"role\":\"operator\",\"name\":\"b\"}", Malformed.DUPLICATE_KEY),
        text(f, "nesting too deep", "{\"name\":" + "[".repeat(40) + "]".repeat(40) + ",\"role\":\"operator\"}", Malformed.TOO_DEEP),
        text(f, "not a map", "[\"ci\",\"operator\"]", Malformed.NOT_A_MAP),
        text(f, "empty", "", Malformed.EMPTY));
  }

  static List<Case> transitJson() {
    Format f = Format.TRANSIT_JSON;
    return List.of(
        text(f, "syntax error", "[\"^ \",\"~:name\",ci,\"~:role\",\"operator\"]", Malformed.syntax("transit+json")),
        text(f, "truncated", "[\"^ \",\"~:name\",\"ci\",\"~:role\",\"ope", Malformed.TRUNCATED),
        text(f, "trailing data", VALID_TRANSIT + " []", Malformed.TRAILING),
        new Case(f, "invalid UTF-8", utf8Broken("[\"^ \",\"~:name\",\"c", "\",\"~:role\",\"operator\"]"), Malformed.NOT_UTF8),
        text(f, "duplicate key", "[\"^ \",\"~:name\",\"a\",\"~:role\",\"operator\",\"~:name\",\"b\"]", Malformed.DUPLICATE_KEY),
        text(f, "duplicate key, keyword and string", "[\"^ \",\"~:name\",\"a\",\"~:role\",\"operator\",\"name\",\"b\"]",
            Malformed.DUPLICATE_KEY),
        text(f, "duplicate key, verbose", "{\"~:name\":\"a\",\"~:role\":\"operator\",\"~:name\":\"b\"}", Malformed.DUPLICATE_KEY),
        text(f, "undefined cache reference", "[\"^ \",\"^0\",\"x\"]", Malformed.UNDEFINED_CACHE_REFERENCE),
        text(f, "unknown tag", "[\"^ \",\"~:name\",[\"~#point\",[1,2]],\"~:role\",\"operator\"]", Malformed.UNKNOWN_TAG),
        text(f, "symbol where a string belongs", "[\"^ \",\"~:name\",\"~$ci\",\"~:role\",\"operator\"]", Malformed.SYMBOL),
        text(f, "nesting too deep", "[\"^ \",\"~:name\"," + "[".repeat(40) + "]".repeat(40) + ",\"~:role\",\"operator\"]",
            Malformed.TOO_DEEP),
        text(f, "not a map", "[\"~#'\",\"ci\"]", Malformed.NOT_A_MAP),
        text(f, "empty", "", Malformed.EMPTY));
  }

  static List<Case> transitMsgpack() {
    Format f = Format.TRANSIT_MSGPACK;
    byte[] valid = validMsgpack();
    return List.of(
        binary(f, "syntax error (the never-used byte 0xc1)", "82 a6 7e3a6e616d65 c1 a6 7e3a726f6c65 a8 6f70657261746f72",
            Malformed.syntax("transit+msgpack")),
        new Case(f, "truncated", java.util.Arrays.copyOf(valid, valid.length - 3), Malformed.TRUNCATED),
        new Case(f, "trailing data", concat(valid, new byte[] {(byte) 0xc0}), Malformed.TRAILING),
        binary(f, "invalid UTF-8", "82 a6 7e3a6e616d65 a2 63ff a6 7e3a726f6c65 a8 6f70657261746f72", Malformed.NOT_UTF8),
        binary(f, "duplicate key", "83 a6 7e3a6e616d65 a1 61 a6 7e3a726f6c65 a8 6f70657261746f72 a6 7e3a6e616d65 a1 62",
            Malformed.DUPLICATE_KEY),
        binary(f, "duplicate key, keyword and string",
            "83 a6 7e3a6e616d65 a1 61 a6 7e3a726f6c65 a8 6f70657261746f72 a4 6e616d65 a1 62", Malformed.DUPLICATE_KEY),
        binary(f, "undefined cache reference", "81 a2 5e30 a1 78", Malformed.UNDEFINED_CACHE_REFERENCE),
        binary(f, "unknown tag", "82 a6 7e3a6e616d65 92 a7 7e23706f696e74 92 01 02 a6 7e3a726f6c65 a8 6f70657261746f72",
            Malformed.UNKNOWN_TAG),
        binary(f, "symbol where a string belongs", "82 a6 7e3a6e616d65 a4 7e246369 a6 7e3a726f6c65 a8 6f70657261746f72",
            Malformed.SYMBOL),
        new Case(f, "nesting too deep", concat(hex("82 a6 7e3a6e616d65"), repeat((byte) 0x91, 40), hex("c0 a6 7e3a726f6c65 a8 6f70657261746f72")),
            Malformed.TOO_DEEP),
        binary(f, "not a map", "92 a2 6369 a8 6f70657261746f72", Malformed.NOT_A_MAP),
        new Case(f, "empty", new byte[0], Malformed.EMPTY));
  }

  static List<Case> edn() {
    Format f = Format.EDN;
    return List.of(
        text(f, "syntax error", "{:name \"ci\" :role}", Malformed.syntax("EDN")),
        text(f, "truncated", "{:name \"ci\" :role \"ope", Malformed.TRUNCATED),
        text(f, "trailing data", VALID_EDN + " {}", Malformed.TRAILING),
        new Case(f, "invalid UTF-8", utf8Broken("{:name \"c", "\" :role \"operator\"}"), Malformed.NOT_UTF8),
        text(f, "duplicate key", "{:name \"a\" :role \"operator\" :name \"b\"}", Malformed.DUPLICATE_KEY),
        text(f, "duplicate key, keyword and string", "{:name \"a\" :role \"operator\" \"name\" \"b\"}", Malformed.DUPLICATE_KEY),
        text(f, "unknown tag", "{:name #acme/name \"ci\" :role \"operator\"}", Malformed.UNKNOWN_TAG),
        text(f, "symbol where a string belongs", "{:name ci :role \"operator\"}", Malformed.SYMBOL),
        text(f, "nesting too deep", "{:name " + "[".repeat(40) + "]".repeat(40) + " :role \"operator\"}", Malformed.TOO_DEEP),
        text(f, "not a map", "[\"ci\" \"operator\"]", Malformed.NOT_A_MAP),
        text(f, "empty", "", Malformed.EMPTY));
  }

  static byte[] validMsgpack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "ci");
    m.put("role", "operator");
    return Format.TRANSIT_MSGPACK.write(m);
  }

  private static Case text(Format f, String situation, String body, String message) {
    return new Case(f, situation, body.getBytes(UTF_8), message);
  }

  private static Case binary(Format f, String situation, String hex, String message) {
    return new Case(f, situation, hex(hex), message);
  }

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  /** {@code before}, the byte 0xff (never valid in UTF-8), {@code after}. */
  static byte[] utf8Broken(String before, String after) {
    return concat(before.getBytes(UTF_8), new byte[] {(byte) 0xff}, after.getBytes(UTF_8));
  }

  static byte[] repeat(byte b, int n) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, b);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
