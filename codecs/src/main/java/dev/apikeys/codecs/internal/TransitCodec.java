package dev.apikeys.codecs.internal;

import com.cognitect.transit.ArrayReader;
import com.cognitect.transit.DefaultReadHandler;
import com.cognitect.transit.MapReader;
import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.impl.AbstractParser;
import com.cognitect.transit.impl.Emitter;
import com.cognitect.transit.impl.JsonEmitter;
import com.cognitect.transit.impl.JsonParser;
import com.cognitect.transit.impl.MsgpackEmitter;
import com.cognitect.transit.impl.MsgpackParser;
import com.cognitect.transit.impl.WriteCache;
import com.cognitect.transit.impl.WriteHandlerMap;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MalformedBodyException;
import dev.apikeys.codecs.MediaType;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.RotatedApikey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.msgpack.MessagePack;

/**
 * {@code application/transit+json} and {@code application/transit+msgpack} on transit-java.
 *
 * <p>Reading drives transit-java's own parsers ({@code com.cognitect.transit.impl.JsonParser} and
 * {@code MsgpackParser}, public classes of its {@code impl} package) rather than {@code
 * TransitFactory.reader}, for three things the factory's reader cannot do: parse JSON with a
 * strictly configured Jackson parser (no encoding guess, a nesting limit, duplicate keys refused),
 * notice data after the value, and refuse cache references to entries never defined, which the
 * factory's reader turns into {@code null}. transit-java's version is pinned; the tests would see
 * a change in these classes.
 *
 * <p>Timestamps: this codec writes {@code java.util.Date} through transit-java's own handler,
 * {@code "~m"} and milliseconds in JSON and {@code ["~#m", millis]} in msgpack, which transit-clj
 * and transit-js read back as their date types. It reads {@code ~m} as a decimal count of
 * milliseconds only ({@code Long.decode} would also take hex and octal), and verbose {@code ~t} as
 * RFC 3339 with its offset: transit-java's own {@code ~t} handler drops the offset (it sets a
 * time zone on the parsed {@code Calendar} before computing its time) and needs the JAXB API.
 */
final class TransitCodec implements Codec {
  static final TransitCodec JSON = new TransitCodec(TransitFactory.Format.JSON,
      MediaType.APPLICATION_TRANSIT_JSON, "application/transit+json; charset=utf-8", "transit+json");
  static final TransitCodec MSGPACK = new TransitCodec(TransitFactory.Format.MSGPACK,
      MediaType.APPLICATION_TRANSIT_MSGPACK, "application/transit+msgpack", "transit+msgpack");

  private static final Map<String, ReadHandler<?, ?>> HANDLERS = TransitFactory.readHandlerMap(Map.of(
      "m", (ReadHandler<Date, Object>) TransitCodec::millis,
      "t", (ReadHandler<Date, Object>) TransitCodec::rfc3339));
  private static final DefaultReadHandler<Object> UNKNOWN_TAG = (tag, rep) -> {
    throw Malformed.because(Malformed.UNKNOWN_TAG);
  };
  private static final MessagePack MESSAGE_PACK = new MessagePack();
  private static final WriteHandlerMap WRITE_HANDLERS = warmedHandlers();
  private static final int WARMED_HANDLER_COUNT = WRITE_HANDLERS.size();

  private final TransitFactory.Format format;
  private final MediaType mediaType;
  private final String contentType;
  private final String formatName;

  private TransitCodec(TransitFactory.Format format, MediaType mediaType, String contentType, String formatName) {
    this.format = format;
    this.mediaType = mediaType;
    this.contentType = contentType;
    this.formatName = formatName;
  }

