package dev.apikeys.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.RoleHierarchy;
import org.junit.jupiter.api.Test;

/** The README's snippet, line for line, so that it cannot rot. */
class ReadmeExampleTest {
  @Test
  void theReadmeSnippetRuns() {
    ApikeyService service = ApikeyService.builder()
        .store(new MemoryApikeyStore())
        .rolePolicy(RoleHierarchy.of("viewer", "operator", "admin").minimumToCreate("operator"))
        .build();

    CreatedApikey root = service.createFirstKey("acme", new ApikeyRequest("root", "admin")).orElseThrow();

    Caller caller = service.authenticate("acme", root.key().toString());
    CreatedApikey ci = service.create(caller, new ApikeyRequest("ci", "operator"));

    assertThat(ci.toString()).startsWith("CreatedApikey[role=operator, name=ci, key=<redacted>, createdBy=key:");
    assertThat(service.authenticate("acme", ci.key().toString()).role()).isEqualTo("operator");
  }
}
