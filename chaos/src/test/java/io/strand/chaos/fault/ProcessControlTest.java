package io.strand.chaos.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signals real child processes: a shell that started a sleep, like bin/strand starting a JVM. */
class ProcessControlTest {
  private final ProcessControl control = new ProcessControl(new HostCommands(Duration.ofSeconds(10)));
  private Process shell;

  @AfterEach
  void killLeftovers() {
    if (shell != null) {
      shell.descendants().forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly();
    }
  }

  private ProcessHandle startTree() throws IOException {
    shell = new ProcessBuilder("sh", "-c", "sleep 60; echo done").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().findAny().isPresent());
    return shell.toHandle();
  }

  private static char state(ProcessHandle p) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  @Test
  void pauseStopsTheWholeTreeAndResumeContinuesIt() throws IOException {
    ProcessHandle root = startTree();
    ProcessHandle child = root.descendants().findFirst().orElseThrow();

    control.pause(root);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(root) == 'T' && state(child) == 'T');

    control.resume(root);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(root) != 'T' && state(child) != 'T');
    assertThat(root.isAlive()).isTrue();
  }

  @Test
  void killEndsTheWholeTreeEvenWhenPaused() throws IOException {
    ProcessHandle root = startTree();
    ProcessHandle child = root.descendants().findFirst().orElseThrow();
    control.pause(root);

    control.kill(root);

    assertThat(root.isAlive()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> !child.isAlive());
    assertThat(shell.exitValue()).isEqualTo(137);
  }
}
