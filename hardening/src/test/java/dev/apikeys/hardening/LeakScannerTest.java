package dev.apikeys.hardening;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The scanner finds a planted key in every spelling, in the middle of noise, and nothing where there is none: the scan can fail. */
class LeakScannerTest {
  static final UUID KEY = UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962");
  static final UUID OTHER = UUID.fromString("6f9619ff-8b86-4011-b42d-00c04fc964ff");

  static Stream<Arguments> spellings() {
    byte[] raw = LeakScanner.bytes(KEY);
    return Stream.of(
        Arguments.of("canonical", text(KEY.toString())),
        Arguments.of("upper case", text(KEY.toString().toUpperCase(Locale.ROOT))),
        Arguments.of("hex without dashes", text(KEY.toString().replace("-", ""))),
        Arguments.of("hex inside a longer hex run", text("deadbeef" + KEY.toString().replace("-", "") + "00ff")),
        Arguments.of("in a JSON body", text("{\"key\":\"" + KEY + "\"}")),
        Arguments.of("in an EDN body", text("{:key #uuid \"" + KEY + "\"}")),
        Arguments.of("in a transit body", text("[\"^ \",\"~:key\",\"~u" + KEY + "\"]")),
        Arguments.of("base64", text(Base64.getEncoder().encodeToString(raw))),
        Arguments.of("url-safe base64", text(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))),
        Arguments.of("the decimal of its upper half", text("msb=" + KEY.getMostSignificantBits())),
        Arguments.of("the decimal of its lower half", text("lsb=" + KEY.getLeastSignificantBits() + ";")),
        Arguments.of("its 16 bytes", raw),
        Arguments.of("its upper half, big-endian", ByteBuffer.allocate(8).putLong(KEY.getMostSignificantBits()).array()),
        Arguments.of("its lower half, little-endian",
            ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(KEY.getLeastSignificantBits()).array()),
        Arguments.of("in msgpack, as transit writes a UUID", msgpackUuid()),
        Arguments.of("UTF-16 big-endian", KEY.toString().getBytes(UTF_16BE)),
        Arguments.of("UTF-16 little-endian, upper case", KEY.toString().toUpperCase(Locale.ROOT).getBytes(UTF_16LE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void findsAPlantedKeyInNoise(String spelling, byte[] planted) {
    byte[] noise = new byte[20_000];
    new Random(7).nextBytes(noise);
    byte[] content = new byte[noise.length + planted.length];
    System.arraycopy(noise, 0, content, 0, 10_000);
    System.arraycopy(planted, 0, content, 10_000, planted.length);
    System.arraycopy(noise, 10_000, content, 10_000 + planted.length, 10_000);

    List<LeakScanner.Finding> found = new LeakScanner(List.of(OTHER, KEY)).scan("planted", content);

    assertThat(found).as(spelling).isNotEmpty();
    assertThat(found).allSatisfy(f -> assertThat(f.fingerprint()).isEqualTo(LeakScanner.fingerprint(KEY)));
    assertThat(found.toString()).as("a finding never shows the key").doesNotContain(KEY.toString(), KEY.toString().replace("-", ""));
  }

  @Test
  void findsNothingWhereThereIsNoKnownKey() {
    byte[] noise = new byte[200_000];
    new Random(11).nextBytes(noise);
    String text = "a log line with " + UUID.randomUUID() + ", a digest " + "ab".repeat(32) + " and " + Long.MIN_VALUE;

    LeakScanner scanner = new LeakScanner(List.of(KEY, OTHER));

    assertThat(scanner.scan("noise", noise)).isEmpty();
    assertThat(scanner.scan("text", text)).isEmpty();
  }

  @Test
  void findsKeyShapedTextWhoeverMadeTheKey() {
    UUID random = UUID.randomUUID();
    byte[] content = ("x " + random.toString().toUpperCase(Locale.ROOT) + " y 00000000-0000-1000-8000-000000000000").getBytes(UTF_8);

    assertThat(LeakScanner.keyShapedText(content)).containsExactly(random.toString());
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  /** {@code ["~#u", [msb, lsb]]} as transit-java writes it in msgpack: two int64 (0xd3) after the tag. */
  private static byte[] msgpackUuid() {
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + 1 + 9 + 9);
    b.put((byte) 0x92).put(new byte[] {(byte) 0xa3, '~', '#', 'u'}).put((byte) 0x92);
    b.put((byte) 0xd3).putLong(KEY.getMostSignificantBits()).put((byte) 0xd3).putLong(KEY.getLeastSignificantBits());
    return b.array();
  }
}
