package dev.apikeys.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link JdbcStoreBenchmark} with two threads on one pool and one table. */
@Threads(2)
public class JdbcStoreContendedBenchmark extends JdbcStoreBenchmark {}