  @Override
  public MediaType mediaType() {
    return mediaType;
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public Map<String, Object> decode(byte[] body) {
    Object value = format == TransitFactory.Format.JSON ? readJson(body) : readMsgpack(body);
    return RequestFields.of(value, formatName);
  }

  private Object readJson(byte[] body) {
    String text = Bodies.text(body);
    if (text.isBlank()) {
      throw Malformed.because(Malformed.EMPTY);
    }
    try (com.fasterxml.jackson.core.JsonParser jp = Jackson.FACTORY.createParser(text)) {
      AbstractParser parser = new JsonParser(jp, HANDLERS, UNKNOWN_TAG, new UniqueKeyMapReader(), new ListReader());
      Object value = parser.parse(new CheckedReadCache());
      if (jp.nextToken() != null) {
        throw Malformed.because(Malformed.TRAILING);
      }
      return value;
    } catch (MalformedBodyException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw Jackson.malformed(e, formatName);
    } catch (IOException | RuntimeException | AssertionError e) {
      // transit-java's own complaints: a handler given the wrong representation, a bad ~u or ~i, ...
      throw Malformed.because(Malformed.syntax(formatName), e);
    }
  }

  private Object readMsgpack(byte[] body) {
    Bodies.check(body);
    MsgpackStructure.check(body);
    try {
      AbstractParser parser = new MsgpackParser(MESSAGE_PACK.createBufferUnpacker(body), HANDLERS, UNKNOWN_TAG,
          new UniqueKeyMapReader(), new ListReader());
      return parser.parse(new CheckedReadCache());
    } catch (MalformedBodyException e) {
      throw e;
    } catch (IOException | RuntimeException | AssertionError e) {
      boolean utf8 = e.getCause() instanceof CharacterCodingException;
      throw Malformed.because(utf8 ? Malformed.NOT_UTF8 : Malformed.syntax(formatName), e);
    }
  }

  @Override
  public byte[] encode(CreatedApikey created) {
    return write(Document.of(created));
  }

  @Override
  public byte[] encode(RotatedApikey rotated) {
    return write(Document.of(rotated));
  }

  @Override
  public byte[] encode(ApikeyPage page) {
    return write(Document.of(page));
  }

  @Override
  public byte[] encodeRevoked(String name) {
    return write(Document.revoked(name));
  }

  @Override
  public byte[] encodeError(ApikeyException error) {
    return write(Document.of(error));
  }

  /** {@code ~m}: milliseconds since the epoch, a number in msgpack, decimal digits in JSON. */
  @SuppressWarnings("JavaUtilDate") // transit-java's type for an instant, which its ~m handler returns
  private static Date millis(Object rep) {
    if (rep instanceof Long n) {
      return new Date(n);
    }
    if (rep instanceof String s && s.matches("-?[0-9]{1,19}")) {
      return new Date(Long.parseLong(s)); // NumberFormatException beyond a long: malformed, like the rest
    }
    throw new IllegalArgumentException("~m needs milliseconds");
  }

  /** {@code ~t}: an RFC 3339 timestamp with its offset. */
  private static Date rfc3339(Object rep) {
    if (!(rep instanceof String s)) {
      throw new IllegalArgumentException("~t needs a string");
    }
    return Date.from(OffsetDateTime.parse(s).toInstant()); // DateTimeParseException, or IllegalArgumentException beyond a Date
  }

  /**
   * Writes with transit-java's own emitters on a shared Jackson factory, a shared {@code
   * MessagePack} and a shared handler map. {@code TransitFactory.writer} makes all three anew for
   * every writer: a {@code JsonFactory} with its symbol tables, a {@code MessagePack} with its
   * template registry, a copy of the default handlers (about 31 KB per call, most of an encode and
   * the same cost for transit-clj; see BENCHMARKS.md).
   */
  private byte[] write(Document document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    Object value = toTransit(document);
    try {
      if (format == TransitFactory.Format.JSON) {
        // No default write handler (null), as the deprecated two-argument constructors pass.
        try (JsonGenerator generator = Jackson.FACTORY.createGenerator(out)) {
          emit(new JsonEmitter(generator, WRITE_HANDLERS, null), value);
        }
      } else {
        emit(new MsgpackEmitter(MESSAGE_PACK.createPacker(out), WRITE_HANDLERS, null), value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void emit(Emitter emitter, Object value) throws IOException {
    try {
      // A write cache of its own per value, as each Writer.write begins with one: every answer decodes alone.
      emitter.emit(value, false, new WriteCache(true));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("transit-java could not write a document", e);
    }
    emitter.flushWriter();
  }

  /**
   * The default handlers, with the lookup of every class this codec writes done once, here. A
   * {@code WriteHandlerMap} remembers what it found for a class by a base class or an interface
   * (e.g. {@code KeywordImpl} by {@code Keyword}) in a plain {@code HashMap}: after this it only
   * ever reads, so one map can serve every thread. A test checks that encoding every document
   * adds nothing to it.
   */
  @SuppressWarnings("JavaUtilDate") // a sample of transit-java's type for an instant, which the codec writes
  private static WriteHandlerMap warmedHandlers() {
    WriteHandlerMap handlers = new WriteHandlerMap();
    for (Object sample : List.of("", true, UUID.randomUUID(), new Date(0), TransitFactory.keyword("k"),
        new LinkedHashMap<>(), new ArrayList<>())) {
      if (handlers.getHandler(sample) == null) {
        throw new IllegalStateException("transit-java has no write handler for " + sample.getClass());
      }
    }
    return handlers;
  }

  /** Whether the shared handler map still has only what it had when it was shared: for a test. */
  static boolean writeHandlersUnchanged() {
    return WRITE_HANDLERS.size() == WARMED_HANDLER_COUNT;
  }

  /**
   * transit-java writes a map in its iteration order: a {@code LinkedHashMap} in the document's
   * order. Only the classes {@link #warmedHandlers} looked up may appear here (another list or map
   * class would make the shared handler map write to itself from several threads), and the
   * emitters are made with their two-argument constructors (the others store a transform in it).
   */
  private static Map<Object, Object> toTransit(Document document) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (Document.Field f : document.fields()) {
      Object value = f.value();
      if (value instanceof Instant instant) {
        value = Date.from(instant);
      } else if (value instanceof List<?> list) {
        List<Object> items = new ArrayList<>(list.size());
        for (Object d : list) {
          items.add(toTransit((Document) d));
        }
        value = items;
      }
      map.put(TransitFactory.keyword(f.name()), value);
    }
    return map;
  }

  /** Builds maps in order and refuses a key seen before, which transit-java's default builder would overwrite. */
  private static final class UniqueKeyMapReader implements MapReader<Map<Object, Object>, Map<Object, Object>, Object, Object> {
    @Override
    public Map<Object, Object> init() {
      return new LinkedHashMap<>();
    }

    @Override
    public Map<Object, Object> init(int size) {
      return new LinkedHashMap<>(); // the size is the sender's claim: do not allocate by it
    }

    @Override
    public Map<Object, Object> add(Map<Object, Object> m, Object key, Object value) {
      if (m.containsKey(key)) {
        throw Malformed.because(Malformed.DUPLICATE_KEY);
      }
      m.put(key, value);
      return m;
    }

    @Override
    public Map<Object, Object> complete(Map<Object, Object> m) {
      return m;
    }
  }

  private static final class ListReader implements ArrayReader<List<Object>, List<Object>, Object> {
    @Override
    public List<Object> init() {
      return new ArrayList<>();
    }

    @Override
    public List<Object> init(int size) {
      return new ArrayList<>(); // the size is the sender's claim: do not allocate by it
    }

    @Override
    public List<Object> add(List<Object> list, Object item) {
      list.add(item);
      return list;
    }

    @Override
    public List<Object> complete(List<Object> list) {
      return list;
    }
  }
}
