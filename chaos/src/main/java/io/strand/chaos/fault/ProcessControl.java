package io.strand.chaos.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * Crashes, pauses and resumes process trees the harness started itself. Signals go to the given process and all
 * its descendants (a launcher script may sit between the harness and the JVM), and only to them.
 *
 * <p>Thread-safe: stateless apart from the command runner.
 */
public final class ProcessControl {
  private final HostCommands commands;

  public ProcessControl(HostCommands commands) {
    this.commands = commands;
  }

  /** kill -9 the process and its descendants, then wait until the root process is gone. */
  public void kill(ProcessHandle process) {
    List<ProcessHandle> tree = tree(process);
    tree.forEach(ProcessHandle::destroyForcibly);
    process.onExit().join();
  }

  /** SIGSTOP the process and its descendants: it stays alive, holds its sockets and answers nothing. */
  public void pause(ProcessHandle process) {
    signal("-STOP", process);
  }

  /** SIGCONT the process and its descendants. */
  public void resume(ProcessHandle process) {
    signal("-CONT", process);
  }

  private void signal(String signal, ProcessHandle process) {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    for (ProcessHandle p : tree(process)) {
      if (p.isAlive()) {
        command.add(Long.toString(p.pid()));
      }
    }
    if (command.size() == 2) {
      throw new FaultInjectionException("cannot send " + signal + " to pid " + process.pid() + ": not running");
    }
    CommandResult result = commands.run(command);
    if (!result.succeeded()) {
      throw new FaultInjectionException(result.describe());
    }
  }

  /** The process first, then its descendants (children before grandchildren). */
  private static List<ProcessHandle> tree(ProcessHandle process) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process);
    process.descendants().forEach(tree::add);
    return tree;
  }
}
