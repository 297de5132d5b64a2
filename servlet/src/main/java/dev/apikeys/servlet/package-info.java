/**
 * The API-key routes and a guard for a host's own routes, in any Jakarta Servlet 6 container
 * (Tomcat 10.1 and later, Jetty 12, Undertow, Spring Boot 3).
 *
 * <ul>
 *   <li>{@link dev.apikeys.servlet.ApikeyServlet}: create, list and revoke, mapped at {@code
 *       /api/v1/apikeys} and {@code /api/v1/apikeys/*};
 *   <li>{@link dev.apikeys.servlet.ApikeyFilter}: lets a request with a valid key through to the
 *       host's route, with its {@link dev.apikeys.core.Caller} as a request attribute, and answers
 *       any other with the library's 401.
 * </ul>
 */
@NullMarked
package dev.apikeys.servlet;

import org.jspecify.annotations.NullMarked;
