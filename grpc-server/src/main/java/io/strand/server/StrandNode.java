package io.strand.server;

import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strand.server.api.AdminService;
import io.strand.server.api.ClusterView;
import io.strand.server.api.DeleteRecordsOperation;
import io.strand.server.api.DescribeOperation;
import io.strand.server.api.FetchOperation;
import io.strand.server.api.FetchService;
import io.strand.server.api.ListOffsetsOperation;
import io.strand.server.api.MetadataService;
import io.strand.server.api.ProduceOperation;
import io.strand.server.api.ProduceService;
import io.strand.server.api.RequestLimits;
import io.strand.server.cluster.ClusterMetadata;
import io.strand.server.cluster.MetadataApplier;
import io.strand.server.cluster.MetadataClient;
import io.strand.server.cluster.MetadataGroup;
import io.strand.server.cluster.MetadataStateMachine;
import io.strand.server.cluster.NodeRegistrar;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.PartitionReconciler;
import io.strand.server.cluster.TopicConfigs;
import io.strand.server.config.ServerConfig;
import io.strand.server.config.ServerConfigKeys;
import io.strand.server.groups.ConsumerLagExporter;
import io.strand.server.groups.CoordinatorRouter;
import io.strand.server.groups.GroupService;
import io.strand.server.groups.LogOffsets;
import io.strand.server.groups.MetadataTopicsView;
import io.strand.server.groups.OffsetsReplicas;
import io.strand.server.groups.OffsetsSnapshotClient;
import io.strand.server.groups.OffsetsTopic;
import io.strand.server.groups.OffsetsTopicCreator;
import io.strand.server.http.MetricsHttpServer;
import io.strand.server.interceptor.MetricsInterceptor;
import io.strand.server.metrics.NodeMetrics;
import io.strand.server.metrics.ReplicationMetrics;
import io.strand.server.metrics.ServerMetrics;
import io.strand.server.replica.ReplicaCatchUpClient;
import io.strand.server.replica.ReplicaService;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.LeaderCache;
import io.strand.server.routing.LeaderRouter;
import io.strand.server.routing.MetadataSync;
import io.strand.server.routing.RoutedExecution;
import io.strand.store.metrics.RatisMetricsBridge;
import io.strand.store.offsets.OffsetsConfig;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import io.strand.store.raft.RaftGroups;
import io.strand.store.raft.RaftNode;
import io.strand.store.raft.RaftNodeConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Strand node: the composition root and the only place that constructs the node's long-lived objects (Raft
 * server, metadata group, reconciler, gRPC and HTTP servers). {@link #start} binds every port and returns once the
 * node serves; readiness (metadata loaded, local partition groups started) follows asynchronously and is visible
 * through {@link #isReady()}, gRPC health and {@code /readyz}.
 *
 * <p>Start-up problems (invalid config, a port in use, an unwritable data directory) surface as exceptions whose
 * message says what to fix; nothing here exits the JVM.
 *
 * <p>Thread-safe.
 */
public final class StrandNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StrandNode.class);
  private static final Duration METADATA_GROUP_START_TIMEOUT = Duration.ofSeconds(60);

  private final ServerConfig config;
  private final RaftNode raftNode;
  private final Server grpcServer;
  private final MetricsHttpServer httpServer;
  private final NodeReadiness readiness;
  private final Deque<AutoCloseable> resources;
  private final CoordinatorRouter coordinators;

  private StrandNode(ServerConfig config, RaftNode raftNode, Server grpcServer, MetricsHttpServer httpServer,
                     NodeReadiness readiness, Deque<AutoCloseable> resources, CoordinatorRouter coordinators) {
    this.coordinators = coordinators;
    this.config = config;
    this.raftNode = raftNode;
    this.grpcServer = grpcServer;
    this.httpServer = httpServer;
    this.readiness = readiness;
    this.resources = resources;
  }

  /**
   * Starts a node: checks the data directory, binds the gRPC, metrics and Raft ports, joins (or forms) the
   * metadata group and registers this node. Returns without waiting for readiness.
   *
   * @throws IOException with a message naming the config key to fix when a port is in use or the data directory
   *     is not writable
   * @throws IllegalArgumentException when the config is invalid (message lists every problem)
   */
  public static StrandNode start(ServerConfig config) throws IOException {
    DataDirectory.prepare(config.dataDir());
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      return assemble(config, resources);
    } catch (IOException | RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static StrandNode assemble(ServerConfig config, Deque<AutoCloseable> resources) throws IOException {
    int nodeId = config.nodeId();
    TopicConfigs topicConfigs = topicConfigs(config);
    NodeMetrics nodeMetrics = NodeMetrics.create(config.metricsPartitionLabels(), config.dataDir());
    resources.push(nodeMetrics);
    PrometheusMeterRegistry meters = nodeMetrics.registry();
    ServerMetrics metrics = new ServerMetrics(meters);
    resources.push(new RatisMetricsBridge(nodeId, meters));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("strand-n" + nodeId));
    resources.push(scheduler::shutdownNow);
    ScheduledExecutorService reconcilerExecutor =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("strand-n" + nodeId + "-reconciler"));
    resources.push(reconcilerExecutor::shutdownNow);
    ClusterMetadata metadata = new ClusterMetadata();
    ForwardingClient forwarding = new ForwardingClient(nodeId, 64 * 1024 * 1024 + config.maxRequestBytes());
    resources.push(forwarding);

    int offsetsPartitions = config.offsetsPartitions();
    OffsetsReplicas offsetsReplicas = new OffsetsReplicas(offsetsPartitions,
        OffsetsConfig.defaults().toBuilder().offsetsRetentionMinutes(config.offsetsRetentionMinutes()).build(),
        new MetadataTopicsView(metadata::image), new OffsetsSnapshotClient(metadata::image, forwarding,
            id -> OffsetsTopic.partitionOf(id, offsetsPartitions)), Clock.systemUTC());

    RaftGroup metadataGroup = MetadataGroup.of(config.effectivePeers());
    AtomicReference<MetadataClient> metadataClientRef = new AtomicReference<>();
    long liveThresholdMs = config.electionTimeoutMaxMs();
    RaftNode raftNode = new RaftNode(raftNodeConfig(config), new StaticAddressBook(config, metadata),
        id -> id.equals(MetadataGroup.ID)
            ? Optional.of(new MetadataStateMachine(new MetadataApplier(TopicConfigs.deterministicValidator()),
                () -> metadataClientRef.get().fetchLeaderImage(), liveThresholdMs, metadata::publish))
            : offsetsReplicas.stateMachineFor(id),
        new ReplicaCatchUpClient(metadata::image, forwarding), meters, Clock.systemUTC());
    BackgroundClose metadataClientClose = new BackgroundClose("metadata client", Duration.ofSeconds(20));
    resources.push(metadataClientClose::await);
    resources.push(raftNode);
    Duration requestTimeout = Duration.ofMillis(config.requestTimeoutMs());
    MetadataClient metadataClient = new MetadataClient(() -> raftNode.newClient(metadataGroup, requestTimeout),
        requestTimeout);
    metadataClientRef.set(metadataClient);
    resources.push(() -> metadataClientClose.start(metadataClient));

    LeaderRouter router = new LeaderRouter(nodeId, metadata::image, raftNode::partition, new LeaderCache());
    // Hop off the metadata apply thread: callers continue with reads and forwards.
    MetadataSync metadataSync = () -> metadataClient.leaderAppliedIndex().thenCompose(metadata::awaitApplied)
        .thenApplyAsync(image -> null, scheduler);
    RoutedExecution execution = new RoutedExecution(router, metadataSync, scheduler, metrics);
    RequestLimits limits = new RequestLimits(config);
    ClusterView view = new ClusterView(nodeId, metadata::image, raftNode::partition, router.cache(),
        () -> controllerId(raftNode), id -> !forwarding.isUnreachable(id),
        id -> OffsetsTopic.NAME.equals(id.topic()) ? offsetsLeader(raftNode, id.partition()) : OptionalInt.empty());
    HealthStatusManager health = new HealthStatusManager();
    CoordinatorRouter coordinators = new CoordinatorRouter(nodeId, metadata::image, offsetsReplicas,
        p -> offsetsLeader(raftNode, p), forwarding);
    LogOffsets logOffsets = new LogOffsets(execution, new ListOffsetsOperation(forwarding));
    ConsumerLagExporter lagExporter = new ConsumerLagExporter(offsetsReplicas::coordinating, logOffsets, meters,
        config.metricsPartitionLabels(), requestTimeout);
    resources.push(lagExporter);
    Server grpcServer = GrpcServerFactory.start(config, List.of(
        new ProduceService(new ProduceOperation(nodeId, forwarding, metrics), execution, limits, metadata::image,
            topicConfigs, Clock.systemUTC(), metrics),
        new FetchService(new FetchOperation(nodeId, forwarding, metrics), new ListOffsetsOperation(forwarding),
            execution, router, forwarding, limits, scheduler),
        new MetadataService(view, metadataSync),
        new AdminService(metadataClient, metadata, view, topicConfigs, execution,
            new DescribeOperation(nodeId, forwarding), new DeleteRecordsOperation(forwarding), limits, config,
            metadataSync),
        new GroupService(coordinators, logOffsets, limits),
        new ReplicaService(nodeId, raftNode::partition, offsetsReplicas::replica)), health, new MetricsInterceptor(metrics));
    resources.push(() -> stopGrpc(grpcServer, config.shutdownTimeoutMs()));

    NodeRegistration self = new NodeRegistration(nodeId, config.effectivePeers().get(nodeId),
        config.advertisedHost(), grpcServer.getPort());
    PartitionReconcilerHolder reconcilerHolder = new PartitionReconcilerHolder();
    NodeRegistrar registrar = new NodeRegistrar(self, metadataClient, metadata, scheduler,
        () -> reconcilerHolder.get().trigger());
    resources.push(registrar::close);
    PartitionReconciler reconciler = new PartitionReconciler(nodeId, metadata, raftNode, topicConfigs,
        reconcilerExecutor, registrar::isRegistered);
    reconcilerHolder.set(reconciler);
    resources.push(reconciler);
    NodeReadiness readiness = new NodeReadiness(registrar::isRegistered,
        () -> metadata.image().topic(OffsetsTopic.NAME).isPresent(), reconciler::notReconciledReason, System::nanoTime,
        health);
    resources.push(readiness::close);
    MetricsHttpServer http = config.metricsPort() == 0 ? null
        : MetricsHttpServer.start(config.bindHost(), config.metricsPort(), meters, readiness::notReadyReason);
    if (http != null) {
      resources.push(http);
    }
    metrics.bindNode(() -> raftNode.partitions().size(),
        () -> raftNode.partitions().stream().filter(PartitionReplica::isLeader).count(), readiness::isReady);
    ReplicationMetrics.bind(meters, raftNode::partitions, () -> raftNode.heldReplicas().size());

    raftNode.start();
    joinMetadataGroup(raftNode, metadataGroup);
    reconciler.start();
    registrar.start();
    OffsetsTopicCreator offsetsTopicCreator = new OffsetsTopicCreator(metadata::image, metadataClient,
        () -> controllerId(raftNode) == nodeId, offsetsPartitions, config.effectivePeers().size());
    resources.push(offsetsTopicCreator);
    offsetsTopicCreator.start(scheduler);
    scheduler.scheduleWithFixedDelay(readiness::refresh, 0, 200, TimeUnit.MILLISECONDS);
    lagExporter.start(scheduler, Duration.ofMillis(config.metricsConsumerLagIntervalMs()));
    LOG.info("Strand node {} serving gRPC on {}:{} (advertised {}:{}), Raft on {}, metrics on {}", nodeId,
        config.bindHost(), grpcServer.getPort(), config.advertisedHost(), grpcServer.getPort(),
        config.effectivePeers().get(nodeId), http == null ? "(disabled)" : http.port());
    return new StrandNode(config, raftNode, grpcServer, http, readiness, resources, coordinators);
  }

  public int nodeId() {
    return config.nodeId();
  }

  /** The bound gRPC port (differs from the config when it asked for port 0). */
  public int grpcPort() {
    return grpcServer.getPort();
  }

  public int raftPort() {
    return config.raftPort();
  }

  /** The bound metrics port, or 0 when the endpoint is disabled. */
  public int metricsPort() {
    return httpServer == null ? 0 : httpServer.port();
  }

  public ServerConfig config() {
    return config;
  }

  /** Metadata loaded (this node's registration applied) and every local partition group started. */
  public boolean isReady() {
    return readiness.isReady();
  }

  /** Why the node is not ready, or empty when it is. */
  public Optional<String> notReadyReason() {
    return readiness.notReadyReason();
  }

  /** This node's replica of a partition, if it hosts one (for operations tooling and tests). */
  public Optional<PartitionReplica> localReplica(String topic, int partition) {
    return raftNode.partition(new TopicPartitionId(topic, partition));
  }

  /** Whether this node coordinates consumer group {@code groupId} right now (for operations tooling and tests). */
  public boolean coordinates(String groupId) {
    try {
      return coordinators.isLocalCoordinator(coordinators.partitionFor(groupId));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Blocks until the node has shut down. */
  public void awaitTermination() throws InterruptedException {
    grpcServer.awaitTermination();
  }

  /** Graceful shutdown: stops accepting calls, waits for in-flight calls, then stops Raft and the endpoints. */
  @Override
  public void close() {
    synchronized (resources) {
      if (!resources.isEmpty()) {
        LOG.info("Strand node {} shutting down", config.nodeId());
        closeAll(resources);
      }
    }
  }

  private static void joinMetadataGroup(RaftNode raftNode, RaftGroup group) throws IOException {
    try {
      raftNode.addGroup(group).get(METADATA_GROUP_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the metadata group", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot start the metadata Raft group: " + e.getMessage(), e);
    }
  }

  private static int controllerId(RaftNode raftNode) {
    try {
      RaftPeerId leader = raftNode.server().getDivision(MetadataGroup.ID).getInfo().getLeaderId();
      return RaftGroups.nodeId(leader).orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static OptionalInt offsetsLeader(RaftNode raftNode, int partition) {
    try {
      RaftPeerId leader = raftNode.server().getDivision(OffsetsTopic.groupId(partition)).getInfo().getLeaderId();
      return leader == null ? OptionalInt.empty() : RaftGroups.nodeId(leader);
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private static TopicConfigs topicConfigs(ServerConfig config) {
    try {
      return new TopicConfigs(config.topicConfigDefaults());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid configuration:\n  - " + ServerConfigKeys.TOPIC_CONFIG_DEFAULTS_KEY
          + ": " + e.getMessage(), e);
    }
  }

  private static RaftNodeConfig raftNodeConfig(ServerConfig config) {
    return new RaftNodeConfig(config.nodeId(), config.bindHost(), config.raftPort(), config.dataDir(),
        RatisTuningMapper.tuning(config));
  }

  private static void stopGrpc(Server server, int timeoutMs) throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("error while shutting down", e);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Breaks the registrar → reconciler construction cycle (the registrar triggers a pass once registered). */
  private static final class PartitionReconcilerHolder {
    private volatile PartitionReconciler reconciler;

    PartitionReconciler get() {
      return reconciler;
    }

    void set(PartitionReconciler r) {
      reconciler = r;
    }
  }
}
