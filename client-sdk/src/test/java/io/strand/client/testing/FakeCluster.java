package io.strand.client.testing;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.AdminServiceGrpc;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.CreateTopicResponse;
import io.strand.api.v1.DescribeClusterRequest;
import io.strand.api.v1.DescribeClusterResponse;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.DescribeTopicResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchPartitionResult;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.InitProducerIdRequest;
import io.strand.api.v1.InitProducerIdResponse;
import io.strand.api.v1.LeaderHint;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsPartitionResult;
import io.strand.api.v1.ListOffsetsRequest;
import io.strand.api.v1.ListOffsetsResponse;
import io.strand.api.v1.ListTopicsRequest;
import io.strand.api.v1.ListTopicsResponse;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.api.v1.NodeDescription;
import io.strand.api.v1.NodeEndpoint;
import io.strand.api.v1.NodeInfo;
import io.strand.api.v1.PartitionDescription;
import io.strand.api.v1.PartitionError;
import io.strand.api.v1.PartitionMetadata;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.ProduceResponse;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.api.v1.TopicMetadata;
import io.strand.record.CorruptRecordException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A small in-memory stand-in for a Strand cluster, used by the SDK's unit tests to pin down wire-level
 * client behaviour (routing, retries, idempotent resends, long-poll fetch) without the real server. Each
 * node is a real gRPC server on a free loopback port; all nodes share one state. Faults are injected per
 * produce call. The real server is exercised by the *IT tests against MiniCluster.
 */
public final class FakeCluster implements AutoCloseable {

  /** A one-shot fault applied to the next produce call that reaches a partition's leader. */
  public enum Fault {
    /** Append, then answer UNAVAILABLE as if the response was lost. */
    LOSE_RESPONSE_AFTER_APPEND,
    /** Answer the partition with NOT_LEADER (and a correct hint) without appending. */
    NOT_LEADER,
    /** Answer the partition with RECORD_TOO_LARGE without appending. */
    RECORD_TOO_LARGE,
    /** Hold this call before it appends until {@link #releaseDelayed}, so later calls overtake it. */
    DELAY_APPEND,
    /**
     * Answer OUT_OF_ORDER_SEQUENCE without appending, as a broker does for the retry of a batch it wrote but no
     * longer remembers.
     */
    OUT_OF_ORDER_SEQUENCE,
    /** No fault for this call (to aim a later fault at a later call). */
    NONE
  }

  private final List<Server> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final Map<String, List<FakePartition>> topics = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicLong nextProducerId = new AtomicLong(1000);
  private final Map<Integer, AtomicInteger> produceCalls = new ConcurrentHashMap<>();
  private final AtomicInteger initProducerIdCalls = new AtomicInteger();
  private final java.util.concurrent.CountDownLatch delayGate = new java.util.concurrent.CountDownLatch(1);
  private final AtomicInteger delayedCalls = new AtomicInteger();
  private volatile boolean holdProduce;
  private volatile boolean forwarding;
  private final List<Runnable> held = new ArrayList<>();

  /** Starts {@code nodes} fake nodes (ids 1..n). */
  public FakeCluster(int nodes) throws IOException {
    for (int id = 1; id <= nodes; id++) {
      Node node = new Node(id);
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(node.metadata()).addService(node.produce()).addService(node.fetch())
          .addService(node.admin()).build().start();
      servers.add(server);
      ports.add(server.getPort());
      produceCalls.put(id, new AtomicInteger());
    }
  }

  /** @return {@code 127.0.0.1:p1,...} */
  public String bootstrap() {
    return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** @return the address of one node */
  public String address(int nodeId) {
    return "127.0.0.1:" + ports.get(nodeId - 1);
  }

  /** Creates a topic whose partition p is led by node {@code (p % nodes) + 1}. */
  public void createTopic(String name, int partitions) {
    List<FakePartition> list = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      list.add(new FakePartition(p % servers.size() + 1));
    }
    topics.put(name, list);
  }

  /** @return the partition's fake log */
  public FakePartition partition(String topic, int partition) {
    return topics.get(topic).get(partition);
  }

  /** Moves a partition's leadership. */
  public void moveLeader(String topic, int partition, int nodeId) {
    topics.get(topic).get(partition).leaderId = nodeId;
  }

  /** While on, every node serves every partition, as a node forwarding to the leader would (proxy routing). */
  public void forwarding(boolean on) {
    forwarding = on;
  }

