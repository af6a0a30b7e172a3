package io.strand.chaos.cluster;

import io.strand.chaos.fault.ProcessControl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Strand node as an operating-system process: {@code [netns prefix] bin/strand server ...}, its output appended
 * to {@code node-<id>.log} across restarts. Start, kill -9, pause and resume act on the process tree this object
 * started, and only on it.
 *
 * <p>Thread-safe: state changes are synchronized.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

  /** Whether the node runs. */
  public enum State {
    STOPPED, RUNNING, PAUSED
  }

  private final NodeSpec spec;
  private final List<String> command;
  private final Path logFile;
  private final ProcessControl control;
  private Process process;
  private State state = State.STOPPED;
  private int starts;

  NodeProcess(NodeSpec spec, List<String> command, Path logFile, ProcessControl control) {
    this.spec = spec;
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.control = control;
  }

  public NodeSpec spec() {
    return spec;
  }

  public synchronized State state() {
    if (state != State.STOPPED && (process == null || !process.isAlive())) {
      LOG.warn("node {} exited on its own (exit code {}); see {}", spec.nodeId(),
          process == null ? "?" : process.exitValue(), logFile);
      state = State.STOPPED;
    }
    return state;
  }

  /** The pid while running or paused. */
  public synchronized Optional<Long> pid() {
    return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
  }

  /** Starts the node (it must be stopped). */
  public synchronized void start() throws IOException {
    if (state() != State.STOPPED) {
      throw new IllegalStateException("node " + spec.nodeId() + " is already " + state);
    }
    Files.createDirectories(spec.dataDir());
    starts++;
    Files.writeString(logFile, "=== start " + starts + ": " + String.join(" ", command) + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    process.getOutputStream().close();
    state = State.RUNNING;
    LOG.info("node {} started (pid {}, start #{})", spec.nodeId(), process.pid(), starts);
  }

  /** kill -9 (works on a paused node too). */
  public synchronized void kill() {
    if (process != null && process.isAlive()) {
      control.kill(process.toHandle());
      LOG.info("node {} killed", spec.nodeId());
    }
    state = State.STOPPED;
  }

  /** SIGSTOP the node. */
  public synchronized void pause() {
    if (state() != State.RUNNING) {
      throw new IllegalStateException("cannot pause node " + spec.nodeId() + ": " + state);
    }
    control.pause(process.toHandle());
    state = State.PAUSED;
  }

  /** SIGCONT the node. */
  public synchronized void resume() {
    if (state() == State.PAUSED) {
      control.resume(process.toHandle());
      state = State.RUNNING;
    }
  }

  /** Gracefully stops the node (SIGTERM, then kill -9 after {@code grace}). */
  public synchronized void stop(Duration grace) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      state = State.STOPPED;
      return;
    }
    resume();
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      control.kill(process.toHandle());
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    state = State.STOPPED;
  }

  /** Waits until the node accepts TCP connections on its gRPC port; false on timeout or if it died. */
  public boolean awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (state() == State.STOPPED) {
        return false;
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(spec.host(), spec.grpcPort()), 500);
        return true;
      } catch (IOException e) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    return false;
  }

  public Path logFile() {
    return logFile;
  }

  @Override
  public synchronized void close() {
    kill();
  }
}
