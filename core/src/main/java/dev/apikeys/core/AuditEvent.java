package dev.apikeys.core;

import dev.apikeys.core.internal.Uuids;
import dev.apikeys.core.spi.KeyDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something a tenant's auditors want to know: who did what to which key, when, and how it ended.
 * Never holds a key or a digest.
 *
 * @param at when
 * @param action what was attempted
 * @param tenant the tenant, as presented (cut to 256 characters; in an event that did not succeed,
 *     each key in it shown as {@code <key-shaped key:…>}, its fingerprint, and any other run of 20
 *     or more hex digits, which may be part of a key, as {@code <key-shaped>}); {@code null} if none
 *     was presented
 * @param actor the caller's id ({@code key:…}, a host principal, or {@code bootstrap}); {@code null}
 *     when authentication was refused
 * @param target the name of the key concerned (cut, and runs that may hold a key replaced, as the
 *     tenant), or {@code null}
 * @param outcome how it ended
 * @param errorCode the error's code when refused or failed (e.g. {@code name-taken}), else {@code null}
 */
public record AuditEvent(
    Instant at,
    Action action,
    @Nullable String tenant,
    @Nullable String actor,
    @Nullable String target,
    Outcome outcome,
    @Nullable String errorCode) {

  /** What was attempted. */
  public enum Action {
    /** Presenting a tenant and key; only refusals are recorded. */
    AUTHENTICATE,
    /** Creating a key. */
    CREATE,
    /** Revoking a key. */
    REVOKE,
    /** Rotating a key: a new key for its name, the old one working for a grace period. */
    ROTATE
  }

  /** How it ended. */
  public enum Outcome {
    /** Done. */
    SUCCESS,
    /** Refused: not authenticated, not allowed, invalid, or in conflict. */
    REFUSED,
    /** Failed on the server's side, e.g. the store was unavailable. */
    FAILED
  }

  /** Checks that the required parts are present. */
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * One line for a log: {@code audit action=create outcome=success tenant="demo" actor="key:…"
   * target="ci" at=…}. Text is quoted, with control characters, quotes and backslashes escaped, so
   * a hostile tenant or name cannot forge lines.
   *
   * @return the line, without a line break
   */
  public String toLogLine() {
    StringBuilder b = new StringBuilder(160).append("audit action=").append(action.name().toLowerCase(java.util.Locale.ROOT))
        .append(" outcome=").append(outcome.name().toLowerCase(java.util.Locale.ROOT));
    if (errorCode != null) {
      b.append(" error=").append(errorCode);
    }
    quoted(b, "tenant", tenant);
    quoted(b, "actor", actor);
    quoted(b, "target", target);
    return b.append(" at=").append(at).toString();
  }

  private static void quoted(StringBuilder b, String key, @Nullable String value) {
    if (value == null) {
      return;
    }
    b.append(' ').append(key).append("=\"");
    value.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        b.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    b.append('"');
  }

  /** Cuts presented text to a bounded length for an event. */
  static @Nullable String cut(@Nullable String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }

  private static final int MAX_TEXT = 256;
  private static final int CANONICAL = 36;
  private static final int HEX = 32;

  /**
   * A run of this many hex digits or more is taken for a key or a part of one. A shorter run shows
   * at most 19 digits of a mangled key, at most 76 of its 122 random bits: the 46 or more left
   * cannot be guessed online. Names people give tenants and keys (words, numbers, dates, 16-digit
   * ids such as a fingerprint) stay readable.
   */
  static final int KEY_SHAPED_DIGITS = 20;

  /**
   * Presented text for an event that did not succeed, cut like {@link #cut(String)}, with anything
   * that may hold a key replaced. A client that swaps the tenant and key headers, or pastes its key
   * where a name belongs, is refused; its key must not be written to the audit log with the refusal.
   * Text of a successful event was checked and is left alone.
   *
   * <p>Hex digits next to a key cannot be told from the key's own ({@code abc} before 32 digits may
   * be a name or the first digits of a key), so what is looked at is a run: from a hex digit to the
   * last hex digit that follows with only hex digits and hyphens between. In a run of at least
   * {@value #KEY_SHAPED_DIGITS} digits, each key that can be told apart — a canonical UUID (any
   * case), or exactly 32 digits between hyphens or the run's ends — becomes {@code <key-shaped
   * key:…>} with the fingerprint a key of that value would have, and what is left of the run is
   * looked at again; a run of {@value #KEY_SHAPED_DIGITS} digits or more with no such key becomes
   * {@code <key-shaped>}. So {@code acme-} and {@code -prod} around a key are kept, and nothing of
   * {@code abc}, 32 digits and {@code 5d3} is.
   */
  static @Nullable String presented(@Nullable String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_TEXT) + 32);
    int i = 0;
    // Every run is scanned to its end even past the cut: a key that starts before it must not leave its head.
    while (i < s.length() && out.length() < MAX_TEXT) {
      if (!isHex(s.charAt(i))) {
        out.append(s.charAt(i++));
        continue;
      }
      int end = i;
      int digits = 0;
      for (int j = i; j < s.length() && (isHex(s.charAt(j)) || s.charAt(j) == '-'); j++) {
        if (s.charAt(j) != '-') {
          digits++;
          end = j + 1;
        }
      }
      if (digits < KEY_SHAPED_DIGITS) {
        out.append(s, i, end);
        i = end;
        continue;
      }
      int key = firstKey(s, i, end);
      if (key < 0) {
        keyShaped(out, digits == HEX ? digitsAsKey(s, i, end) : null);
        i = end;
        continue;
      }
      // The part of the run before the key, without the hyphens that end it, is a run of its own.
      int before = key;
      while (before > i && s.charAt(before - 1) == '-') {
        before--;
      }
      int beforeDigits = digits(s, i, before);
      if (beforeDigits < KEY_SHAPED_DIGITS) {
        out.append(s, i, before);
      } else {
        keyShaped(out, beforeDigits == HEX ? digitsAsKey(s, i, before) : null);
      }
      out.append(s, before, key);
      boolean canonical = isCanonicalAt(s, key, end);
      int length = canonical ? CANONICAL : HEX;
      keyShaped(out, canonical ? Uuids.parseCanonical(s.substring(key, key + CANONICAL)) : digitsAsKey(s, key, key + HEX));
      i = key + length; // the rest of the run is looked at again, on its own
    }
    return cut(out.toString());
  }

  /**
   * Where the first key that can be told apart starts in the run s[from, to): a canonical UUID, or
   * 32 digits between hyphens or the run's ends; -1 if there is none.
   */
  private static int firstKey(String s, int from, int to) {
    for (int p = from; p < to; p++) {
      if (isCanonicalAt(s, p, to)) {
        return p;
      }
      if ((p == from || s.charAt(p - 1) == '-') && p + HEX <= to && (p + HEX == to || s.charAt(p + HEX) == '-')) {
        int hyphen = s.indexOf('-', p);
        if (hyphen < 0 || hyphen >= p + HEX) {
          return p;
        }
      }
    }
    return -1;
  }

  private static boolean isCanonicalAt(String s, int p, int to) {
    return p + CANONICAL <= to && s.charAt(p + 8) == '-' && s.charAt(p + 13) == '-' && s.charAt(p + 18) == '-'
        && s.charAt(p + 23) == '-' && Uuids.parseCanonical(s.substring(p, p + CANONICAL)) != null;
  }

  /** The UUID of the 32 hex digits in s[from, to), hyphens left out. */
  private static @Nullable UUID digitsAsKey(String s, int from, int to) {
    String hex = s.substring(from, to).replace("-", "");
    return Uuids.parseCanonical(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20, 32));
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '-') {
        n++;
      }
    }
    return n;
  }

  /** {@code <key-shaped key:…>} with the fingerprint of the key, or {@code <key-shaped>} if none can be told. */
  private static void keyShaped(StringBuilder out, @Nullable UUID key) {
    out.append("<key-shaped");
    if (key != null) {
      out.append(" key:").append(KeyDigest.ofKey(key).fingerprint());
    }
    out.append('>');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
