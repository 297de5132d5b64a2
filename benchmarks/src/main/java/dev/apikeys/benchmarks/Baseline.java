package dev.apikeys.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the benchmark a library benchmark is compared with, in the same class and with the same
 * parameters and threads. {@link Report} turns each pair into a ratio: baseline time / library
 * time, so 1.0 is "as fast as the baseline" and 0.8 is "80 % of its speed".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Baseline.List.class)
public @interface Baseline {
  /** The baseline's method name, e.g. {@code createBaseline}. */
  String value();

  /** The lowest acceptable ratio, or 0 when the pair is only informative. */
  double target() default 0;

  /** What the baseline is, in a few words, for the report. */
  String is();

  /** The repeated form. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    Baseline[] value();
  }
}
