package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;

/** The four codecs, typed as {@link Codec} only: the classes behind them stay in this package. */
public final class Codecs {
  /** {@code application/json}. */
  public static final Codec JSON = JsonCodec.INSTANCE;
  /** {@code application/transit+json}. */
  public static final Codec TRANSIT_JSON = TransitCodec.JSON;
  /** {@code application/transit+msgpack}. */
  public static final Codec TRANSIT_MSGPACK = TransitCodec.MSGPACK;
  /** {@code application/edn}. */
  public static final Codec EDN = EdnCodec.INSTANCE;

  private Codecs() {}
}
