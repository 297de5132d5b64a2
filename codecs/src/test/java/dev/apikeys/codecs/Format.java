package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.cognitect.transit.TransitFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.Parsers;
import us.bpsm.edn.printer.Printers;

/**
 * The four formats as a test sees them: how a client writes a request, and how a client reads
 * what the endpoint answered, with each format's own library (not with the codec under test).
 * Public, with {@link Tenants} and {@link MalformedBodies}, for the host adapters' tests.
 */
public enum Format {
  JSON(Codec.json()),
  TRANSIT_JSON(Codec.transitJson()),
  TRANSIT_MSGPACK(Codec.transitMsgpack()),
  EDN(Codec.edn());

  private static final ObjectMapper JACKSON = new ObjectMapper();

  public final Codec codec;

  Format(Codec codec) {
    this.codec = codec;
  }

  public String mediaType() {
    return codec.mediaType().essence();
  }

  public boolean isText() {
    return this != TRANSIT_MSGPACK;
  }

  /**
   * A request as a client library writes it: keyword keys in transit and EDN. Values: strings,
   * null, numbers, booleans, lists, and in transit and EDN dates.
   */
  public byte[] write(Map<String, ?> fields) {
    return write(fields, true);
  }

  /** A request with string keys, which transit and EDN clients may also send. */
  public byte[] writeWithStringKeys(Map<String, ?> fields) {
    return write(fields, false);
  }

  private byte[] write(Map<String, ?> fields, boolean keywords) {
    try {
      switch (this) {
        case JSON:
          return JACKSON.writeValueAsBytes(fields);
        case EDN: {
          Map<Object, Object> m = new LinkedHashMap<>();
          fields.forEach((k, v) -> m.put(keywords ? Keyword.newKeyword(k) : k, v));
          return Printers.printString(m).getBytes(UTF_8);
        }
        default: {
          Map<Object, Object> m = new LinkedHashMap<>();
          fields.forEach((k, v) -> m.put(keywords ? TransitFactory.keyword(k) : k, v));
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          TransitFactory.writer(this == TRANSIT_JSON ? TransitFactory.Format.JSON : TransitFactory.Format.MSGPACK, out)
              .write(m);
          return out.toByteArray();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response or error body as a client library reads it, keys as plain strings; see {@link #keysAreKeywords}. */
  public Map<String, Object> read(byte[] body) {
    Object value = readRaw(body);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) plain(value);
    return map;
  }

  /** Whether every map key in the body, at any depth, is a keyword. */
  public boolean keysAreKeywords(byte[] body) {
    return allKeys(readRaw(body), k -> k instanceof com.cognitect.transit.Keyword || k instanceof Keyword);
  }

  /**
   * An instant as this format's reader gives it: a {@code java.util.Date}, or in JSON the RFC 3339
   * string in UTC with milliseconds. As a request value, the format's own timestamp type.
   */
  public Object instant(java.time.Instant instant) {
    return this == JSON
        ? java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC).format(instant)
        : java.util.Date.from(instant);
  }

  /** The value of the created key as this format's reader gives it: a UUID, or its string in JSON. */
  public Object key(UUID key) {
    return this == JSON ? key.toString() : key;
  }

  public String show(byte[] body) {
    return isText() ? new String(body, UTF_8) : HexFormat.of().formatHex(body);
  }

  private Object readRaw(byte[] body) {
    try {
      switch (this) {
        case JSON:
          return JACKSON.readValue(body, new TypeReference<Map<String, Object>>() {});
        case EDN:
          return Parsers.newParser(Parsers.defaultConfiguration()).nextValue(Parsers.newParseable(new String(body, UTF_8)));
        default:
          return TransitFactory.reader(this == TRANSIT_JSON ? TransitFactory.Format.JSON : TransitFactory.Format.MSGPACK,
              new ByteArrayInputStream(body)).read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object plain(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(name(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  private static String name(Object key) {
    if (key instanceof com.cognitect.transit.Keyword k) {
      return k.getName();
    }
    if (key instanceof Keyword k) {
      return k.getName();
    }
    return (String) key;
  }

  private static boolean allKeys(Object value, java.util.function.Predicate<Object> test) {
    if (value instanceof Map<?, ?> m) {
      return m.entrySet().stream().allMatch(e -> test.test(e.getKey()) && allKeys(e.getValue(), test));
    }
    if (value instanceof List<?> l) {
      return l.stream().allMatch(v -> allKeys(v, test));
    }
    return true;
  }
}
