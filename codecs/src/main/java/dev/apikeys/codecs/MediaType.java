package dev.apikeys.codecs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A media type as RFC 9110 writes it: {@code type/subtype}, then parameters, e.g. {@code
 * application/json; charset=utf-8}.
 *
 * <p>Type, subtype and parameter names are case-insensitive and kept in lower case; parameter
 * values are kept as sent, unquoted. Two media types are equal when type, subtype and parameters
 * are, parameter order aside. Wildcards ({@code *}) parse like any other token, so that an Accept
 * header's media ranges are media types too. Immutable.
 */
public final class MediaType {
  /** {@code application/json}. */
  public static final MediaType APPLICATION_JSON = of("application", "json");
  /** {@code application/transit+json}. */
  public static final MediaType APPLICATION_TRANSIT_JSON = of("application", "transit+json");
  /** {@code application/transit+msgpack}. */
  public static final MediaType APPLICATION_TRANSIT_MSGPACK = of("application", "transit+msgpack");
  /** {@code application/edn}. */
  public static final MediaType APPLICATION_EDN = of("application", "edn");

  private final String type;
  private final String subtype;
  private final Map<String, String> parameters;

  private MediaType(String type, String subtype, Map<String, String> parameters) {
    this.type = type;
    this.subtype = subtype;
    this.parameters = parameters;
  }

  /**
   * A media type without parameters.
   *
   * @param type e.g. {@code application}, or {@code *}
   * @param subtype e.g. {@code json}, or {@code *}
   * @return the media type, names in lower case
   * @throws IllegalArgumentException if either is not an RFC 9110 token
   */
  public static MediaType of(String type, String subtype) {
    return new MediaType(token(type, "type"), token(subtype, "subtype"), Map.of());
  }

  /**
   * Parses a media type with optional parameters, as in a Content-Type header or one element of
   * an Accept header. Optional white space around {@code ;} and {@code =}-free empty parameters
   * are allowed; a parameter named twice is not.
   *
   * @param text e.g. {@code Application/JSON; Charset="UTF-8"}
   * @return the media type
   * @throws IllegalArgumentException if the text is not a media type
   */
  public static MediaType parse(String text) {
    Objects.requireNonNull(text, "text");
    MediaType parsed = new Parser(text).mediaType();
    if (parsed == null) {
      throw new IllegalArgumentException("not a media type: '" + shorten(text) + "'");
    }
    return parsed;
  }

  /**
   * Parses like {@link #parse(String)} but answers empty instead of throwing.
   *
   * @param text the text, or {@code null}
   * @return the media type, or empty if the text is absent or malformed
   */
  public static Optional<MediaType> tryParse(@Nullable String text) {
    return text == null ? Optional.empty() : Optional.ofNullable(new Parser(text).mediaType());
  }

  /** The type in lower case, e.g. {@code application}; {@code *} for a wildcard. */
  public String type() {
    return type;
  }

  /** The subtype in lower case, e.g. {@code transit+json}; {@code *} for a wildcard. */
  public String subtype() {
    return subtype;
  }

  /** {@code type/subtype} without parameters, in lower case. */
  public String essence() {
    return type + "/" + subtype;
  }

  /** The parameters in the order given, names in lower case, values unquoted; unmodifiable. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /**
   * One parameter's value.
   *
   * @param name the name, in any case
   * @return the value, or empty if absent
   */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Whether the type is {@code *}. */
  public boolean isWildcardType() {
    return "*".equals(type);
  }

  /** Whether the subtype is {@code *}. */
  public boolean isWildcardSubtype() {
    return "*".equals(subtype);
  }

  /**
   * This media type with one parameter added or replaced.
   *
   * @param name the parameter name, a token
   * @param value the value
   * @return the new media type
   */
  public MediaType withParameter(String name, String value) {
    Objects.requireNonNull(value, "value");
    Map<String, String> p = new LinkedHashMap<>(parameters);
    p.put(token(name, "parameter name"), value);
    return new MediaType(type, subtype, Collections.unmodifiableMap(p));
  }

  /** Whether type and subtype are equal, parameters aside. */
  public boolean hasEssenceOf(MediaType other) {
    return type.equals(other.type) && subtype.equals(other.subtype);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaType other
        && type.equals(other.type)
        && subtype.equals(other.subtype)
        && parameters.equals(other.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, subtype, parameters);
  }

  /** The header form, e.g. {@code application/json; charset=utf-8}; values quoted where needed. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(essence());
    parameters.forEach((name, value) -> {
      sb.append("; ").append(name).append('=');
      if (!value.isEmpty() && value.chars().allMatch(MediaType::isTchar)) {
        sb.append(value);
      } else {
        sb.append('"');
        value.chars().forEach(c -> {
          if (c == '"' || c == '\\') {
            sb.append('\\');
          }
          sb.append((char) c);
        });
        sb.append('"');
      }
    });
    return sb.toString();
  }

  private static String token(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isEmpty() || !s.chars().allMatch(MediaType::isTchar)) {
      throw new IllegalArgumentException("not a token, as a " + what + " must be: '" + shorten(s) + "'");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  /** RFC 9110 tchar. */
  static boolean isTchar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Recursive descent over the RFC 9110 grammar; answers null on the first error. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    @Nullable MediaType mediaType() {
      skipOws();
      String type = token();
      if (type == null || !eat('/')) {
        return null;
      }
      String subtype = token();
      if (subtype == null) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        skipOws();
        if (i == s.length()) {
          break;
        }
        if (!eat(';')) {
          return null;
        }
        skipOws();
        if (i == s.length() || s.charAt(i) == ';') {
          continue; // RFC 9110 allows empty parameters
        }
        String name = token();
        if (name == null || !eat('=')) {
          return null;
        }
        String value = i < s.length() && s.charAt(i) == '"' ? quotedString() : token();
        if (value == null || params.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
          return null;
        }
      }
      return new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT),
          params.isEmpty() ? Map.of() : Collections.unmodifiableMap(params));
    }

    private @Nullable String token() {
      int start = i;
      while (i < s.length() && isTchar(s.charAt(i))) {
        i++;
      }
      return i > start ? s.substring(start, i) : null;
    }

    private @Nullable String quotedString() {
      StringBuilder sb = new StringBuilder();
      i++; // opening quote
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          if (i == s.length() || !isQdtextOrQuotedPair(s.charAt(i), true)) {
            return null;
          }
          c = s.charAt(i++);
        } else if (!isQdtextOrQuotedPair(c, false)) {
          return null;
        }
        sb.append(c);
      }
      return null; // unterminated
    }

    private static boolean isQdtextOrQuotedPair(char c, boolean escaped) {
      if (c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || (c >= 0x80 && c <= 0xff)) {
        return escaped || (c != '"' && c != '\\');
      }
      return false;
    }

    private boolean eat(char c) {
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    private void skipOws() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }
  }
}