  /** Queues a one-shot fault for the next produce of any partition. */
  public void inject(Fault fault) {
    faults.add(fault);
  }

  /** While on, produce answers are held back (the appends happen); {@link #releaseProduce} sends them. */
  public synchronized void holdProduce(boolean hold) {
    holdProduce = hold;
  }

  /** Sends every held produce answer and stops holding. */
  public void releaseProduce() {
    List<Runnable> toRun;
    synchronized (this) {
      holdProduce = false;
      toRun = new ArrayList<>(held);
      held.clear();
    }
    toRun.forEach(Runnable::run);
  }

  /** Lets every call held by {@link Fault#DELAY_APPEND} continue. */
  public void releaseDelayed() {
    delayGate.countDown();
  }

  /** @return how many calls are or were held by {@link Fault#DELAY_APPEND} */
  public int delayedCalls() {
    return delayedCalls.get();
  }

  /** @return produce calls node {@code nodeId} received */
  public int produceCalls(int nodeId) {
    return produceCalls.get(nodeId).get();
  }

  /** @return how many producer ids were issued */
  public int initProducerIdCalls() {
    return initProducerIdCalls.get();
  }

  @Override
  public void close() {
    releaseDelayed();
    releaseProduce();
    servers.forEach(Server::shutdownNow);
  }

  private NodeEndpoint endpoint(int nodeId) {
    return NodeEndpoint.newBuilder().setNodeId(nodeId).setHost("127.0.0.1").setPort(ports.get(nodeId - 1)).build();
  }

  private TopicMetadata topicMetadata(String name) {
    List<FakePartition> parts = topics.get(name);
    if (parts == null) {
      return TopicMetadata.newBuilder().setName(name).setErrorCode(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC).build();
    }
    TopicMetadata.Builder t = TopicMetadata.newBuilder().setName(name).setTopicId("id-" + name)
        .setReplicationFactor(1);
    for (int p = 0; p < parts.size(); p++) {
      t.addPartitions(PartitionMetadata.newBuilder().setPartition(p).setLeaderId(parts.get(p).leaderId)
          .setLeaderEpoch(1).addReplicas(parts.get(p).leaderId));
    }
    return t.build();
  }

  private PartitionError notLeader(FakePartition part) {
    return PartitionError.newBuilder().setCode(ErrorCode.ERROR_CODE_NOT_LEADER).setMessage("not the leader")
        .setLeader(LeaderHint.newBuilder().setLeaderId(part.leaderId).setEndpoint(endpoint(part.leaderId))
            .setLeaderEpoch(2)).build();
  }

  private static StatusRuntimeException status(Status status, ErrorCode code, String message) {
    com.google.rpc.Status details = com.google.rpc.Status.newBuilder().setCode(status.getCode().value())
        .setMessage(message).addDetails(Any.pack(ErrorInfo.newBuilder().setReason(code.name())
            .setDomain("strand.io").build())).build();
    return StatusProto.toStatusRuntimeException(details);
  }

  /** One node's services. */
  private final class Node {
    private final int id;

    Node(int id) {
      this.id = id;
    }

    MetadataServiceGrpc.MetadataServiceImplBase metadata() {
      return new MetadataServiceGrpc.MetadataServiceImplBase() {
        @Override
        public void getMetadata(MetadataRequest request, StreamObserver<MetadataResponse> out) {
          MetadataResponse.Builder r = MetadataResponse.newBuilder().setControllerId(1).setRespondingNodeId(id);
          for (int n = 1; n <= servers.size(); n++) {
            r.addNodes(NodeInfo.newBuilder().setEndpoint(endpoint(n)).setAlive(true));
          }
          List<String> names = request.getTopicsCount() == 0 ? List.copyOf(topics.keySet()) : request.getTopicsList();
          names.forEach(name -> r.addTopics(topicMetadata(name)));
          out.onNext(r.build());
          out.onCompleted();
        }
      };
    }

