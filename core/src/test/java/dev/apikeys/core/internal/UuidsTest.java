package dev.apikeys.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UuidsTest {
  @Test
  void parsesCanonicalFormInEitherCase() {
    UUID u = UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    assertThat(Uuids.parseCanonical("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")).isEqualTo(u);
    assertThat(Uuids.parseCanonical("0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0")).isEqualTo(u);
    assertThat(Uuids.parseCanonical("0f1E2d3C-4b5A-4968-8776-a5B4c3D2e1F0")).isEqualTo(u);
  }

  @Test
  void agreesWithTheJdkOnRandomCanonicalStrings() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      UUID u = new UUID(random.nextLong(), random.nextLong());
      assertThat(Uuids.parseCanonical(u.toString())).isEqualTo(u);
      assertThat(Uuids.parseCanonical(u.toString().toUpperCase())).isEqualTo(u);
    }
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "1-1-1-1-1", // UUID.fromString accepts this
      "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f", // 35
      "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f00", // 37
      "0f1e2d3c4b5a49688776a5b4c3d2e1f0", // no hyphens
      "{0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}",
      " 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f",
      "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1g0", // g
      "0f1e2d3c_4b5a-4968-8776-a5b4c3d2e1f0",
      "0f1e2d3c-4b5a-4968-8776+a5b4c3d2e1f0",
      "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1\u0661\u0662", // Arabic-Indic digits
      "０f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", // fullwidth zero
      "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f\u0000",
      "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f\u0080", // the first character past ASCII
      "'; DROP TABLE apikeys; --------------"
  })
  void refusesEveryOtherSpelling(String text) {
    assertThat(Uuids.parseCanonical(text)).isNull();
  }

  @Test
  void version4SetsVersionAndVariantBits() {
    byte[] ones = new byte[16];
    java.util.Arrays.fill(ones, (byte) 0xff);
    UUID u = Uuids.version4(ones);
    assertThat(u.version()).isEqualTo(4);
    assertThat(u.variant()).isEqualTo(2);
    assertThat(u.toString()).isEqualTo("ffffffff-ffff-4fff-bfff-ffffffffffff");
    UUID z = Uuids.version4(new byte[16]);
    assertThat(z.toString()).isEqualTo("00000000-0000-4000-8000-000000000000");
  }

  @Test
  void parsesTheNilUuid() {
    assertThat(Uuids.parseCanonical("00000000-0000-0000-0000-000000000000")).isEqualTo(new UUID(0, 0));
  }
}
