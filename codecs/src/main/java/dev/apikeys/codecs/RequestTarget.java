package dev.apikeys.codecs;

import dev.apikeys.codecs.internal.Percent;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The target of a request, split into its route and what the route reads from it: the key's name
 * from {@code /api/v1/apikeys/{name}}, {@code limit} and {@code after} from the query of a list.
 * Problems with either are violations, reported all at once as for a body.
 */
final class RequestTarget {
  /** Longer than any name can be, so not a name nor a cursor a listing gave. */
  static final int MAX_NAME_LENGTH = ApikeyService.DEFAULT_MAX_NAME_LENGTH;
  /** Parameter names longer than this are cut in violations, as the service cuts field names. */
  private static final int MAX_REPORTED_LENGTH = 64;

  /** What a request asks for: the switch of {@link ApikeyEndpoint} covers each. */
  enum Operation {
    /** {@code POST /api/v1/apikeys}. */
    CREATE,
    /** {@code GET} (or {@code HEAD}) {@code /api/v1/apikeys}. */
    LIST,
    /** {@code DELETE /api/v1/apikeys/{name}}. */
    REVOKE,
    /** {@code POST /api/v1/apikeys/{name}/rotate}. */
    ROTATE
  }

  /** What a target addresses. */
  enum Route {
    /** {@code /api/v1/apikeys}: list (and HEAD, the list without its body) and create. */
    COLLECTION("GET, HEAD, POST", "this path allows GET, HEAD and POST only"),
    /** {@code /api/v1/apikeys/{name}}: revoke. */
    KEY("DELETE", "this path allows DELETE only"),
    /** {@code /api/v1/apikeys/{name}/rotate}: rotate. */
    ROTATION("POST", "this path allows POST only");

    final String allow;
    /** The message of the refusal of any other method. */
    private final String refusal;

    Route(String allow, String refusal) {
      this.allow = allow;
      this.refusal = refusal;
    }

    /**
     * The operation a method asks for on this route.
     *
     * @throws MethodNotAllowedException if the route has none for it: 405, with {@link #allow}
     */
    Operation operation(String method) {
      Operation operation = switch (this) {
        case COLLECTION -> switch (method) {
          case "POST" -> Operation.CREATE;
          case "GET", "HEAD" -> Operation.LIST;
          default -> null;
        };
        case KEY -> method.equals("DELETE") ? Operation.REVOKE : null;
        case ROTATION -> method.equals("POST") ? Operation.ROTATE : null;
      };
      if (operation == null) {
        throw new MethodNotAllowedException(refusal, allow);
      }
      return operation;
    }
  }

  /** The list's query: {@code after} ({@code null} for the first page) and {@code limit}. */
  record ListQuery(@Nullable String after, int limit) {}

  final Route route;
  /** The suffix of a key's path that addresses its rotation. */
  static final String ROTATE_SUFFIX = "/rotate";

  /** The raw name segment of a {@link Route#KEY} or {@link Route#ROTATION} target, else {@code null}. */
  private final @Nullable String rawName;
  /** The raw query, without its {@code ?}; {@code null} if the target has none. */
  private final @Nullable String rawQuery;

  private RequestTarget(Route route, @Nullable String rawName, @Nullable String rawQuery) {
    this.route = route;
    this.rawName = rawName;
    this.rawQuery = rawQuery;
  }

