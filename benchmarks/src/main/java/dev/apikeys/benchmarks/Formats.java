package dev.apikeys.benchmarks;

import clojure.lang.IFn;
import clojure.lang.Keyword;
import com.cognitect.transit.TransitFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.apikeys.codecs.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;
import us.bpsm.edn.printer.Printers;

/**
 * For each media type: the library's codec, the raw library used as its documentation shows, and
 * the Clojure reference implementation, each able to decode a request and encode a response.
 */
enum Formats {
  JSON("json", Codec.json()) {
    @Override
    Object rawDecode(byte[] body) {
      try {
        return JACKSON.readValue(body, Map.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    byte[] rawEncode(Map<Object, Object> response) {
      try {
        return JACKSON.writeValueAsBytes(response);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    Object rawKey(String name) {
      return name;
    }

    @Override
    byte[] request(String name, String role) {
      return ("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  },
  TRANSIT_JSON("transit+json", Codec.transitJson()) {
    @Override
    Object rawDecode(byte[] body) {
      return TransitFactory.reader(TransitFactory.Format.JSON, new ByteArrayInputStream(body)).read();
    }

    @Override
    byte[] rawEncode(Map<Object, Object> response) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      TransitFactory.writer(TransitFactory.Format.JSON, out).write(response);
      return out.toByteArray();
    }

    @Override
    byte[] request(String name, String role) {
      return ("[\"^ \",\"~:name\",\"" + name + "\",\"~:role\",\"" + role + "\"]").getBytes(StandardCharsets.UTF_8);
    }
  },
  TRANSIT_MSGPACK("transit+msgpack", Codec.transitMsgpack()) {
    @Override
    Object rawDecode(byte[] body) {
      return TransitFactory.reader(TransitFactory.Format.MSGPACK, new ByteArrayInputStream(body)).read();
    }

    @Override
    byte[] rawEncode(Map<Object, Object> response) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      TransitFactory.writer(TransitFactory.Format.MSGPACK, out).write(response);
      return out.toByteArray();
    }

    @Override
    byte[] request(String name, String role) {
      // {"~:name" name, "~:role" role}: a fixmap of two entries, every string a fixstr (< 32 bytes)
      ByteArrayOutputStream out = new ByteArrayOutputStream(64);
      out.write(0x82);
      for (String s : new String[] {"~:name", name, "~:role", role}) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 31) {
          throw new IllegalArgumentException("not a fixstr: " + s);
        }
        out.write(0xa0 | b.length);
        out.writeBytes(b);
      }
      return out.toByteArray();
    }
  },
  EDN("edn", Codec.edn()) {
    @Override
    Object rawDecode(byte[] body) {
      Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
      return parser.nextValue(Parsers.newParseable(new String(body, StandardCharsets.UTF_8)));
    }

    @Override
    byte[] rawEncode(Map<Object, Object> response) {
      return Printers.printString(Printers.defaultPrinterProtocol(), response).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    Object rawKey(String name) {
      return us.bpsm.edn.Keyword.newKeyword(name);
    }

    @Override
    byte[] request(String name, String role) {
      return ("{:name \"" + name + "\", :role \"" + role + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  };

  private static final ObjectMapper JACKSON = JsonMapper.builder().build();

  final String id;
  final Codec codec;

  Formats(String id, Codec codec) {
    this.id = id;
    this.codec = codec;
  }

  static Formats of(String id) {
    for (Formats f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(id);
  }

  /** The raw library's reader, into its own map. */
  abstract Object rawDecode(byte[] body);

  /** The raw library's writer, on a map in the spec's order. */
  abstract byte[] rawEncode(Map<Object, Object> response);

  /** A request body as a client sends it, byte for byte what the Clojure reference writer writes. */
  abstract byte[] request(String name, String role);

  /** A map key as the raw library wants it: a string in JSON, a keyword elsewhere. */
  Object rawKey(String name) {
    return TransitFactory.keyword(name);
  }

  /** The response as a map for the raw writer, in the spec's order. */
  Map<Object, Object> rawResponse(String role, String name, UUID key, String createdBy) {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(rawKey("role"), role);
    m.put(rawKey("name"), name);
    m.put(rawKey("key"), key);
    m.put(rawKey("created-by"), createdBy);
    return m;
  }

  /** The Clojure reference implementations, loaded on first use (a second or so). */
  static final class Clojure {
    private static final String NS = "apikeys-bench.reference";

    static {
      clojure.java.api.Clojure.var("clojure.core", "require").invoke(clojure.java.api.Clojure.read(NS));
    }

    private static final IFn TRANSIT_READ = fn("transit-read");
    private static final IFn TRANSIT_WRITE = fn("transit-write");
    private static final IFn EDN_READ = fn("edn-read");
    private static final IFn EDN_WRITE = fn("edn-write");
    private static final IFn JSON_READ = fn("json-read");
    private static final IFn JSON_WRITE = fn("json-write");
    private static final IFn RESPONSE = fn("response");
    private static final Keyword TRANSIT_JSON = Keyword.intern("json");
    private static final Keyword TRANSIT_MSGPACK = Keyword.intern("msgpack");

    private Clojure() {}

    private static IFn fn(String name) {
      return clojure.java.api.Clojure.var(NS, name);
    }

    static Object response(String role, String name, UUID key, String createdBy) {
      return RESPONSE.invoke(role, name, key, createdBy);
    }

    static Object decode(Formats format, byte[] body) {
      return switch (format) {
        case JSON -> JSON_READ.invoke(body);
        case TRANSIT_JSON -> TRANSIT_READ.invoke(TRANSIT_JSON, body);
        case TRANSIT_MSGPACK -> TRANSIT_READ.invoke(TRANSIT_MSGPACK, body);
        case EDN -> EDN_READ.invoke(body);
      };
    }

    static byte[] encode(Formats format, Object response) {
      return (byte[]) switch (format) {
        case JSON -> JSON_WRITE.invoke(response);
        case TRANSIT_JSON -> TRANSIT_WRITE.invoke(TRANSIT_JSON, response);
        case TRANSIT_MSGPACK -> TRANSIT_WRITE.invoke(TRANSIT_MSGPACK, response);
        case EDN -> EDN_WRITE.invoke(response);
      };
    }
  }
}
