package dev.apikeys.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Tenants;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A refusal leaves its connection usable. HTTP clients (the JDK's among them) write a POST's head
 * and its body separately and keep the connection for the next request; an answer given before the
 * body arrived, with the body left unread, makes the container close the connection after the
 * answer, and the client's next request on it fails with no answer at all. The servlet and the
 * filter read what is left of a body before they answer, and say {@code Connection: close} when
 * they will not.
 */
class ConnectionReuseTest {
  private static final String SERVLET = "/app/api/v1/apikeys";
  private static final String FILTERED = "/app/reports/daily";
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

  private final Tenants tenants = new Tenants();
  private final CountDownLatch bodyRead = new CountDownLatch(1);
  private JettyHost host;

  @BeforeEach
  void start() throws Exception {
    host = JettyHost.builder(tenants.endpoint()).contextPath("/app").filter(new ApikeyFilter(tenants.service))
        .outerFilter(new SignalBodyRead(bodyRead)).start();
  }

  @AfterEach
  void stop() {
    host.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {SERVLET, FILTERED})
  void aRefusalWaitsForTheBodyThatFollowsTheHeadAndTheConnectionServesTheNextRequest(String path) throws Exception {
    byte[] body = "{\"name\":\"ci\",\"role\":\"viewer\"}".getBytes(UTF_8);
    try (Socket socket = new Socket("127.0.0.1", host.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head("POST " + path, "Content-Type: application/json", ApikeyEndpoint.TENANT_HEADER + ": acme",
          ApikeyEndpoint.API_KEY_HEADER + ": " + UUID.randomUUID(), "Content-Length: " + body.length));
      out.flush();

      assertThat(bodyRead.await(10, SECONDS)).as("the body was read before the answer").isTrue();
      out.write(body);
      out.write(head("GET " + path, ApikeyEndpoint.TENANT_HEADER + ": acme", "Connection: close"));
      out.flush();

      String answers = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      assertThat(statuses(answers)).as(answers).containsExactly(401, 401);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SERVLET, FILTERED})
  void aRefusalOfAHugeBodySaysTheConnectionCloses(String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", host.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head("POST " + path, "Content-Type: application/json", ApikeyEndpoint.TENANT_HEADER + ": acme",
          ApikeyEndpoint.API_KEY_HEADER + ": " + UUID.randomUUID(), "Content-Length: 100000000"));
      out.flush();

      String answer = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      assertThat(statuses(answer)).as(answer).hasSize(1);
      assertThat(answer).containsIgnoringCase("\r\nConnection: close\r\n");
    }
  }

  private static byte[] head(String requestLine, String... headerLines) {
    StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString().getBytes(ISO_8859_1);
  }

  private static List<Integer> statuses(String answers) {
    List<Integer> statuses = new ArrayList<>();
    Matcher matcher = STATUS_LINE.matcher(answers);
    while (matcher.find()) {
      statuses.add(Integer.parseInt(matcher.group(1)));
    }
    return statuses;
  }

  /** A host's filter whose request counts the latch down when anything reads its body. */
  private static final class SignalBodyRead implements Filter {
    private final CountDownLatch latch;

    SignalBodyRead(CountDownLatch latch) {
      this.latch = latch;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
        @Override
        public ServletInputStream getInputStream() throws IOException {
          ServletInputStream in = super.getInputStream();
          return new ServletInputStream() {
            @Override
            public int read() throws IOException {
              latch.countDown();
              return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              latch.countDown();
              return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
              return in.isFinished();
            }

            @Override
            public boolean isReady() {
              return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
              in.setReadListener(listener);
            }
          };
        }
      }, response);
    }
  }
}
