package io.strand.chaos.workload;

import io.strand.chaos.history.HistoryWriter;
import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import io.strand.chaos.history.ReadRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * After the healed phase, reads every partition from the beginning with {@code strand consume --from-beginning
 * --print-offset --idle-timeout-ms T} until no record arrives for T, and records one read-all op per partition
 * whose offset is where the read reached (last offset read + 1). An attempt whose process exits non-zero is
 * retried; every attempt is recorded ({@code final-reader.<attempt>}), and the checker uses the furthest any
 * attempt got.
 *
 * <p>Not thread-safe; used once by the workload.
 */
public final class FinalReader {
  private final ClientLauncher clients;
  private final HistoryWriter history;
  private final WorkloadSettings settings;

  FinalReader(ClientLauncher clients, HistoryWriter history, WorkloadSettings settings) {
    this.clients = clients;
    this.history = history;
    this.settings = settings;
  }

  /**
   * What the final read did.
   *
   * @param records records read over all attempts
   * @param finishedCleanly true if an attempt exited 0 (read until idle without error)
   */
  public record Result(long records, boolean finishedCleanly) {
  }

  /** Reads everything, up to {@code attempts} times until an attempt ends cleanly. */
  Result readAll(int attempts) throws IOException, InterruptedException {
    long records = 0;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      String process = "final-reader." + attempt;
      long start = history.now();
      Process cli = clients.start(process, List.of("consume", "--topic", settings.topic(), "--from-beginning",
          "--print-offset", "--idle-timeout-ms", Long.toString(settings.finalReadIdle().toMillis())));
      cli.getOutputStream().close();
      Map<Integer, List<ReadRecord>> byPartition = new TreeMap<>();
      for (int p = 0; p < settings.partitions(); p++) {
        byPartition.put(p, new ArrayList<>());
      }
      RecordStream stream = new RecordStream(new BufferedReader(new InputStreamReader(cli.getInputStream(),
          StandardCharsets.UTF_8)), process);
      Optional<List<ReadRecord>> chunk;
      while ((chunk = stream.next()).isPresent()) {
        chunk.get().forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
      }
      int exit = cli.waitFor();
      for (Map.Entry<Integer, List<ReadRecord>> e : byPartition.entrySet()) {
        List<ReadRecord> read = e.getValue();
        long reached = read.stream().mapToLong(r -> r.offset() + 1).max().orElse(0);
        history.append(Op.invoke(process, OpFunction.READ_ALL, start).partition(e.getKey()).build());
        // The records were read whatever the exit code says, so the op is ok either way.
        history.append(Op.complete(process, OpType.OK, OpFunction.READ_ALL, history.now()).partition(e.getKey())
            .offset(reached).records(read).build());
        records += read.size();
      }
      if (exit == 0) {
        return new Result(records, true);
      }
    }
    return new Result(records, false);
  }
}
