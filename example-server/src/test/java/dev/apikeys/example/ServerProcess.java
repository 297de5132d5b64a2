package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The example server as a process of its own, and the banner it prints when it has started. */
final class ServerProcess {
  static final Pattern URL = Pattern.compile("listening on (http://\\S+)");
  static final Pattern KEY = Pattern.compile("admin key \\(shown this once, keep it\\): (\\S+)");

  private ServerProcess() {}

  /**
   * A command that runs the example server on this test's class path.
   *
   * @param jvmOptions options for the JVM, such as {@code -Dsun.net.httpserver.maxReqTime=2}
   * @param args the server's own arguments
   */
  static ProcessBuilder command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExampleServer.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * What the server printed up to "Ctrl-C stops the server".
   *
   * @param url the collection's URL
   * @param adminKey the admin key it made and printed, or null if it printed none
   * @param lines every line
   */
  record Banner(String url, String adminKey, List<String> lines) {
    /** Reads the banner; fails the test, with {@code whereElse} as a hint, if the output ends before it. */
    static Banner read(BufferedReader reader, String whereElse) throws IOException {
      List<String> lines = new ArrayList<>();
      String url = null;
      String adminKey = null;
      for (String line = ""; !line.contains("Ctrl-C stops the server"); ) {
        line = reader.readLine();
        assertThat(line).as("server output so far: %s%s", lines, whereElse).isNotNull();
        lines.add(line);
        Matcher u = URL.matcher(line);
        if (u.find()) {
          url = u.group(1);
        }
        Matcher k = KEY.matcher(line);
        if (k.find()) {
          adminKey = k.group(1);
        }
      }
      assertThat(url).as("the banner names the URL: %s", lines).isNotNull();
      return new Banner(url, adminKey, List.copyOf(lines));
    }

    static Banner read(BufferedReader reader) throws IOException {
      return read(reader, "");
    }
  }
}
