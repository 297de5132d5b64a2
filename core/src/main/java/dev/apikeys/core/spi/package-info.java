/**
 * The extension points of {@link dev.apikeys.core.ApikeyService}: where keys are kept ({@link
 * dev.apikeys.core.spi.ApikeyStore}), made ({@link dev.apikeys.core.spi.KeyGenerator}) and
 * authorized ({@link dev.apikeys.core.spi.RolePolicy}), and where audit events and changes go.
 * Nothing here accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
package dev.apikeys.core.spi;

import org.jspecify.annotations.NullMarked;
