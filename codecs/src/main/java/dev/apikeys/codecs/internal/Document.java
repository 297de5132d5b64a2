package dev.apikeys.codecs.internal;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What an encoder writes: fields in a fixed order. Values are {@link String}, {@link UUID} or a
 * list of documents. Encoders walk the fields, or build insertion-ordered maps from them; no
 * printer is ever handed a map whose order depends on hashing.
 *
 * @param fields the fields, in the order they are written
 */
public record Document(List<Field> fields) {
  /**
   * One field.
   *
   * @param name the field name, written as a keyword in transit and EDN
   * @param value a {@link String}, a {@link UUID} or a {@code List<Document>}
   */
  public record Field(String name, Object value) {}

  /** Copies the list. */
  public Document {
    fields = List.copyOf(fields);
  }

  /** {@code role}, {@code name}, {@code key}, {@code created-by}: the spec's order. */
  public static Document of(CreatedApikey created) {
    return new Document(List.of(
        new Field("role", wellFormed(created.role())),
        new Field("name", wellFormed(created.name())),
        new Field("key", created.key()),
        new Field("created-by", wellFormed(created.createdBy()))));
  }

  /** {@code error}, {@code message}, and for a 400 {@code violations}. */
  public static Document of(ApikeyException error) {
    List<Field> fields = new ArrayList<>(3);
    fields.add(new Field("error", error.errorCode().code()));
    fields.add(new Field("message", wellFormed(String.valueOf(error.getMessage()))));
    if (error.status() == 400) {
      List<Document> violations = new ArrayList<>();
      if (error instanceof InvalidRequestException invalid) {
        for (Violation v : invalid.violations()) {
          violations.add(new Document(List.of(
              new Field("field", wellFormed(v.field())),
              new Field("code", wellFormed(v.code())),
              new Field("message", wellFormed(v.message())))));
        }
      }
      fields.add(new Field("violations", List.copyOf(violations)));
    }
    return new Document(fields);
  }

  /**
   * The string with every unpaired surrogate replaced by U+FFFD. A violation may name a field
   * decoded from a JSON {@code \ud800} escape; UTF-8 cannot carry it, and some writers would fail.
   */
  static String wellFormed(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (paired) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
