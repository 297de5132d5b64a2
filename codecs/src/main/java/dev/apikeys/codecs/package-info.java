/**
 * {@code /api/v1/apikeys} (create, list, revoke) in the four media types of the Clojure ecosystem,
 * without HTTP.
 *
 * <ul>
 *   <li>{@link dev.apikeys.codecs.ApikeyEndpoint}: the operations a host serves, one call per
 *       request, with {@link dev.apikeys.codecs.EndpointRequest}, {@link
 *       dev.apikeys.codecs.EndpointResponse} and {@link dev.apikeys.codecs.Headers};
 *   <li>{@link dev.apikeys.codecs.ApikeyGuard}: a host's own routes guarded by the same keys, with
 *       the endpoint's own refusals;
 *   <li>{@link dev.apikeys.codecs.Codec}: one per media type, for use without the endpoint;
 *   <li>{@link dev.apikeys.codecs.Negotiation} and {@link dev.apikeys.codecs.MediaType}:
 *       Content-Type and Accept per RFC 9110;
 *   <li>{@link dev.apikeys.codecs.MalformedBodyException}: the one error a codec throws for bad
 *       bytes.
 * </ul>
 */
@NullMarked
package dev.apikeys.codecs;

import org.jspecify.annotations.NullMarked;
