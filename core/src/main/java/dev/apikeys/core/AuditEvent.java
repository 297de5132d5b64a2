package dev.apikeys.core;

import dev.apikeys.core.internal.Uuids;
import dev.apikeys.core.spi.KeyDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Something a tenant's auditors want to know: who did what to which key, when, and how it ended.
 * Never holds a key or a digest.
 *
 * @param at when
 * @param action what was attempted
 * @param tenant the tenant, as presented (cut to 256 characters; in an event that did not succeed,
 *     anything shaped like a key shown as {@code <key-shaped key:…>}); {@code null} if none was presented
 * @param actor the caller's id ({@code key:…}, a host principal, or {@code bootstrap}); {@code null}
 *     when authentication was refused
 * @param target the name of the key concerned (cut, and shaped like a key shown, as the tenant), or
 *     {@code null}
 * @param outcome how it ended
 * @param errorCode the error's code when refused or failed (e.g. {@code name-taken}), else {@code null}
 */
public record AuditEvent(
    Instant at, Action action, String tenant, String actor, String target, Outcome outcome, String errorCode) {

  /** What was attempted. */
  public enum Action {
    /** Presenting a tenant and key; only refusals are recorded. */
    AUTHENTICATE,
    /** Creating a key. */
    CREATE,
    /** Revoking a key. */
    REVOKE
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

  private static void quoted(StringBuilder b, String key, String value) {
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
  static String cut(String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }

  private static final int MAX_TEXT = 256;
  private static final int CANONICAL = 36;
  private static final int HEX = 32;

  /**
   * Presented text for an event that did not succeed, cut like {@link #cut(String)}, with anything
   * shaped like a key (a canonical UUID in any case, or 32 hex digits in a row) replaced by {@code
   * <key-shaped key:…>} and the fingerprint a key of that value would have. A client that swaps
   * the tenant and key headers, or pastes its key where a name belongs, is refused; its key must not
   * be written to the audit log with the refusal. Text of a successful event was checked and is
   * left alone.
   */
  static String presented(String s) {
    if (s == null) {
      return null;
    }
    // A key that starts before the cut would leave part of itself in the cut text: look past it.
    String head = s.length() <= MAX_TEXT + CANONICAL ? s : s.substring(0, MAX_TEXT + CANONICAL);
    StringBuilder out = new StringBuilder(head.length());
    int i = 0;
    while (i < head.length()) {
      UUID key = i + CANONICAL <= head.length() ? Uuids.parseCanonical(head.substring(i, i + CANONICAL)) : null;
      int length = CANONICAL;
      if (key == null && i + HEX <= head.length() && isHex(head, i, i + HEX)) {
        key = Uuids.parseCanonical(head.substring(i, i + 8) + "-" + head.substring(i + 8, i + 12) + "-"
            + head.substring(i + 12, i + 16) + "-" + head.substring(i + 16, i + 20) + "-" + head.substring(i + 20, i + 32));
        length = HEX;
      }
      if (key != null) {
        out.append("<key-shaped key:").append(KeyDigest.ofKey(key).fingerprint()).append('>');
        i += length;
      } else {
        out.append(head.charAt(i++));
      }
    }
    return cut(out.toString());
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }
}
