package dev.apikeys.codecs.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MediaType;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.RotatedApikey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code application/json} on jackson-databind: string keys, the key as its canonical string,
 * instants as RFC 3339 strings in UTC with milliseconds ({@code 2026-01-02T03:04:05.000Z}).
 */
final class JsonCodec implements Codec {
  static final JsonCodec INSTANCE = new JsonCodec();

  private static final String FORMAT = "JSON";

  /** Duplicate keys are the parser's to refuse ({@link Jackson#FACTORY}); trailing tokens the mapper's. */
  private final JsonMapper mapper = JsonMapper.builder(Jackson.FACTORY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Reads one value in the middle of a body: the tokens after it are the rest of the body. */
  private final ObjectReader valueReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonCodec() {}

  @Override
  public MediaType mediaType() {
    return MediaType.APPLICATION_JSON;
  }

  @Override
  public String contentType() {
    return "application/json; charset=utf-8";
  }

  @Override
  public Map<String, Object> decode(byte[] body) {
    String text = Bodies.text(body);
    if (text.isBlank()) {
      throw Malformed.because(Malformed.EMPTY);
    }
    Map<String, Object> fields = readObject(text);
    return fields != null ? fields : checkedRead(text);
  }

  /**
   * One streaming pass straight into the field map: the fields if the text is one JSON object that
   * the strict parser reads to its end without complaint, else {@code null}, and {@link
   * #checkedRead}, slower, finds and names what is wrong. Building a tree and copying it was most
   * of a decode (see BENCHMARKS.md).
   */
  private Map<String, Object> readObject(String text) {
    try (JsonParser p = Jackson.FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        // As checkedRead: a string is itself, null is null, a whole number a Long or BigInteger,
        // anything else its tree, for the service to call it the wrong type.
        fields.put(name, t == JsonToken.VALUE_STRING ? p.getText() : t == JsonToken.VALUE_NULL ? null
            : t == JsonToken.VALUE_NUMBER_INT ? wholeNumber(p) : valueReader.readTree(p));
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return Collections.unmodifiableMap(fields);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Object wholeNumber(JsonParser p) throws IOException {
    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
  }

  private Map<String, Object> checkedRead(String text) {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (IOException e) {
      throw Jackson.malformed(e, FORMAT);
    }
    if (!root.isObject()) {
      throw Malformed.because(Malformed.NOT_A_MAP);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      fields.put(e.getKey(), v.isTextual() ? v.textValue() : v.isNull() ? null
          : v.isIntegralNumber() ? (v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue()) : v);
    }
    return Collections.unmodifiableMap(fields);
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

  private byte[] write(Document document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = mapper.createGenerator(out)) {
      write(g, document);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Document document) throws IOException {
    g.writeStartObject();
    for (Document.Field f : document.fields()) {
      g.writeFieldName(f.name());
      if (f.value() instanceof String s) {
        g.writeString(s);
      } else if (f.value() instanceof UUID u) {
        g.writeString(u.toString());
      } else if (f.value() instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (f.value() instanceof Instant i) {
        g.writeString(Document.timestamp(i, "Z"));
      } else {
        g.writeStartArray();
        for (Object d : (List<?>) f.value()) {
          write(g, (Document) d);
        }
        g.writeEndArray();
      }
    }
    g.writeEndObject();
  }
}
