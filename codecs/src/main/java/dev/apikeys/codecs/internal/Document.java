package dev.apikeys.codecs.internal;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.RotatedApikey;
import dev.apikeys.core.Violation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What an encoder writes: fields in a fixed order. Values are {@link String}, {@link UUID}, {@link
 * Boolean}, {@link Instant} (whole milliseconds) or a list of documents. A field whose value is
 * absent is not written at all. Encoders walk the fields, or build insertion-ordered maps from
 * them; no printer is ever handed a map whose order depends on hashing.
 *
 * @param fields the fields, in the order they are written
 */
public record Document(List<Field> fields) {
  /**
   * One field.
   *
   * @param name the field name, written as a keyword in transit and EDN
   * @param value a {@link String}, {@link UUID}, {@link Boolean}, {@link Instant} or {@code List<Document>}
   */
  public record Field(String name, Object value) {}

  /**
   * An instant as RFC 3339 text in UTC with exactly three decimals, e.g. {@code
   * 2026-01-02T03:04:05.120Z}; the {@code Z} is {@code zone}'s to choose, as EDN writes {@code -00:00}.
   */
  static String timestamp(Instant instant, String zone) {
    return TIMESTAMP.format(instant) + zone;
  }

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Copies the list. */
  public Document {
    fields = List.copyOf(fields);
  }

  /** {@code role}, {@code name}, {@code key}, {@code created-by}: the spec's order. */
  public static Document of(CreatedApikey created) {
    return new Document(List.of(
        new Field("role", wellFormed(created.role())),
        new Field("name", wellFormed(created.name())),
        new Field("key", created.key()),
        new Field("created-by", wellFormed(created.createdBy()))));
  }

  /** {@code role}, {@code name}, {@code key}, {@code created-by}, {@code previous-key-expires-at}: a rotation's answer. */
  public static Document of(RotatedApikey rotated) {
    return new Document(List.of(
        new Field("role", wellFormed(rotated.role())),
        new Field("name", wellFormed(rotated.name())),
        new Field("key", rotated.key()),
        new Field("created-by", wellFormed(rotated.createdBy())),
        new Field("previous-key-expires-at", millis(rotated.previousKeyExpiresAt()))));
  }

  /**
   * {@code keys}, a list with per key {@code name}, {@code role}, {@code id}, {@code hint}, {@code
   * created-by}, {@code created-at}, {@code expires-at}, {@code last-used-at}, {@code
   * previous-key-expires-at}; then {@code next}. All but the first six are left out when absent.
   */
  public static Document of(ApikeyPage page) {
    List<Document> keys = new ArrayList<>(page.keys().size());
    for (ApikeyInfo k : page.keys()) {
      List<Field> fields = new ArrayList<>(9);
      fields.add(new Field("name", wellFormed(k.name())));
      fields.add(new Field("role", wellFormed(k.role())));
      fields.add(new Field("id", wellFormed(k.id())));
      optional(fields, "hint", k.hint() == null ? null : wellFormed(k.hint()));
      fields.add(new Field("created-by", wellFormed(k.createdBy())));
      fields.add(new Field("created-at", millis(k.createdAt())));
      optional(fields, "expires-at", millis(k.expiresAt()));
      optional(fields, "last-used-at", millis(k.lastUsedAt()));
      optional(fields, "previous-key-expires-at", millis(k.previousKeyExpiresAt()));
      keys.add(new Document(fields));
    }
    List<Field> fields = new ArrayList<>(2);
    fields.add(new Field("keys", List.copyOf(keys)));
    optional(fields, "next", page.next() == null ? null : wellFormed(page.next()));
    return new Document(fields);
  }

  /** {@code name} and {@code revoked}, always {@code true}: the answer to a revoke. */
  public static Document revoked(String name) {
    return new Document(List.of(new Field("name", wellFormed(name)), new Field("revoked", true)));
  }

  private static void optional(List<Field> fields, String name, Object value) {
    if (value != null) {
      fields.add(new Field(name, value));
    }
  }

  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * {@code error}, {@code message}, and for a 400 {@code violations}: at most {@value
   * InvalidRequestException#MAX_LISTED_VIOLATIONS}, as the exception lists them, each string cut to
   * its budget of {@link #worstCaseBytes} (the service cuts field names to 64 characters; what a
   * host's own code throws is cut here). The budgets keep every error body under {@value
   * #MAX_ERROR_BYTES} bytes in each format, whatever the exception holds: at most 1,024 for the
   * message, then per violation 400 for the field, 64 for the code and 192 for the message, and
   * less than 60 bytes of a format's own syntax around them.
   */
  public static Document of(ApikeyException error) {
    List<Field> fields = new ArrayList<>(3);
    fields.add(new Field("error", error.errorCode().code()));
    fields.add(new Field("message", bounded(String.valueOf(error.getMessage()), 1024)));
    if (error.status() == 400) {
      List<Document> violations = new ArrayList<>();
      if (error instanceof InvalidRequestException invalid) {
        for (Violation v : invalid.violations()) {
          if (violations.size() == InvalidRequestException.MAX_LISTED_VIOLATIONS) {
            break;
          }
          violations.add(new Document(List.of(
              new Field("field", bounded(v.field(), 400)),
              new Field("code", bounded(v.code(), 64)),
              new Field("message", bounded(v.message(), 192)))));
        }
      }
      fields.add(new Field("violations", List.copyOf(violations)));
    }
    return new Document(fields);
  }

  /** What no error body reaches, in any of the four formats: 16 KiB. */
  public static final int MAX_ERROR_BYTES = 16 * 1024;

  /**
   * The most bytes a character takes in any of the four formats: six for a control character,
   * which JSON writes as <code>&#92;u0001</code>; two for a quote or backslash, escaped; three for any
   * other character beyond ASCII (UTF-8, and for a surrogate pair six where UTF-8 takes four, and
   * U+FFFD for an unpaired one); one for the rest. EDN and msgpack write control characters as they
   * are, and no format escapes any other character.
   */
  static int worstCaseBytes(char c) {
    if (c < 0x20) {
      return 6;
    }
    if (c < 0x80) {
      return c == '"' || c == '\\' ? 2 : 1;
    }
    return 3;
  }

  /**
   * The string, well-formed, cut where needed so that it takes at most {@code budget} bytes by
   * {@link #worstCaseBytes}, the ellipsis that marks a cut included. A surrogate pair is not split.
   */
  static String bounded(String s, int budget) {
    int used = 0;
    int fits = 0; // the longest start that leaves room for the ellipsis, three bytes
    for (int i = 0; i < s.length(); i++) {
      if (used + 3 <= budget) {
        fits = i;
      }
      used += worstCaseBytes(s.charAt(i));
      if (used > budget) {
        if (fits > 0 && Character.isHighSurrogate(s.charAt(fits - 1))) {
          fits--;
        }
        return wellFormed(s.substring(0, fits) + "…");
      }
    }
    return wellFormed(s);
  }

  /**
   * The string with every unpaired surrogate replaced by U+FFFD. A violation may name a field
   * decoded from a JSON {@code \ud800} escape; UTF-8 cannot carry it, and some writers would fail.
   */
  static String wellFormed(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (paired) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
