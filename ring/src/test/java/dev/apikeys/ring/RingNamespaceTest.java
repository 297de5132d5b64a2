package dev.apikeys.ring;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.Keyword;
import clojure.lang.Var;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the clojure.test tests of {@code apikeys.ring} under the Maven build, one JUnit test per
 * {@code deftest}: a failure or error fails the build with clojure.test's report.
 */
class RingNamespaceTest {
  private static final String RUNNER = "apikeys.test-runner";

  @TestFactory
  Stream<DynamicTest> ringTests() {
    Clojure.var("clojure.core", "require").invoke(Clojure.read(RUNNER));
    @SuppressWarnings("unchecked")
    List<Var> vars = List.copyOf((java.util.Collection<Var>) Clojure.var("clojure.core", "vec")
        .invoke(Clojure.var(RUNNER, "test-vars").invoke(Clojure.read("apikeys.ring-test"))));
    Assertions.assertTrue(vars.size() >= 10, "the namespace's tests were found: " + vars.size());
    IFn run = Clojure.var(RUNNER, "run-var");
    return vars.stream().map(v -> DynamicTest.dynamicTest(v.sym.getName(), () -> {
      Map<?, ?> result = (Map<?, ?>) run.invoke(v);
      Map<?, ?> counters = (Map<?, ?>) result.get(Keyword.intern("counters"));
      long assertions = ((Number) counters.get(Keyword.intern("pass"))).longValue();
      long failed = ((Number) counters.get(Keyword.intern("fail"))).longValue()
          + ((Number) counters.get(Keyword.intern("error"))).longValue();
      Assertions.assertEquals(0, failed, () -> String.valueOf(result.get(Keyword.intern("out"))));
      Assertions.assertTrue(assertions > 0, "the test asserted something");
    }));
  }
}
