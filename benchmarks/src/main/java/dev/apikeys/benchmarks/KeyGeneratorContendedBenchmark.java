package dev.apikeys.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link KeyGeneratorBenchmark} with two threads on the one generator. */
@Threads(2)
public class KeyGeneratorContendedBenchmark extends KeyGeneratorBenchmark {}
