package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.KeyGenerator;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyGeneratorTest {
  @Test
  void makesDistinctVersion4Keys() {
    KeyGenerator generator = KeyGenerator.secureRandom();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID key = generator.newKey();
      assertThat(key.version()).isEqualTo(4);
      assertThat(key.variant()).isEqualTo(2);
      assertThat(seen.add(key)).isTrue();
    }
  }

  @Test
  void everyRandomBitVaries() {
    // 122 bits are random: over many keys each of them must be seen both set and clear.
    KeyGenerator generator = KeyGenerator.secureRandom();
    long msbOr = 0;
    long msbAnd = -1;
    long lsbOr = 0;
    long lsbAnd = -1;
    for (int i = 0; i < 2_000; i++) {
      UUID key = generator.newKey();
      msbOr |= key.getMostSignificantBits();
      msbAnd &= key.getMostSignificantBits();
      lsbOr |= key.getLeastSignificantBits();
      lsbAnd &= key.getLeastSignificantBits();
    }
    long msbFixed = 0xf000L; // version
    long lsbFixed = 0xc000000000000000L; // variant
    assertThat(Long.bitCount(msbOr ^ msbAnd) + Long.bitCount(lsbOr ^ lsbAnd)).isEqualTo(122);
    assertThat((msbOr ^ msbAnd) & msbFixed).isZero();
    assertThat((lsbOr ^ lsbAnd) & lsbFixed).isZero();
  }

  @Test
  void toStringNamesTheSourceNotItsState() {
    assertThat(KeyGenerator.secureRandom().toString()).startsWith("KeyGenerator[SecureRandom");
  }
}
