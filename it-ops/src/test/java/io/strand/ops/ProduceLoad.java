package io.strand.ops;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.strand.api.v1.Acks;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.ProduceServiceGrpc.ProduceServiceBlockingStub;
import io.strand.api.v1.Record;
import io.strand.api.v1.StructuredBatch;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A steady trickle of produce calls from a background thread (a batch of 10 records every few milliseconds,
 * partitions in turn), so that rates are above zero while a test looks at metrics. Failed calls are counted and
 * otherwise ignored: the load keeps going through leader changes.
 *
 * <p>Thread-safe.
 */
final class ProduceLoad implements AutoCloseable {

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "produce-load");
    t.setDaemon(true);
    return t;
  });
  private final Supplier<ProduceServiceBlockingStub> stubs;
  private final String topic;
  private final int partitions;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  ProduceLoad(Supplier<ProduceServiceBlockingStub> stubs, String topic, int partitions) {
    this.stubs = stubs;
    this.topic = topic;
    this.partitions = partitions;
    executor.scheduleWithFixedDelay(this::sendOne, 0, 5, TimeUnit.MILLISECONDS);
  }

  private void sendOne() {
    long n = sent.getAndIncrement();
    StructuredBatch.Builder batch = StructuredBatch.newBuilder();
    for (int i = 0; i < 10; i++) {
      batch.addRecords(Record.newBuilder().setValue(ByteString.copyFrom("load-" + n + "-" + i,
          StandardCharsets.UTF_8)));
    }
    ProduceRequest request = ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL).setTimeoutMs(5000)
        .addPartitions(PartitionProduceData.newBuilder().setTopic(topic).setPartition((int) (n % partitions))
            .setRecords(batch))
        .build();
    try {
      PartitionProduceResult result = stubs.get().withDeadlineAfter(10, TimeUnit.SECONDS).produce(request)
          .getResults(0);
      (result.getError().getCode() == ErrorCode.ERROR_CODE_NONE ? acknowledged : failed).incrementAndGet();
    } catch (StatusRuntimeException | IllegalStateException e) {
      failed.incrementAndGet();
    }
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(15, TimeUnit.SECONDS);
  }
}
