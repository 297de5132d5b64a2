package dev.apikeys.benchmarks;

import dev.apikeys.core.spi.KeyGenerator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The key generator, the one shared piece of every create: the default generator (one {@code
 * SecureRandom} per service) beside the JDK's {@code UUID.randomUUID()} (one {@code SecureRandom}
 * per JVM). {@link KeyGeneratorContendedBenchmark} runs the same with two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@State(Scope.Benchmark)
public class KeyGeneratorBenchmark {
  final KeyGenerator generator = KeyGenerator.secureRandom();

  @Benchmark
  @Baseline(value = "randomUuid", is = "UUID.randomUUID()")
  public UUID newKey() {
    return generator.newKey();
  }

  @Benchmark
  public UUID randomUuid() {
    return UUID.randomUUID();
  }
}
