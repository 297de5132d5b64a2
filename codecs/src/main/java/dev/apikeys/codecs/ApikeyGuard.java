package dev.apikeys.codecs;

import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import java.util.Objects;

/**
 * Guards a host's own routes with the library's API keys: given a request's headers, either the
 * authenticated {@link Caller} or the answer to send instead. The servlet filter and the Ring
 * middleware are this and a few lines.
 *
 * <pre>{@code
 * ApikeyGuard guard = endpoint.guard();              // or ApikeyGuard.of(service)
 * ApikeyGuard.Decision decision = guard.check(Headers.of(requestHeaders));
 * if (decision instanceof ApikeyGuard.Authenticated authenticated) {
 *   Caller caller = authenticated.caller();          // tenant, role, keyName
 * } else {
 *   EndpointResponse refusal = ((ApikeyGuard.Refused) decision).response();
 *   // send refusal.status(), refusal.headers() and refusal.body()
 * }
 * }</pre>
 *
 * <p>A refusal is the endpoint's own answer, byte for byte: 401 {@code unauthenticated} with its
 * {@code WWW-Authenticate} challenge (the same bytes for every reason: a header missing, an
 * unknown, revoked or expired key, another tenant's key), 503 {@code storage-unavailable} when the
 * store fails, 500 {@code internal} for anything unexpected; each with {@code Cache-Control:
 * no-store}. It is in the format Accept asks for, or the default format when Accept asks for none
 * of the four: the guard never answers 406, since the host's route may well write a type the
 * library does not (send no body in answer to a {@code HEAD}). The guard reads only the {@value
 * ApikeyEndpoint#TENANT_HEADER}, {@value ApikeyEndpoint#API_KEY_HEADER} and {@code Accept}
 * headers, never a body.
 *
 * <p>Thread-safe; build one per application.
 */
public final class ApikeyGuard {
  private final ApikeyService service;
  private final Negotiation negotiation;
  private final Answers answers;

  ApikeyGuard(ApikeyService service, Negotiation negotiation, Answers answers) {
    this.service = service;
    this.negotiation = negotiation;
    this.answers = answers;
  }

  /**
   * A guard that answers in JSON unless Accept asks for another of the four formats, and reports
   * 500s and 503s nowhere; {@link ApikeyEndpoint#guard()} gives one configured as its endpoint.
   *
   * @param service the service that authenticates callers
   * @return the guard
   */
  public static ApikeyGuard of(ApikeyService service) {
    return new ApikeyGuard(Objects.requireNonNull(service, "service"), Negotiation.standard(), new Answers(t -> { }));
  }

  /**
   * Authenticates the request's caller. Never throws for anything a client sends.
   *
   * @param headers the request's headers
   * @return {@link Authenticated} with the caller, or {@link Refused} with the answer to send
   */
  public Decision check(Headers headers) {
    Objects.requireNonNull(headers, "headers");
    Codec codec = negotiation.defaultCodec();
    try {
      codec = negotiation.forAccept(headers.get("accept")).orElse(codec);
      return new Authenticated(service.authenticate(
          headers.get(ApikeyEndpoint.TENANT_HEADER), headers.get(ApikeyEndpoint.API_KEY_HEADER)));
    } catch (RuntimeException e) {
      return new Refused(answers.failure(codec, e));
    }
  }

  @Override
  public String toString() {
    return "ApikeyGuard[" + service + ", " + negotiation + "]";
  }

  /** What {@link #check(Headers)} decided: {@link Authenticated} or {@link Refused}. */
  public sealed interface Decision permits Authenticated, Refused {}

  /**
   * The request goes on, as this caller.
   *
   * @param caller the caller, with its tenant, role and {@link Caller#keyName() key name}
   */
  public record Authenticated(Caller caller) implements Decision {
    /** Checks that the caller is present. */
    public Authenticated {
      Objects.requireNonNull(caller, "caller");
    }
  }

  /**
   * The request stops here, with this answer.
   *
   * @param response the status, headers and body to send: 401, 503 or 500
   */
  public record Refused(EndpointResponse response) implements Decision {
    /** Checks that the response is present. */
    public Refused {
      Objects.requireNonNull(response, "response");
    }
  }
}
