/**
 * Micrometer meters for apikeys: {@link dev.apikeys.micrometer.ApikeyServiceMetrics}, the
 * service's listener, and {@link dev.apikeys.micrometer.ApikeyCacheMetrics}, a binder for the
 * verification cache. Nothing here accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
package dev.apikeys.micrometer;

import org.jspecify.annotations.NullMarked;
