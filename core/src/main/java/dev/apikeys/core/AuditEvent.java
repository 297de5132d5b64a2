package dev.apikeys.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a tenant's auditors want to know: who did what to which key, when, and how it ended.
 * Never holds a key or a digest.
 *
 * @param at when
 * @param action what was attempted
 * @param tenant the tenant, as presented (cut to 256 characters); {@code null} if none was presented
 * @param actor the caller's id ({@code key:…}, a host principal, or {@code bootstrap}); {@code null}
 *     when authentication was refused
 * @param target the name of the key concerned (cut to 256 characters), or {@code null}
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
    return s == null || s.length() <= 256 ? s : s.substring(0, 256);
  }
}
