package dev.apikeys.codecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Picks the codec for a request's Content-Type and for its Accept header, among the four codecs of
 * {@link Codec#all()}.
 *
 * <h2>Content-Type</h2>
 *
 * The media type's name decides, in any case; parameters are allowed, but a {@code charset} other
 * than {@code utf-8} is refused. Missing, malformed or unsupported: no codec (415).
 *
 * <h2>Accept (RFC 9110, section 12.5.1)</h2>
 *
 * Each codec offers its media type with the parameters of its Content-Type ({@code charset=utf-8}
 * for the text formats). A codec's quality is the q-value of the most specific media range that
 * matches it ({@code type/subtype} with parameters, then without, then {@code type/*}, then {@code
 * *}{@code /*}; among equally specific ranges, the first); a range's parameters must all be
 * offered. Of the codecs with a quality above 0, the highest quality wins, then the one matched by
 * the more specific range, then the one whose range comes first in the header, then the default
 * codec, then the order of {@link Codec#all()}. Parts that do not parse (a bad media range, a bad
 * or repeated q, {@code *}{@code /json}) are skipped. No header, a blank one, or one in which no part
 * parses gives the default codec; a header whose ranges match no codec with a quality above 0
 * gives none (406).
 *
 * <p>Immutable and thread-safe.
 */
public final class Negotiation {
  private static final Negotiation STANDARD = new Negotiation(Codec.json());

  private final List<Codec> codecs;
  private final List<MediaType> offered;
  private final Codec defaultCodec;

  private Negotiation(Codec defaultCodec) {
    this.codecs = Codec.all();
    // what each codec offers to Accept: its media type with the parameters of its Content-Type
    this.offered = codecs.stream().map(c -> MediaType.parse(c.contentType())).toList();
    this.defaultCodec = defaultCodec;
  }

  /** Negotiation with JSON as the default format. */
  public static Negotiation standard() {
    return STANDARD;
  }

  /**
   * Negotiation with another default format.
   *
   * @param defaultMediaType one of the four media types, parameters ignored
   * @return the negotiation
   * @throws IllegalArgumentException if no codec has this media type
   */
  public static Negotiation withDefault(MediaType defaultMediaType) {
    Objects.requireNonNull(defaultMediaType, "defaultMediaType");
    for (Codec codec : Codec.all()) {
      if (codec.mediaType().hasEssenceOf(defaultMediaType)) {
        return new Negotiation(codec);
      }
    }
    throw new IllegalArgumentException("no codec for " + defaultMediaType.essence() + "; supported: "
        + Codec.all().stream().map(c -> c.mediaType().essence()).toList());
  }

  /** The codec for an absent Accept header and for error bodies when nothing is acceptable. */
  public Codec defaultCodec() {
    return defaultCodec;
  }

  /** The codecs, in the order that breaks the last ties. */
  public List<Codec> codecs() {
    return codecs;
  }

  /**
   * The codec that reads a body of this Content-Type.
   *
   * @param contentType the header value, or {@code null} when absent
   * @return the codec, or empty if the type is missing, malformed, unsupported or not UTF-8
   */
  public Optional<Codec> forContentType(@Nullable String contentType) {
    Optional<MediaType> parsed = MediaType.tryParse(contentType);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    MediaType type = parsed.get();
    Optional<String> charset = type.parameter("charset");
    if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
      return Optional.empty();
    }
    return codecs.stream().filter(c -> c.mediaType().hasEssenceOf(type)).findFirst();
  }

  /**
   * The codec that writes the response for this Accept header.
   *
   * @param accept the header value, or {@code null} when absent
   * @return the codec, or empty if the header accepts none of the four (406)
   */
  public Optional<Codec> forAccept(@Nullable String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.of(defaultCodec);
    }
    List<Range> ranges = ranges(accept);
    if (ranges.isEmpty()) {
      return Optional.of(defaultCodec);
    }
    Codec best = null;
    Range bestRange = null;
    for (int i = 0; i < codecs.size(); i++) {
      Codec codec = codecs.get(i);
      Range range = bestMatch(ranges, offered.get(i));
      if (range == null || range.quality == 0) {
        continue;
      }
      if (bestRange == null || range.beats(bestRange) || (range == bestRange && codec == defaultCodec)) {
        best = codec;
        bestRange = range;
      }
    }
    return Optional.ofNullable(best);
  }

  private static @Nullable Range bestMatch(List<Range> ranges, MediaType offered) {
    Range best = null;
    for (Range r : ranges) {
      if (r.matches(offered) && (best == null || r.specificity > best.specificity)) {
        best = r;
      }
    }
    return best;
  }

  /** The parsable elements of an Accept header, in header order; commas inside quotes do not split. */
  static List<Range> ranges(String accept) {
    List<Range> ranges = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i <= accept.length(); i++) {
      char c = i < accept.length() ? accept.charAt(i) : ',';
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        Range r = Range.parse(accept.substring(start, i), ranges.size());
        if (r != null) {
          ranges.add(r);
        }
        start = i + 1;
      }
    }
    return ranges;
  }

  /** One media range of an Accept header with its q-value, specificity and position. */
  static final class Range {
    /** Compiled once: {@code String.matches} would compile it for every element of every Accept header. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    final MediaType type;
    final Map<String, String> params;
    final int quality; // thousandths
    final int specificity;
    final int position;

    private Range(MediaType type, Map<String, String> params, int quality, int position) {
      this.type = type;
      this.params = params;
      this.quality = quality;
      this.position = position;
      this.specificity = type.isWildcardType() ? 0 : type.isWildcardSubtype() ? 1 : params.isEmpty() ? 2 : 3 + params.size();
    }

    static @Nullable Range parse(String element, int position) {
      if (element.isBlank()) {
        return null;
      }
      Optional<MediaType> parsed = MediaType.tryParse(element.strip());
      if (parsed.isEmpty()) {
        return null;
      }
      MediaType type = parsed.get();
      if (type.isWildcardType() && !type.isWildcardSubtype()) {
        return null; // */json is no media range
      }
      Map<String, String> params = new LinkedHashMap<>(type.parameters());
      String q = params.remove("q");
      int quality = q == null ? 1000 : quality(q);
      if (quality < 0) {
        return null;
      }
      return new Range(type, params, quality, position);
    }

    /** RFC 9110 qvalue, {@code 0} to {@code 1} with at most three decimals, in thousandths; -1 if malformed. */
    static int quality(String q) {
      if (!QVALUE.matcher(q).matches()) {
        return -1;
      }
      if (q.charAt(0) == '1') {
        return 1000;
      }
      String decimals = q.length() > 2 ? q.substring(2) : "";
      return decimals.isEmpty() ? 0 : Integer.parseInt((decimals + "00").substring(0, 3));
    }

    boolean matches(MediaType offered) {
      if (!type.isWildcardType() && !type.type().equals(offered.type())) {
        return false;
      }
      if (!type.isWildcardSubtype() && !type.subtype().equals(offered.subtype())) {
        return false;
      }
      for (Map.Entry<String, String> p : params.entrySet()) {
        String value = offered.parameters().get(p.getKey());
        boolean caseInsensitive = "charset".equals(p.getKey());
        if (value == null || !(caseInsensitive ? value.equalsIgnoreCase(p.getValue()) : value.equals(p.getValue()))) {
          return false;
        }
      }
      return true;
    }

    boolean beats(Range other) {
      if (quality != other.quality) {
        return quality > other.quality;
      }
      if (specificity != other.specificity) {
        return specificity > other.specificity;
      }
      return position < other.position;
    }

    @Override
    public String toString() {
      return type.essence() + params + ";q=" + quality / 1000.0;
    }
  }

  @Override
  public String toString() {
    return "Negotiation[default=" + defaultCodec.mediaType().essence() + "]";
  }
}
