/**
 * The service: {@link dev.apikeys.core.ApikeyService} creates, lists and revokes API keys and
 * authenticates the callers that present them, with its values ({@link
 * dev.apikeys.core.ApikeyRequest}, {@link dev.apikeys.core.CreatedApikey}, {@link
 * dev.apikeys.core.Caller}, ...) and errors ({@link dev.apikeys.core.ApikeyException} and its
 * subclasses). Nothing here accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
package dev.apikeys.core;

import org.jspecify.annotations.NullMarked;
