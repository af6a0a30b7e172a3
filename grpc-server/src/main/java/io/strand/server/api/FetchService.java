package io.strand.server.api;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchPartitionResult;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsPartitionResult;
import io.strand.api.v1.ListOffsetsRequest;
import io.strand.api.v1.ListOffsetsResponse;
import io.strand.api.v1.RecordFormat;
import io.strand.api.v1.SubscribeRequest;
import io.strand.api.v1.SubscribeResponse;
import io.strand.server.error.GrpcErrors;
import io.strand.server.interceptor.ForwardedCalls;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.LeaderRouter;
import io.strand.server.routing.RoutedExecution;
import io.strand.store.partition.TopicPartitionId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetch (with long-poll), Subscribe (server streaming with flow control) and ListOffsets. Reads are served by
 * each partition's leader; this node forwards when it does not lead.
 *
 * <p>Thread-safe.
 */
public final class FetchService extends FetchServiceGrpc.FetchServiceImplBase {

  static final int DEFAULT_RESPONSE_MAX_BYTES = 50 * 1024 * 1024;
  static final int DEFAULT_MESSAGE_MAX_BYTES = 1024 * 1024;

  private final FetchOperation fetchOperation;
  private final ListOffsetsOperation listOffsetsOperation;
  private final RoutedExecution execution;
  private final LeaderRouter router;
  private final ForwardingClient forwarding;
  private final RequestLimits limits;
  private final ScheduledExecutorService scheduler;

  public FetchService(FetchOperation fetchOperation, ListOffsetsOperation listOffsetsOperation,
                      RoutedExecution execution, LeaderRouter router, ForwardingClient forwarding,
                      RequestLimits limits, ScheduledExecutorService scheduler) {
    this.fetchOperation = fetchOperation;
    this.listOffsetsOperation = listOffsetsOperation;
    this.execution = execution;
    this.router = router;
    this.forwarding = forwarding;
    this.limits = limits;
    this.scheduler = scheduler;
  }

  @Override
  public void fetch(FetchRequest request, StreamObserver<FetchResponse> responses) {
    limits.checkPartitions(request.getPartitionsList(), p -> p.getTopic() + "-" + p.getPartition());
    int responseMax = request.getMaxBytes() > 0 ? request.getMaxBytes() : DEFAULT_RESPONSE_MAX_BYTES;
    List<FetchOperation.Item> items = new ArrayList<>();
    for (FetchPartition p : request.getPartitionsList()) {
      items.add(new FetchOperation.Item(partitionId(p.getTopic(), p.getPartition()), p.getFetchOffset(),
          p.getMaxBytes() > 0 ? Math.min(p.getMaxBytes(), responseMax) : responseMax, format(request.getFormat())));
    }
    int waitMs = limits.fetchWaitMs(request.getMaxWaitMs());
    Deadline routingDeadline = limits.deadline(0);
    new FetchPoll(items, Math.max(1, request.getMinBytes()), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs),
        routingDeadline, responses).start();
  }

  @Override
  public void listOffsets(ListOffsetsRequest request, StreamObserver<ListOffsetsResponse> responses) {
    limits.checkPartitionCount(request.getPartitionsCount());
    for (ListOffsetsPartition p : request.getPartitionsList()) {
      partitionId(p.getTopic(), p.getPartition());
    }
    execution.run(listOffsetsOperation, request.getPartitionsList(), limits.deadline(0))
        .whenComplete((results, failure) -> {
          if (failure != null) {
            responses.onError(GrpcErrors.toStatusException(failure));
          } else {
            responses.onNext(ListOffsetsResponse.newBuilder().addAllResults(results).build());
            responses.onCompleted();
          }
        });
  }

  @Override
  public void subscribe(SubscribeRequest request, StreamObserver<SubscribeResponse> responses) {
    limits.checkPartitions(request.getPartitionsList(), p -> p.getTopic() + "-" + p.getPartition());
    int perMessage = request.getMaxBytesPerMessage() > 0 ? request.getMaxBytesPerMessage() : DEFAULT_MESSAGE_MAX_BYTES;
    List<FetchOperation.Item> items = new ArrayList<>();
    for (FetchPartition p : request.getPartitionsList()) {
      items.add(new FetchOperation.Item(partitionId(p.getTopic(), p.getPartition()), p.getFetchOffset(),
          p.getMaxBytes() > 0 ? Math.min(p.getMaxBytes(), perMessage) : perMessage, format(request.getFormat())));
    }
    new SubscribeSession((ServerCallStreamObserver<SubscribeResponse>) responses, items, router, forwarding,
        scheduler, ForwardedCalls.isForwarded()).start();
  }

  private static TopicPartitionId partitionId(String topic, int partition) {
    try {
      return new TopicPartitionId(topic, partition);
    } catch (IllegalArgumentException e) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST, "invalid partition '" + topic + "' "
          + partition + ": " + e.getMessage());
    }
  }

  private static RecordFormat format(RecordFormat requested) {
    return requested == RecordFormat.RECORD_FORMAT_RAW ? RecordFormat.RECORD_FORMAT_RAW
        : RecordFormat.RECORD_FORMAT_STRUCTURED;
  }

  /**
   * One long-poll: read everything at once; if fewer than min_bytes came back and time is left, wait for a sign
   * of new data ({@link DataWaiter}) and read again.
   */
  private final class FetchPoll {
    private final List<FetchOperation.Item> items;
    private final int minBytes;
    private final long waitUntilNanos;
    private final Deadline routingDeadline;
    private final StreamObserver<FetchResponse> responses;
    private final Context context = Context.current();

    FetchPoll(List<FetchOperation.Item> items, int minBytes, long waitUntilNanos, Deadline routingDeadline,
              StreamObserver<FetchResponse> responses) {
      this.items = items;
      this.minBytes = minBytes;
      this.waitUntilNanos = waitUntilNanos;
      this.routingDeadline = routingDeadline;
      this.responses = responses;
    }

    void start() {
      context.run(this::read);
    }

    private void read() {
      execution.run(fetchOperation, items, routingDeadline).whenComplete((results, failure) -> {
        if (failure != null) {
          responses.onError(GrpcErrors.toStatusException(failure));
          return;
        }
        long bytes = 0;
        boolean errors = false;
        for (FetchPartitionResult r : results) {
          bytes += FetchOperation.dataBytes(r);
          errors |= r.getError().getCode() != ErrorCode.ERROR_CODE_NONE;
        }
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(waitUntilNanos - System.nanoTime());
        if (bytes >= minBytes || errors || remainingMs <= 0 || context.isCancelled()) {
          respond(results);
          return;
        }
        // Wake-ups come from Ratis apply threads and timers; the next read runs on the scheduler.
        new DataWaiter(router, forwarding, scheduler, ForwardedCalls.isForwarded())
            .await(items, remainingMs)
            .whenCompleteAsync((v, e) -> context.run(this::read), scheduler);
      });
    }

    private void respond(List<FetchPartitionResult> results) {
      if (context.isCancelled()) {
        return;
      }
      responses.onNext(FetchResponse.newBuilder().addAllResults(results).build());
      responses.onCompleted();
    }
  }
}
