package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How long the endpoint takes to refuse, by reason, on each store: a repeated measure, not a test
 * (timing claims live in the JMH benchmarks; {@code RefusalTimingBenchmark} measures the service on
 * the memory store). Its name keeps it out of the build; it runs with {@code
 * -Dtest=RefusalTimingMeasure -Dapikeys.timing.rounds=N} and prints, per reason, the median and
 * 90th percentile of N requests, the reasons interleaved in a random order so that
 * drift and noise fall on all of them alike. It asserts only that every answer is the one 401.
 */
class RefusalTimingMeasure {
  private static final int ROUNDS = Integer.getInteger("apikeys.timing.rounds", 0);

  @RegisterExtension static final Database.Servers SERVERS = new Database.Servers();

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void refusalTimeByReason(Database.Kind kind) {
    Assumptions.assumeTrue(ROUNDS > 0, "a measure, not a test: run with -Dapikeys.timing.rounds=N");
    try (Database db = SERVERS.open(kind)) {
      ApikeyService service = ApikeyService.builder().store(db.store()).keyGenerator(KeyRegistry.recording()).build();
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).build();
      CreatedApikey acme = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      CreatedApikey globex = service.createBootstrapKey("globex", new ApikeyRequest("root", "admin"));
      for (int i = 0; i < 1000; i++) {
        service.create(service.authenticate("acme", acme.key().toString()), new ApikeyRequest("k" + i, "viewer"));
      }
      Map<String, String[]> reasons = new LinkedHashMap<>();
      reasons.put("unknown tenant (a real key of another tenant)", new String[] {"initech", acme.key().toString()});
      reasons.put("unknown key (a known tenant)", new String[] {"acme", UUID.randomUUID().toString()});
      reasons.put("unknown tenant and unknown key", new String[] {"initech", UUID.randomUUID().toString()});
      reasons.put("key of another tenant", new String[] {"acme", globex.key().toString()});
      reasons.put("malformed key (1-1-1-1-1)", new String[] {"acme", "1-1-1-1-1"});
      List<String> names = List.copyOf(reasons.keySet());
      long[][] nanos = new long[names.size()][ROUNDS];
      byte[] the401 = endpoint.handle(Hosts.post(Codec.json(), null, null, "x", "viewer")).body();
      SplittableRandom random = new SplittableRandom(1);
      for (int warm = 0; warm < 2; warm++) { // the first pass warms up, the second is measured
        for (int round = 0; round < ROUNDS; round++) {
          int[] order = random.ints(0, names.size()).distinct().limit(names.size()).toArray();
          for (int r : order) {
            String[] headers = reasons.get(names.get(r));
            EndpointRequest request = Hosts.post(Codec.json(), headers[0], headers[1], "x", "viewer");
            long start = System.nanoTime();
            EndpointResponse response = endpoint.handle(request);
            nanos[r][round] = System.nanoTime() - start;
            assertThat(response.body()).isEqualTo(the401);
          }
        }
      }
      StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "refusal time through the endpoint on %s, %d rounds:%n", kind,
          ROUNDS));
      for (int r = 0; r < names.size(); r++) {
        long[] sorted = nanos[r].clone();
        Arrays.sort(sorted);
        table.append(String.format(Locale.ROOT, "  %-48s median %8.1f us   p90 %8.1f us%n", names.get(r), sorted[ROUNDS / 2] / 1000.0,
            sorted[ROUNDS * 9 / 10] / 1000.0));
      }
      System.out.print(table);
    }
  }
}
