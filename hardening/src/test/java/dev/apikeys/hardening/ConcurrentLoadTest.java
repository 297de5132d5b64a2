package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.NameTakenException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.ApikeyStoreContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many threads creating keys and authenticating with them at once, on each store, through the
 * service and through the endpoint (in all four formats), released together by a latch. Names are
 * drawn from a small pool per tenant, so that threads race for the same name; callers are the
 * tenants' admins and operator keys made during the run; tenants have quotes and LIKE wildcards in
 * their names.
 *
 * <p>Afterwards, exactly the invariants: every 200's key authenticates (in its tenant, with
 * its role, and in no other tenant); every key in the store was answered to exactly one caller (the
 * stored keys and the 200s match one to one, digest, role and creator included, and no key was
 * answered twice); no name twice in a tenant; nothing from another tenant in a tenant's list; every
 * 409 names a key that is stored; every row whole.
 *
 * <p>{@code -Dapikeys.load.threads=N} (default 8) and {@code -Dapikeys.load.ops=N} (operations per
 * thread, default 40) raise the load; {@code -Dapikeys.load.seed=S} changes the sequence.
 */
class ConcurrentLoadTest {
  static final int THREADS = Integer.getInteger("apikeys.load.threads", 8);
  static final int OPS = Integer.getInteger("apikeys.load.ops", 40);
  static final long SEED = Long.getLong("apikeys.load.seed", 20261127L);
  static final List<String> TENANTS = List.of("acme", "o'brien", "a_%");

  @RegisterExtension static final Database.Servers SERVERS = new Database.Servers();

  enum Via {
    SERVICE,
    ENDPOINT
  }

  static Stream<Arguments> storesAndPaths() {
    return Stream.of(Database.Kind.values()).flatMap(kind -> Stream.of(Via.values()).map(via -> Arguments.of(kind, via)));
  }

  /** A 200: what the caller was given. */
  record Created(String tenant, String name, String role, UUID key, String createdBy) {
    @Override
    public String toString() {
      return "Created[" + tenant + "/" + name + " " + role + ", key " + LeakScanner.fingerprint(key) + "]";
    }
  }

  /** A 409. */
  record Taken(String tenant, String name) {}

