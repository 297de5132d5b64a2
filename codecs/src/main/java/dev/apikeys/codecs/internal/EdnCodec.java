package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MediaType;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.RotatedApikey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.printer.Printer;
import us.bpsm.edn.printer.Printers;
import us.bpsm.edn.protocols.Protocol;

/**
 * {@code application/edn}: keyword keys, the key as {@code #uuid "…"}.
 *
 * <p>Reading ({@link EdnReader}): what {@code clojure.edn/read-string}, the reader of the clients'
 * Clojure stack, reads to a map decodes to the same fields, and what it refuses is malformed, also
 * where it departs from the EDN spec: {@code ##Inf}, {@code ##-Inf} and {@code ##NaN} are doubles;
 * keywords such as {@code :1role}, {@code :nam'e} and {@code :a/b/c} read, {@code :role:} does
 * not; the string escape {@code \'} is refused and octal escapes ({@code \101}) read; {@code
 * 0x1F}, {@code 017}, {@code 2r101} and {@code 1/2} are numbers; white space is Java's and the
 * comma. Values are the service's to judge: a {@code ##Inf} where a string belongs is {@code
 * wrong-type}, as any number is. {@code #inst} decodes to {@code java.util.Date}, as in Clojure.
 *
 * <p>These bodies clojure.edn reads and this codec refuses, each for a reason:
 *
 * <ul>
 *   <li>data after the value (read-string stops after the first value; a body is one value), a
 *       value that is not a map, and an empty body;
 *   <li>a symbol anywhere but in a discarded form: a bare word in a request is a string that lost
 *       its quotes;
 *   <li>a tag other than {@code #uuid} and {@code #inst} (clojure.edn refuses them too, unless
 *       given readers);
 *   <li>metadata ({@code ^:x [...]}, {@code #^}): EDN has none, and Clojure prints none unless
 *       asked to;
 *   <li>a key of the request map that is neither a string nor a keyword, and the same field twice
 *       in two spellings ({@code :name} and {@code "name"});
 *   <li>more than {@link Codec#MAX_DEPTH} levels of collections, counted in discarded forms too;
 *   <li>more than 1,000 digits in a row anywhere, and hexadecimal or radix numbers ({@code 0xFF},
 *       {@code 36rZZ}) of more than 1,000 digits: big integers and decimals parse in time
 *       quadratic in their length.
 * </ul>
 *
 * <p>Writing: the output is what Clojure's {@code pr-str} prints for the same array map, e.g.
 * {@code {:role "admin", :name "ci", :key #uuid "…", :created-by "key:…"}}, and an instant as
 * {@code pr-str} prints a {@code java.util.Date}: {@code #inst "2026-01-02T03:04:05.000-00:00"},
 * with edn-java's printer. edn-java's own map printer iterates whatever map it is given (a {@code
 * HashMap}'s order differs between JVM runs), so documents are printed by a printer function of
 * their own, in their fixed order.
 */
final class EdnCodec implements Codec {
  static final EdnCodec INSTANCE = new EdnCodec();

  private static final Protocol<Printer.Fn<?>> PRINTER = Printers.defaultProtocolBuilder()
      .put(Document.class, (Printer.Fn<Document>) EdnCodec::printDocument)
      .put(UUID.class, (Printer.Fn<UUID>) (uuid, p) -> p.append("#uuid ").printValue(uuid.toString()))
      .put(Instant.class, (Printer.Fn<Instant>) (instant, p) -> p.append("#inst ").printValue(Document.timestamp(instant, "-00:00")))
      .put(List.class, (Printer.Fn<List<?>>) EdnCodec::printVector)
      .build();

  private EdnCodec() {}

  @Override
  public MediaType mediaType() {
    return MediaType.APPLICATION_EDN;
  }

  @Override
  public String contentType() {
    return "application/edn; charset=utf-8";
  }

  @Override
  public Map<String, Object> decode(byte[] body) {
    return EdnReader.request(Bodies.text(body));
  }

  @Override
  public byte[] encode(CreatedApikey created) {
    return print(Document.of(created));
  }

  @Override
  public byte[] encode(RotatedApikey rotated) {
    return print(Document.of(rotated));
  }

  @Override
  public byte[] encode(ApikeyPage page) {
    return print(Document.of(page));
  }

  @Override
  public byte[] encodeRevoked(String name) {
    return print(Document.revoked(name));
  }

  @Override
  public byte[] encodeError(ApikeyException error) {
    return print(Document.of(error));
  }

  private static byte[] print(Document document) {
    StringBuilder out = new StringBuilder(256);
    Printers.newPrinter(PRINTER, out).printValue(document);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void printDocument(Document document, Printer p) {
    p.append('{');
    String separator = "";
    for (Document.Field f : document.fields()) {
      p.append(separator).printValue(Keyword.newKeyword(f.name())).append(' ').printValue(f.value());
      separator = ", ";
    }
    p.append('}');
  }

  private static void printVector(List<?> items, Printer p) {
    p.append('[');
    String separator = "";
    for (Object item : items) {
      p.append(separator).printValue(item);
      separator = " ";
    }
    p.append(']');
  }
}
