package dev.apikeys.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyDigestTest {
  private static byte[] sample() {
    byte[] b = new byte[KeyDigest.LENGTH];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 37 + 11);
    }
    return b;
  }

  @Test
  void givesBackTheBytesItWasMadeOfAndKeepsNoReferenceToThem() {
    byte[] bytes = sample();
    KeyDigest digest = KeyDigest.of(bytes);
    bytes[0] ^= 1;
    assertThat(digest.bytes()).isEqualTo(sample());
    digest.bytes()[5] ^= 1;
    assertThat(digest.bytes()).isEqualTo(sample());
  }

  @Test
  void isEqualOnlyToADigestOfTheSameBytesWhicheverByteDiffers() {
    KeyDigest digest = KeyDigest.of(sample());
    assertThat(digest).isEqualTo(KeyDigest.of(sample())).hasSameHashCodeAs(KeyDigest.of(sample()));
    for (int i = 0; i < KeyDigest.LENGTH; i++) {
      byte[] other = sample();
      other[i] ^= (byte) 0x80;
      assertThat(KeyDigest.of(other)).as("byte %d differs", i).isNotEqualTo(digest);
    }
  }

  @Test
  void hashesByItsFirstFourBytes() {
    byte[] b = sample();
    assertThat(KeyDigest.of(b).hashCode()).isEqualTo((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
  }

  @Test
  void isSha256OverTheKeysSixteenBytesAndItsFingerprintSha256OverTheDigest() throws Exception {
    UUID key = UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab");
    byte[] keyBytes = java.util.HexFormat.of().parseHex("3f6c1f0e9a4b4c1d8e2f0123456789ab");
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(keyBytes);
    KeyDigest digest = KeyDigest.ofKey(key);
    assertThat(digest.bytes()).isEqualTo(expected);
    assertThat(digest.fingerprint())
        .isEqualTo(java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected), 0, 8));
  }

  @Test
  void refusesAnythingButThirtyTwoBytesAndShowsNothingOfThem() {
    assertThatThrownBy(() -> KeyDigest.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThat(KeyDigest.of(sample()).toString()).isEqualTo("KeyDigest[sha-256]");
  }
}
