package dev.apikeys.hardening;

import dev.apikeys.core.spi.KeyDigest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds known keys in bytes, in every spelling a key could leak in: canonical text in any case,
 * 32 hex digits without dashes, base64 of its 16 bytes, the decimal of either half (a {@code long}
 * printed), the 16 bytes themselves or either 8-byte half in either byte order (how transit's
 * msgpack writes a UUID, and how a database or a serializer keeps one), and any of the text forms
 * in UTF-16 (the bytes are searched again with every NUL byte removed).
 *
 * <p>One pass over the bytes per form, whatever the number of keys: each position is looked up in
 * hash maps. A finding names the key by its fingerprint, never by the key, so that a failure
 * message does not leak what it reports.
 */
final class LeakScanner {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{32,}");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{22,}");
  /** A version-4, variant-10 UUID: what every key is, whatever generated it. */
  private static final Pattern V4_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private final Map<String, UUID> byText = new HashMap<>();
  private final Map<Long, UUID> byHalf = new HashMap<>();
  private final Map<String, UUID> byBase64 = new HashMap<>();

  LeakScanner(Collection<UUID> keys) {
    add(keys);
  }

  /** Looks for these keys too. */
  void add(Collection<UUID> keys) {
    for (UUID key : keys) {
      String canonical = key.toString();
      byText.put(canonical, key);
      byText.put(canonical.replace("-", ""), key);
      byte[] bytes = bytes(key);
      byBase64.put(Base64.getEncoder().withoutPadding().encodeToString(bytes), key);
      byBase64.put(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), key);
      for (long half : new long[] {key.getMostSignificantBits(), key.getLeastSignificantBits()}) {
        byHalf.put(half, key);
        byHalf.put(Long.reverseBytes(half), key);
      }
    }
  }

  /** One place a key was found. */
  record Finding(String where, String form, long offset, String fingerprint) {
    @Override
    public String toString() {
      return where + ": a key (fingerprint " + fingerprint + ") as " + form + " at " + offset;
    }
  }

  List<Finding> scan(String where, String text) {
    return scan(where, text.getBytes(StandardCharsets.UTF_8));
  }

  List<Finding> scan(String where, byte[] content) {
    List<Finding> found = new ArrayList<>();
    scanText(where, new String(content, StandardCharsets.ISO_8859_1), "", found);
    byte[] withoutNul = withoutNul(content);
    if (withoutNul.length != content.length) {
      scanText(where, new String(withoutNul, StandardCharsets.ISO_8859_1), " (UTF-16)", found);
    }
    scanBytes(where, content, found);
    return found;
  }

  private void scanText(String where, String text, String encoding, List<Finding> found) {
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher uuid = UUID_TEXT.matcher(lower);
    while (uuid.find()) {
      report(where, "text" + encoding, uuid.start(), byText.get(uuid.group()), found);
    }
    Matcher hex = HEX_RUN.matcher(lower);
    while (hex.find()) {
      // A key's 32 digits may sit inside a longer run of hex: try every window.
      for (int i = hex.start(); i + 32 <= hex.end(); i++) {
        report(where, "hex" + encoding, i, byText.get(lower.substring(i, i + 32)), found);
      }
    }
    Matcher decimal = DECIMAL.matcher(text);
    while (decimal.find()) {
      if (decimal.group().length() <= 20) {
        try {
          report(where, "the decimal of a half" + encoding, decimal.start(), byHalf.get(Long.parseLong(decimal.group())), found);
        } catch (NumberFormatException e) {
          // more than a long holds
        }
      }
    }
    Matcher base64 = BASE64_RUN.matcher(text);
    while (base64.find()) {
      for (int i = base64.start(); i + 22 <= base64.end(); i++) {
        report(where, "base64" + encoding, i, byBase64.get(text.substring(i, i + 22)), found);
      }
    }
  }

  private void scanBytes(String where, byte[] content, List<Finding> found) {
    ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.BIG_ENDIAN);
    for (int i = 0; i + 8 <= content.length; i++) {
      report(where, "bytes", i, byHalf.get(buffer.getLong(i)), found);
    }
  }

  private static void report(String where, String form, long offset, UUID key, List<Finding> found) {
    if (key != null) {
      found.add(new Finding(where, form, offset, KeyDigest.ofKey(key).fingerprint()));
    }
  }

  /** Every version-4 UUID written as text in the content, in any case: the shape of a key, whoever made it. */
  static List<String> keyShapedText(byte[] content) {
    List<String> shapes = new ArrayList<>();
    byte[] withoutNul = withoutNul(content);
    for (byte[] view : withoutNul.length == content.length ? List.of(content) : List.of(content, withoutNul)) {
      Matcher m = V4_TEXT.matcher(new String(view, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
      while (m.find()) {
        shapes.add(m.group());
      }
    }
    return shapes;
  }

  private static byte[] withoutNul(byte[] content) {
    byte[] out = new byte[content.length];
    int n = 0;
    for (byte b : content) {
      if (b != 0) {
        out[n++] = b;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  static byte[] bytes(UUID key) {
    return ByteBuffer.allocate(16).putLong(key.getMostSignificantBits()).putLong(key.getLeastSignificantBits()).array();
  }

  /** For messages: a key's fingerprint, never the key. */
  static String fingerprint(UUID key) {
    return KeyDigest.ofKey(key).fingerprint();
  }
}