    ProduceServiceGrpc.ProduceServiceImplBase produce() {
      return new ProduceServiceGrpc.ProduceServiceImplBase() {
        @Override
        public void produce(ProduceRequest request, StreamObserver<ProduceResponse> out) {
          produceCalls.get(id).incrementAndGet();
          ProduceResponse.Builder response = ProduceResponse.newBuilder();
          boolean lose = false;
          for (PartitionProduceData data : request.getPartitionsList()) {
            PartitionProduceResult.Builder result = PartitionProduceResult.newBuilder().setTopic(data.getTopic())
                .setPartition(data.getPartition()).setBaseOffset(-1);
            List<FakePartition> parts = topics.get(data.getTopic());
            if (parts == null) {
              result.setError(PartitionError.newBuilder().setCode(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC));
              response.addResults(result);
              continue;
            }
            FakePartition part = parts.get(data.getPartition());
            if (part.leaderId != id && !forwarding) {
              response.addResults(result.setError(notLeader(part)));
              continue;
            }
            Fault fault = faults.poll();
            if (fault == Fault.NOT_LEADER) {
              response.addResults(result.setError(notLeader(part)));
              continue;
            }
            if (fault == Fault.OUT_OF_ORDER_SEQUENCE) {
              response.addResults(result.setError(PartitionError.newBuilder()
                  .setCode(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE).setMessage("injected")));
              continue;
            }
            if (fault == Fault.RECORD_TOO_LARGE) {
              response.addResults(result.setError(PartitionError.newBuilder()
                  .setCode(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE).setMessage("injected")));
              continue;
            }
            lose |= fault == Fault.LOSE_RESPONSE_AFTER_APPEND;
            if (fault == Fault.DELAY_APPEND) {
              delayedCalls.incrementAndGet();
              try {
                delayGate.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            try {
              FakePartition.AppendOutcome outcome = part.append(data.getRecordBatch().asReadOnlyByteBuffer());
              result.setBaseOffset(outcome.baseOffset()).setLeaderId(id);
              if (outcome.code() != ErrorCode.ERROR_CODE_NONE) {
                result.setError(PartitionError.newBuilder().setCode(outcome.code()));
              }
            } catch (CorruptRecordException e) {
              result.setError(PartitionError.newBuilder().setCode(ErrorCode.ERROR_CODE_CORRUPT_BATCH)
                  .setMessage(e.getMessage()));
            }
            response.addResults(result);
          }
          boolean lost = lose;
          Runnable answer = () -> {
            if (lost) {
              out.onError(Status.UNAVAILABLE.withDescription("injected: response lost").asRuntimeException());
            } else {
              out.onNext(response.build());
              out.onCompleted();
            }
          };
          synchronized (FakeCluster.this) {
            if (holdProduce) {
              held.add(answer);
              return;
            }
          }
          answer.run();
        }
      };
    }

    FetchServiceGrpc.FetchServiceImplBase fetch() {
      return new FetchServiceGrpc.FetchServiceImplBase() {
        @Override
        public void fetch(FetchRequest request, StreamObserver<FetchResponse> out) {
          FetchResponse response = read(request);
          boolean empty = response.getResultsList().stream().allMatch(r -> r.getRecordBatches().isEmpty()
              && r.getError().getCode() == ErrorCode.ERROR_CODE_NONE);
          if (empty && request.getMaxWaitMs() > 0 && request.getPartitionsCount() > 0) {
            FetchPartition first = request.getPartitions(0);
            List<FakePartition> parts = topics.get(first.getTopic());
            if (parts != null) {
              try {
                parts.get(first.getPartition()).awaitData(first.getFetchOffset(), request.getMaxWaitMs());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              response = read(request);
            }
          }
          out.onNext(response);
          out.onCompleted();
        }

        private FetchResponse read(FetchRequest request) {
          FetchResponse.Builder response = FetchResponse.newBuilder();
          for (FetchPartition fp : request.getPartitionsList()) {
            FetchPartitionResult.Builder r = FetchPartitionResult.newBuilder().setTopic(fp.getTopic())
                .setPartition(fp.getPartition());
            List<FakePartition> parts = topics.get(fp.getTopic());
            if (parts == null) {
              response.addResults(r.setError(PartitionError.newBuilder().setCode(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC)));
              continue;
            }
            FakePartition part = parts.get(fp.getPartition());
            r.setHighWatermark(part.endOffset()).setLogStartOffset(part.logStartOffset()).setLeaderId(part.leaderId);
            if (part.leaderId != id && !forwarding) {
              response.addResults(r.setError(notLeader(part)));
            } else if (fp.getFetchOffset() < part.logStartOffset() || fp.getFetchOffset() > part.endOffset()) {
              response.addResults(r.setError(PartitionError.newBuilder()
                  .setCode(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE)));
            } else {
              int max = fp.getMaxBytes() > 0 ? fp.getMaxBytes() : 1 << 20;
              r.setRecordBatches(ByteString.copyFrom(part.read(fp.getFetchOffset(), max)));
              response.addResults(r.setNextOffset(fp.getFetchOffset()));
            }
          }
          return response.build();
        }

        @Override
        public void listOffsets(ListOffsetsRequest request, StreamObserver<ListOffsetsResponse> out) {
          ListOffsetsResponse.Builder response = ListOffsetsResponse.newBuilder();
          for (ListOffsetsPartition lp : request.getPartitionsList()) {
            FakePartition part = topics.get(lp.getTopic()).get(lp.getPartition());
            ListOffsetsPartitionResult.Builder r = ListOffsetsPartitionResult.newBuilder().setTopic(lp.getTopic())
                .setPartition(lp.getPartition()).setTimestampMs(-1);
            if (part.leaderId != id && !forwarding) {
              response.addResults(r.setError(notLeader(part)));
              continue;
            }
            switch (lp.getSpec().getSpecCase()) {
              case EARLIEST -> r.setOffset(part.logStartOffset());
              case LATEST -> r.setOffset(part.endOffset());
              default -> {
                long[] found = part.offsetForTimestamp(lp.getSpec().getTimestampMs());
                r.setOffset(found == null ? -1 : found[0]).setTimestampMs(found == null ? -1 : found[1]);
              }
            }
            response.addResults(r);
          }
          out.onNext(response.build());
          out.onCompleted();
        }
      };
    }

    AdminServiceGrpc.AdminServiceImplBase admin() {
      return new AdminServiceGrpc.AdminServiceImplBase() {
        @Override
        public void createTopic(CreateTopicRequest request, StreamObserver<CreateTopicResponse> out) {
          if (topics.containsKey(request.getName())) {
            out.onError(status(Status.ALREADY_EXISTS, ErrorCode.ERROR_CODE_TOPIC_ALREADY_EXISTS,
                "topic " + request.getName() + " already exists"));
            return;
          }
          FakeCluster.this.createTopic(request.getName(), request.getPartitions());
          out.onNext(CreateTopicResponse.newBuilder().setTopic(topicMetadata(request.getName())).build());
          out.onCompleted();
        }

        @Override
        public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> out) {
          out.onNext(ListTopicsResponse.newBuilder().addAllNames(topics.keySet()).build());
          out.onCompleted();
        }

        @Override
        public void describeTopic(DescribeTopicRequest request, StreamObserver<DescribeTopicResponse> out) {
          TopicMetadata topic = topicMetadata(request.getName());
          DescribeTopicResponse.Builder r = DescribeTopicResponse.newBuilder().setTopic(topic);
          for (PartitionMetadata p : topic.getPartitionsList()) {
            FakePartition part = topics.get(request.getName()).get(p.getPartition());
            r.addPartitions(PartitionDescription.newBuilder().setMetadata(p)
                .setLogStartOffset(part.logStartOffset()).setHighWatermark(part.endOffset()).setSizeBytes(-1));
          }
          out.onNext(r.build());
          out.onCompleted();
        }

        @Override
        public void initProducerId(InitProducerIdRequest request, StreamObserver<InitProducerIdResponse> out) {
          initProducerIdCalls.incrementAndGet();
          out.onNext(InitProducerIdResponse.newBuilder().setProducerId(nextProducerId.getAndIncrement()).build());
          out.onCompleted();
        }

        @Override
        public void describeCluster(DescribeClusterRequest request, StreamObserver<DescribeClusterResponse> out) {
          DescribeClusterResponse.Builder r = DescribeClusterResponse.newBuilder().setControllerId(1)
              .setClusterId("fake");
          for (int n = 1; n <= servers.size(); n++) {
            int node = n;
            int leads = (int) topics.values().stream().flatMap(List::stream).filter(p -> p.leaderId == node).count();
            r.addNodes(NodeDescription.newBuilder().setNode(NodeInfo.newBuilder().setEndpoint(endpoint(n))
                .setRaftAddress("127.0.0.1:" + (9000 + n)).setAlive(true)).setLeaderCount(leads));
          }
          out.onNext(r.build());
          out.onCompleted();
        }
      };
    }
  }
}