  /**
   * The route of a target, or {@code null} if it addresses nothing here. The path is compared as
   * sent, case and all; the name is one segment, not empty ({@code /api/v1/apikeys/} addresses
   * nothing), in which a {@code /} is sent as {@code %2F}, so that {@code /api/v1/apikeys/a/rotate}
   * rotates {@code a} and {@code /api/v1/apikeys/a%2Frotate} addresses the key named {@code a/rotate}.
   */
  static @Nullable RequestTarget parse(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    if (path.equals(ApikeyEndpoint.PATH)) {
      return new RequestTarget(Route.COLLECTION, null, query);
    }
    int start = ApikeyEndpoint.PATH.length() + 1;
    if (path.length() <= start || !path.startsWith(ApikeyEndpoint.PATH) || path.charAt(start - 1) != '/') {
      return null;
    }
    String rest = path.substring(start);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return new RequestTarget(Route.KEY, rest, query);
    }
    if (slash > 0 && rest.length() - slash == ROTATE_SUFFIX.length() && rest.endsWith(ROTATE_SUFFIX)) {
      return new RequestTarget(Route.ROTATION, rest.substring(0, slash), query);
    }
    return null;
  }

  /**
   * The key's name: percent-decoded UTF-8, where {@code +} is itself.
   *
   * @throws InvalidRequestException if the segment is not percent-encoded UTF-8, or decodes to what
   *     no name can be: control characters, or more than {@value #MAX_NAME_LENGTH} characters
   */
  String name() {
    List<Violation> violations = new ArrayList<>(1);
    String name = text("name", Percent.decode(rawName, false), violations);
    if (name == null) {
      throw new InvalidRequestException(violations);
    }
    return name;
  }

  /**
   * {@code limit} (1 to {@value ApikeyService#MAX_PAGE_SIZE}, {@code defaultLimit} if absent) and
   * {@code after} (empty or absent for the first page), percent-decoded as HTML forms encode them
   * ({@code +} is a space). Each at most once; no other parameter.
   *
   * @throws InvalidRequestException with one violation per parameter that is wrong: {@code limit},
   *     {@code after}, then unknown parameters in the query's order, the first 20 listed
   */
  ListQuery listQuery(int defaultLimit) {
    String limit = null;
    String after = null;
    boolean limitTwice = false;
    boolean afterTwice = false;
    Set<String> unknown = new LinkedHashSet<>(); // in the query's order, as a body's unknown fields
    if (rawQuery != null) {
      for (String part : rawQuery.split("&", -1)) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String rawParameter = eq < 0 ? part : part.substring(0, eq);
        String value = eq < 0 ? "" : part.substring(eq + 1);
        String parameter = Percent.decode(rawParameter, true);
        if ("limit".equals(parameter)) {
          limitTwice |= limit != null;
          limit = value;
        } else if ("after".equals(parameter)) {
          afterTwice |= after != null;
          after = value;
        } else {
          unknown.add(reported(parameter != null ? parameter : rawParameter));
        }
      }
    }
    List<Violation> violations = new ArrayList<>(2);
    int pageSize = limit == null ? defaultLimit : limit(limit, limitTwice, violations);
    String cursor = null;
    if (afterTwice) {
      violations.add(new Violation("after", Violation.WRONG_TYPE, "after must be given once"));
    } else if (after != null) {
      cursor = text("after", Percent.decode(after, true), violations);
    }
    for (String parameter : unknown) {
      violations.add(new Violation(parameter, Violation.UNKNOWN_FIELD, "the request has no such query parameter"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return new ListQuery(cursor == null || cursor.isEmpty() ? null : cursor, pageSize);
  }

  private static int limit(String raw, boolean twice, List<Violation> out) {
    String field = "limit";
    String range = "limit must be a whole number from 1 to " + ApikeyService.MAX_PAGE_SIZE;
    String value = Percent.decode(raw, true);
    if (twice) {
      out.add(new Violation(field, Violation.WRONG_TYPE, "limit must be given once"));
    } else if (value == null) {
      out.add(new Violation(field, Violation.INVALID_ENCODING, "limit is not percent-encoded UTF-8"));
    } else if (value.isEmpty()) {
      out.add(new Violation(field, Violation.EMPTY, range));
    } else if (!value.matches("-?[0-9]+")) {
      out.add(new Violation(field, Violation.WRONG_TYPE, range));
    } else {
      String digits = value.replaceFirst("^-?0*", "");
      boolean negative = value.startsWith("-");
      int n = negative || digits.length() > 4 ? -1 : digits.isEmpty() ? 0 : Integer.parseInt(digits);
      if (n >= 1 && n <= ApikeyService.MAX_PAGE_SIZE) {
        return n;
      }
      out.add(new Violation(field, Violation.OUT_OF_RANGE, range));
    }
    return -1;
  }

  /** Decoded text that could be a name, or a violation for the field. */
  private static @Nullable String text(String field, @Nullable String decoded, List<Violation> out) {
    if (decoded == null) {
      out.add(new Violation(field, Violation.INVALID_ENCODING, field + " is not percent-encoded UTF-8"));
    } else if (decoded.chars().anyMatch(Character::isISOControl)) {
      out.add(new Violation(field, Violation.INVALID_CHARACTER, field + " must not contain control characters"));
    } else if (decoded.codePointCount(0, decoded.length()) > MAX_NAME_LENGTH) {
      out.add(new Violation(field, Violation.TOO_LONG, field + " must have at most " + MAX_NAME_LENGTH + " characters"));
    } else {
      return decoded;
    }
    return null;
  }

  private static String reported(String parameter) {
    StringBuilder out = new StringBuilder();
    parameter.codePoints().limit(MAX_REPORTED_LENGTH).forEach(out::appendCodePoint);
    return out.length() < parameter.length() ? out.append('…').toString() : parameter;
  }
}
