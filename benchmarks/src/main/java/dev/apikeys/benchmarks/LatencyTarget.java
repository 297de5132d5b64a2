package dev.apikeys.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bound on one percentile of a benchmark run in JMH's sample-time mode, e.g. p99 below 1 µs.
 * {@link Report} prints the percentiles of every sample-time benchmark, pooled over all its forks,
 * and checks this bound beside them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LatencyTarget {
  /** The percentile, e.g. {@code 99} or {@code 99.9}. */
  double percentile();

  /** The bound, in nanoseconds, that the percentile must stay below. */
  long belowNanos();
}
