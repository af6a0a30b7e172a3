package io.strand.chaos.fake;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.api.v1.PartitionMetadata;
import io.strand.api.v1.TopicMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for {@code bin/strand} that lets the harness be tested before (and independently of) the real
 * server: the same command-line contract ({@code server}, {@code topics create}, {@code produce --print-acks},
 * {@code consume --print-offset}), with the data in shared files instead of a replicated log, so it never loses or
 * reorders anything. {@code server} answers the public Metadata RPC (leader of partition p = node p mod n + 1).
 * Test code only: it stands in for the system under test, not for any harness component.
 */
public final class FakeStrand {
  private FakeStrand() {
  }

  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    List<String> rest = List.of(args).subList(1, args.length);
    switch (rest.get(0)) {
      case "server" -> server(rest);
      case "topics" -> Files.writeString(store.resolve("topic-" + rest.get(2)), flag(rest, "--partitions"));
      case "produce" -> produce(store, flag(rest, "--topic"));
      case "consume" -> consume(store, flag(rest, "--topic"), Long.parseLong(flag(rest, "--idle-timeout-ms")));
      default -> throw new IllegalArgumentException("fake strand: unknown command " + rest);
    }
  }

  private static String flag(List<String> args, String name) {
    return args.get(args.indexOf(name) + 1);
  }

  private static void server(List<String> args) throws Exception {
    int nodes = flag(args, "--peers").split(",").length;
    Server server = ServerBuilder.forPort(Integer.parseInt(flag(args, "--grpc-port")))
        .addService(new MetadataServiceGrpc.MetadataServiceImplBase() {
          @Override
          public void getMetadata(MetadataRequest request, StreamObserver<MetadataResponse> response) {
            TopicMetadata.Builder topic = TopicMetadata.newBuilder().setName(request.getTopics(0));
            for (int p = 0; p < 16; p++) {
              PartitionMetadata.Builder partition = PartitionMetadata.newBuilder().setPartition(p)
                  .setLeaderId(p % nodes + 1);
              for (int n = 1; n <= nodes; n++) {
                partition.addReplicas(n);
              }
              topic.addPartitions(partition);
            }
            response.onNext(MetadataResponse.newBuilder().addTopics(topic).build());
            response.onCompleted();
          }
        }).build().start();
    System.out.println("fake node listening on " + server.getPort());
    server.awaitTermination();
  }

  private static int partitions(Path store, String topic) throws IOException {
    return Integer.parseInt(Files.readString(store.resolve("topic-" + topic)).strip());
  }

  private static void produce(Path store, String topic) throws IOException {
    int partitions = partitions(store, topic);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long sent = 0;
    String value;
    while ((value = in.readLine()) != null) {
      int partition = (int) (sent++ % partitions);
      long offset = append(store.resolve(topic + "-" + partition + ".log"), value);
      out.println(partition + "\t" + offset + "\t" + value);
    }
  }

  /**
   * Appends one line under an exclusive lock; its offset is the number of lines before it. The file is read
   * through the locked channel only: closing any other descriptor of the file would drop the POSIX lock.
   */
  private static long append(Path log, String value) throws IOException {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock();
      java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate((int) ch.size());
      int read;
      do {
        read = ch.read(content, content.position());
      } while (read > 0 && content.hasRemaining());
      long offset = 0;
      for (int i = 0; i < content.position(); i++) {
        if (content.get(i) == '\n') {
          offset++;
        }
      }
      ch.write(StandardCharsets.UTF_8.encode(value + "\n"), ch.size());
      lock.release();
      return offset;
    }
  }

  private static void consume(Path store, String topic, long idleMs) throws Exception {
    int partitions = partitions(store, topic);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    long[] next = new long[partitions];
    long lastData = System.nanoTime();
    while (System.nanoTime() - lastData < TimeUnit.MILLISECONDS.toNanos(idleMs)) {
      boolean any = false;
      for (int p = 0; p < partitions; p++) {
        Path log = store.resolve(topic + "-" + p + ".log");
        List<String> lines = Files.exists(log) ? complete(log) : List.of();
        for (; next[p] < lines.size(); next[p]++) {
          out.println(p + "\t" + next[p] + "\t\t" + lines.get((int) next[p]));
          any = true;
        }
      }
      if (any) {
        lastData = System.nanoTime();
      } else {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  /** Whole lines only: a line still being written has no newline yet. */
  private static List<String> complete(Path log) throws IOException {
    String text = Files.readString(log);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.remove(lines.size() - 1);
    return lines;
  }
}
