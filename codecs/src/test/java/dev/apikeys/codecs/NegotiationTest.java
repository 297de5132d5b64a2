package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NegotiationTest {
  private final Negotiation standard = Negotiation.standard();

  private String accept(Negotiation n, String header) {
    return n.forAccept(header).map(c -> c.mediaType().essence()).orElse("406");
  }

  private String contentType(String header) {
    return standard.forContentType(header).map(c -> c.mediaType().essence()).orElse("415");
  }

  // --- Content-Type ---------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json | application/json",
      "Application/JSON | application/json",
      "application/json; charset=utf-8 | application/json",
      "application/json;charset=UTF-8 | application/json",
      "application/json; charset=\"utf-8\" | application/json",
      "application/transit+json; profile=x | application/transit+json",
      "application/transit+msgpack | application/transit+msgpack",
      "APPLICATION/EDN | application/edn",
  })
  void choosesTheDecoderByMediaTypeNameInAnyCaseWithParameters(String header, String expected) {
    assertThat(contentType(header)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "text/plain", "application/xml", "application/*", "*/*", "application/json-seq",
      "application/vnd.api+json", "application/json; charset=iso-8859-1", "application/json; charset=utf8",
      "application/edn; charset=utf-16", "application/json, application/edn", "json"})
  void refusesAMissingUnsupportedOrNonUtf8ContentType(String header) {
    assertThat(contentType(header)).isEqualTo("415");
  }

  // --- Accept ---------------------------------------------------------------------------------

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "*/*", "application/*", "*/*;q=0.1", "application/*, */*;q=0.5"})
  void givesTheDefaultFormatWhenAcceptIsAbsentOrAcceptsAnything(String header) {
    assertThat(accept(standard, header)).isEqualTo("application/json");
    assertThat(accept(Negotiation.withDefault(MediaType.APPLICATION_EDN), header)).isEqualTo("application/edn");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // q-values decide first
      "application/json;q=0.5, application/edn | application/edn",
      "application/edn;q=0.1, application/transit+json;q=0.2, application/json;q=0.15 | application/transit+json",
      "application/edn;q=0.999, application/json;q=1.000 | application/json",
      "application/edn;q=0.5, */* | application/json",
      // q=0 excludes, even when a wildcard would include
      "application/json;q=0, */* | application/transit+json",
      "application/*, application/json;q=0 | application/transit+json",
      "application/json;q=0, application/transit+json;q=0, */*;q=0.3 | application/transit+msgpack",
      // the most specific range decides a type's quality, and wins ties
      "*/*, application/edn | application/edn",
      "application/*;q=0.5, application/transit+msgpack;q=0.5 | application/transit+msgpack",
      "application/json;q=0.2, application/*;q=0.9 | application/transit+json",
      "application/edn;charset=utf-8, application/json | application/edn",
      // header order breaks the remaining ties
      "application/edn, application/transit+json | application/edn",
      "application/transit+json, application/edn | application/transit+json",
      "application/transit+msgpack;q=0.8, application/json;q=0.8 | application/transit+msgpack",
      // names in any case, q in any case, white space anywhere allowed
      "APPLICATION/EDN;Q=0.9 ,  Application/Transit+Json ; q=0.8 | application/edn",
      // parameters of a range must be offered
      "application/json;charset=utf-8 | application/json",
      "application/json;charset=UTF-8 | application/json",
      "application/edn;charset=iso-8859-1, application/transit+json;q=0.1 | application/transit+json",
      "application/json;version=2, application/edn;q=0.5 | application/edn",
      // commas inside quoted strings do not split
      "application/edn;x=\"a,b\", application/json;q=0.5 | application/json",
      // nor does an escaped quote end them
      "text/html;x=\"\\\", application/edn\", application/transit+json;q=0.5 | application/transit+json",
      // of two ranges equally specific, the first decides
      "application/json;q=0.5, application/json;q=0.9, application/edn;q=0.7 | application/edn",
  })
  void choosesTheEncoderPerRfc9110(String header, String expected) {
    assertThat(accept(standard, header)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json;q=2, application/edn;q=0.5 | application/edn",
      "application/json;q=0.5000, application/edn;q=0.1 | application/edn",
      "application/json;q=-1, application/edn;q=0.1 | application/edn",
      "application/json;q=abc, application/edn;q=0.1 | application/edn",
      "application/json;q=0.5;q=0.6, application/edn;q=0.1 | application/edn",
      "*/json, application/edn;q=0.1 | application/edn",
      "application/, application/edn;q=0.1 | application/edn",
      "application/json;, application/edn;q=0.1 | application/json",
      ",,, application/edn | application/edn",
      "text/html;;;, application/transit+msgpack;q=0.01 | application/transit+msgpack",
  })
  void skipsMalformedPartsOfAccept(String header, String expected) {
    assertThat(accept(standard, header)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"q=1", "json", "application", "@@@", "application/json;q=5"})
  void treatsAnAcceptInWhichNothingParsesAsAbsent(String header) {
    assertThat(accept(standard, header)).isEqualTo("application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html", "text/*", "application/xml, image/*", "*/*;q=0", "application/*;q=0",
      "application/json;q=0, application/transit+json;q=0, application/transit+msgpack;q=0, application/edn;q=0",
      "application/transit+msgpack;charset=utf-8", "application/json;charset=iso-8859-1"})
  void acceptsNothingWhenAcceptListsOnlyUnsupportedTypes(String header) {
    assertThat(accept(standard, header)).isEqualTo("406");
  }

  @Test
  void prefersTheDefaultFormatAmongTypesMatchedByTheSameRange() {
    Negotiation edn = Negotiation.withDefault(MediaType.APPLICATION_EDN);

    assertThat(accept(edn, "application/*")).isEqualTo("application/edn");
    assertThat(accept(edn, "application/json;q=0, */*")).isEqualTo("application/edn");
    assertThat(accept(Negotiation.withDefault(MediaType.APPLICATION_TRANSIT_MSGPACK), "*/*;q=0.5, application/edn;q=0.5"))
        .as("more specific beats default").isEqualTo("application/edn");
  }

  @Test
  void namesTheResponseContentTypeWithItsCharset() {
    assertThat(standard.forAccept("application/edn").map(Codec::contentType)).contains("application/edn; charset=utf-8");
    assertThat(standard.forAccept(null).map(Codec::contentType)).contains("application/json; charset=utf-8");
    assertThat(standard.forAccept("application/transit+json").map(Codec::contentType))
        .contains("application/transit+json; charset=utf-8");
    assertThat(standard.forAccept("application/transit+msgpack").map(Codec::contentType))
        .contains("application/transit+msgpack");
  }

  @Test
  void refusesADefaultNoCodecWrites() {
    assertThatThrownBy(() -> Negotiation.withDefault(MediaType.parse("text/html"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Negotiation.withDefault(MediaType.parse("application/edn; charset=utf-8")).defaultCodec()).isSameAs(Codec.edn());
  }

  @Test
  void parsesQualityValuesExactly() {
    assertThat(Negotiation.Range.quality("1")).isEqualTo(1000);
    assertThat(Negotiation.Range.quality("1.")).isEqualTo(1000);
    assertThat(Negotiation.Range.quality("1.000")).isEqualTo(1000);
    assertThat(Negotiation.Range.quality("0")).isZero();
    assertThat(Negotiation.Range.quality("0.")).isZero();
    assertThat(Negotiation.Range.quality("0.5")).isEqualTo(500);
    assertThat(Negotiation.Range.quality("0.05")).isEqualTo(50);
    assertThat(Negotiation.Range.quality("0.001")).isEqualTo(1);
    assertThat(Negotiation.Range.quality("1.001")).isEqualTo(-1);
    assertThat(Negotiation.Range.quality("0.0001")).isEqualTo(-1);
    assertThat(Negotiation.Range.quality(".5")).isEqualTo(-1);
    assertThat(Negotiation.Range.quality(" 0.5")).isEqualTo(-1);
  }
}
