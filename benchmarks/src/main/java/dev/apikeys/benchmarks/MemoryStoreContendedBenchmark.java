package dev.apikeys.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link MemoryStoreBenchmark} with two threads on one service and one store: the shared SecureRandom and maps. */
@Threads(2)
public class MemoryStoreContendedBenchmark extends MemoryStoreBenchmark {}