  @ParameterizedTest(name = "{0} via the {1}")
  @MethodSource("storesAndPaths")
  void manyThreadsCreateAndAuthenticateAtOnceAndNothingIsLostDoubledOrShared(Database.Kind kind, Via via) throws Exception {
    try (Database db = SERVERS.open(kind, THREADS)) {
      ApikeyService service = ApikeyService.builder().auditSink(Hosts::audit).store(db.store()).keyGenerator(KeyRegistry.recording()).build();
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).errorListener(Hosts::log).build();
      Map<String, CreatedApikey> admins = new LinkedHashMap<>();
      for (String tenant : TENANTS) {
        admins.put(tenant, service.createBootstrapKey(tenant, new ApikeyRequest("root", "admin")));
      }
      int names = Math.max(4, THREADS * OPS / 6);
      AtomicReferenceArray<Created> published = new AtomicReferenceArray<>(THREADS * OPS);
      AtomicInteger count = new AtomicInteger();
      Queue<Created> created = new ConcurrentLinkedQueue<>();
      Queue<Taken> taken = new ConcurrentLinkedQueue<>();
      Queue<String> unexpected = new ConcurrentLinkedQueue<>();
      AtomicInteger authentications = new AtomicInteger();
      AtomicInteger refusals = new AtomicInteger();
      long started = System.nanoTime();

      ApikeyStoreContract.race(THREADS, thread -> {
        SplittableRandom random = new SplittableRandom(SEED + 31L * thread + kind.ordinal() * 7L + via.ordinal());
        for (int op = 0; op < OPS; op++) {
          String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
          int dice = random.nextInt(10);
          Created known = pick(published, count, random);
          try {
            if (dice < 6 || known == null) {
              String callerKey = admins.get(tenant).key().toString();
              Created operator = pick(published, count, random);
              if (random.nextInt(3) == 0 && operator != null && operator.tenant.equals(tenant) && operator.role.equals("operator")) {
                callerKey = operator.key.toString();
              }
              String name = "k" + random.nextInt(names);
              String role = random.nextBoolean() ? "viewer" : "operator";
              Created made = via == Via.SERVICE
                  ? viaService(service, tenant, callerKey, name, role, taken)
                  : viaEndpoint(endpoint, Codec.all().get(random.nextInt(4)), tenant, callerKey, name, role, taken, unexpected);
              if (made != null) {
                created.add(made);
                published.set(count.getAndIncrement(), made);
              }
            } else if (dice < 9) {
              Caller caller = service.authenticate(known.tenant, known.key.toString());
              if (!caller.role().equals(known.role) || !caller.id().equals("key:" + KeyDigest.ofKey(known.key).fingerprint())) {
                unexpected.add("authenticated " + known + " as " + caller);
              }
              authentications.incrementAndGet();
            } else {
              String other = TENANTS.get((TENANTS.indexOf(known.tenant) + 1 + random.nextInt(TENANTS.size() - 1)) % TENANTS.size());
              try {
                service.authenticate(other, known.key.toString());
                unexpected.add("the key of " + known + " authenticated in " + other);
              } catch (UnauthenticatedException expected) {
                refusals.incrementAndGet();
              }
            }
          } catch (RuntimeException e) {
            unexpected.add("thread " + thread + " op " + op + ": " + e);
          }
        }
        return null;
      });
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(unexpected).as("unexpected outcomes (seed %d)", SEED).isEmpty();
      List<Created> answered = new ArrayList<>(created);
      // No key was answered twice, and no name twice in a tenant.
      assertThat(answered.stream().map(Created::key).distinct().count()).isEqualTo(answered.size());
      Map<String, Created> byName = answered.stream().collect(Collectors.toMap(c -> c.tenant + "/" + c.name, Function.identity(),
          (a, b) -> {
            throw new AssertionError("two 200s for " + a.tenant + "/" + a.name);
          }));
      // Every key in the store was answered to exactly one caller, and nothing of one tenant is in another's.
      for (String tenant : TENANTS) {
        List<StoredApikey> stored = db.store().list(tenant);
        assertThat(stored).extracting(StoredApikey::tenant).containsOnly(tenant);
        assertThat(stored).extracting(StoredApikey::name).doesNotHaveDuplicates();
        Map<String, Created> answeredHere = answered.stream().filter(c -> c.tenant.equals(tenant))
            .collect(Collectors.toMap(Created::name, Function.identity()));
        assertThat(stored.stream().map(StoredApikey::name).filter(n -> !n.equals("root")))
            .as("the stored names of %s and the names answered with 200", tenant).containsExactlyInAnyOrderElementsOf(answeredHere.keySet());
        for (StoredApikey row : stored) {
          if (row.name().equals("root")) {
            assertThat(row.digest()).isEqualTo(KeyDigest.ofKey(admins.get(tenant).key()));
            continue;
          }
          Created answer = answeredHere.get(row.name());
          assertThat(row.digest()).as("the digest of %s", answer).isEqualTo(KeyDigest.ofKey(answer.key));
          assertThat(row.role()).isEqualTo(answer.role);
          assertThat(row.createdBy()).isEqualTo(answer.createdBy);
        }
      }
      // Every 200's key authenticates, in its tenant only.
      for (Created c : answered) {
        assertThat(service.authenticate(c.tenant, c.key.toString()).role()).isEqualTo(c.role);
        for (String other : TENANTS) {
          if (!other.equals(c.tenant)) {
            assertThatThrownBy(() -> service.authenticate(other, c.key.toString())).isInstanceOf(UnauthenticatedException.class);
          }
        }
      }
      // Every 409 names a stored key: someone else had it.
      for (Taken t : taken) {
        assertThat(byName).as("a 409 for %s", t).containsKey(t.tenant + "/" + t.name);
      }
      assertThat(db.rowCount()).isEqualTo(TENANTS.size() + answered.size());
      db.assertEveryRowIsWhole();
      assertThat(taken).as("threads raced for names").isNotEmpty();
      System.out.printf("load %s via the %s: %d threads x %d ops = %d operations in %d ms: %d creates answered 200, %d answered 409,"
              + " %d authentications, %d cross-tenant refusals; %d keys stored, none lost, none doubled%n",
          kind, via.name().toLowerCase(java.util.Locale.ROOT), THREADS, OPS, THREADS * OPS, millis, answered.size(), taken.size(),
          authentications.get(), refusals.get(), db.rowCount());
    }
  }

  private static Created viaService(ApikeyService service, String tenant, String callerKey, String name, String role,
      Queue<Taken> taken) {
    Caller caller = service.authenticate(tenant, callerKey);
    try {
      CreatedApikey k = service.create(caller, new ApikeyRequest(name, role));
      return new Created(tenant, k.name(), k.role(), k.key(), k.createdBy());
    } catch (NameTakenException e) {
      taken.add(new Taken(tenant, name));
      return null;
    }
  }

  private static Created viaEndpoint(ApikeyEndpoint endpoint, Codec codec, String tenant, String callerKey, String name, String role,
      Queue<Taken> taken, Queue<String> unexpected) {
    EndpointResponse response = endpoint.handle(Hosts.post(codec, tenant, callerKey, name, role));
    Map<String, Object> body = codec.decode(response.body());
    switch (response.status()) {
      case 200 -> {
        return new Created(tenant, (String) body.get("name"), (String) body.get("role"), UUID.fromString(body.get("key").toString()),
            (String) body.get("created-by"));
      }
      case 409 -> {
        assertThat(body.get("error")).isEqualTo("name-taken");
        taken.add(new Taken(tenant, name));
        return null;
      }
      default -> {
        unexpected.add(response.status() + " " + body.get("error") + " for " + tenant + "/" + name + " in " + codec.mediaType());
        return null;
      }
    }
  }

  private static Created pick(AtomicReferenceArray<Created> published, AtomicInteger count, SplittableRandom random) {
    int n = count.get();
    return n == 0 ? null : published.get(random.nextInt(n));
  }
}
