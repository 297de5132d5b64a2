package dev.apikeys.codecs;

import dev.apikeys.codecs.internal.Codecs;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.RotatedApikey;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads request bodies and writes response and error bodies in one media type.
 *
 * <p>The four codecs of this library are {@link #json()}, {@link #transitJson()}, {@link
 * #transitMsgpack()} and {@link #edn()}; each is stateless, thread-safe and a singleton. This
 * interface is how callers use them; it is not meant to be implemented outside this library and
 * may gain methods.
 *
 * <h2>Decoding</h2>
 *
 * A request body decodes to a map from field name to value. Keyword keys ({@code :name}, the
 * canonical form in transit and EDN) and string keys ({@code "name"}) both become the string
 * {@code name}; the same field twice in any spelling is a duplicate. Values that are strings decode
 * to {@link String}, null/nil to {@code null}, whole numbers to {@link Long} (or {@link
 * java.math.BigInteger} beyond its range); every other value decodes to some non-string object
 * whose type is not part of this API, which the endpoint reports as {@code wrong-type}.
 * Timestamps, EDN's {@code #inst} and transit's {@code ~m} and {@code ~t}, decode to {@link
 * java.util.Date}, which the endpoint takes for {@code expires-at} (and reports as {@code
 * wrong-type} anywhere else); a JSON client sends {@code expires-at} as an RFC 3339 string. The
 * endpoint hands the service these fields typed, as {@link dev.apikeys.core.RequestFields}. Everything else is a {@link MalformedBodyException}.
 *
 * <h2>Encoding</h2>
 *
 * Fields are written in a fixed order ({@code role}, {@code name}, {@code key}, {@code created-by}
 * for a created key, the spec's; see each method for the others), with keyword keys in transit and
 * EDN, the key as the format's UUID type, and instants as the format's own: an RFC 3339 string in
 * UTC with milliseconds in JSON, transit's {@code ~m} (read back as {@code java.util.Date}), and
 * {@code #inst "…-00:00"} in EDN, as Clojure prints a date. A field with no value is left out, never
 * written as null. The same input always gives the same bytes. Strings are written as UTF-8; an
 * unpaired surrogate, which UTF-8 cannot carry, is written as U+FFFD.
 */
public interface Codec {
  /** The deepest nesting of collections a decoder accepts; a request needs one level. */
  int MAX_DEPTH = 32;

  /** The media type this codec reads and writes, without parameters, e.g. {@code application/edn}. */
  MediaType mediaType();

  /** The Content-Type header value of what this codec writes, e.g. {@code application/edn; charset=utf-8}. */
  String contentType();

  /**
   * Decodes a request body.
   *
   * @param body the whole body
   * @return field name to value, in the order of the body where the format keeps one; unmodifiable
   * @throws MalformedBodyException if the body does not decode to a map in this media type
   */
  Map<String, @Nullable Object> decode(byte[] body);

  /**
   * Encodes a created key: {@code role}, {@code name}, {@code key}, {@code created-by}.
   *
   * @param created the created key
   * @return the body
   */
  byte[] encode(CreatedApikey created);

  /**
   * Encodes a rotated key: {@code role}, {@code name}, {@code key}, {@code created-by}, {@code
   * previous-key-expires-at}.
   *
   * @param rotated the rotated key
   * @return the body
   */
  byte[] encode(RotatedApikey rotated);

  /**
   * Encodes a page of a listing: {@code keys}, a list of maps of {@code name}, {@code role},
   * {@code id}, {@code hint}, {@code created-by}, {@code created-at}, {@code expires-at}, {@code
   * last-used-at} and {@code previous-key-expires-at}, in that order and without the absent ones
   * among {@code hint} and the last three; then {@code next}, left out on the last page.
   *
   * @param page the page
   * @return the body
   */
  byte[] encode(ApikeyPage page);

  /**
   * Encodes the answer to a revoke: {@code name} and {@code revoked}, which is {@code true}.
   *
   * @param name the revoked key's name
   * @return the body
   */
  byte[] encodeRevoked(String name);

  /**
   * Encodes an error: {@code error} (the code), {@code message}, and for status 400 {@code
   * violations}, a list of maps with {@code field}, {@code code} and {@code message} (empty unless
   * the request was invalid), the ones the exception lists: at most 20, the request's own fields
   * first and then unknown ones in the request's order, with the count of all in the message. The
   * exception's cause is never written. The body is under 16 KiB whatever the exception holds: a
   * string too long for its share is cut, and ends with {@code …}.
   *
   * @param error the error
   * @return the body
   */
  byte[] encodeError(ApikeyException error);

  /** {@code application/json} on Jackson. */
  static Codec json() {
    return Codecs.JSON;
  }

  /** {@code application/transit+json} on transit-java: reads verbose and non-verbose, writes non-verbose. */
  static Codec transitJson() {
    return Codecs.TRANSIT_JSON;
  }

  /** {@code application/transit+msgpack} on transit-java. */
  static Codec transitMsgpack() {
    return Codecs.TRANSIT_MSGPACK;
  }

  /** {@code application/edn}: read as {@code clojure.edn/read-string} reads it, written with edn-java's printer. */
  static Codec edn() {
    return Codecs.EDN;
  }

  /** The four codecs, JSON first. */
  static List<Codec> all() {
    return List.of(json(), transitJson(), transitMsgpack(), edn());
  }
}
