package io.strand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.client.admin.NewTopic;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.producer.SendResult;
import io.strand.client.serialization.Serdes;
import io.strand.server.testkit.MiniCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The idempotent producer against a real 3-node cluster: a produce response lost after the server wrote the
 * batch, and a leader change under load, must neither duplicate nor reorder records.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class IdempotenceIT {
  private static MiniCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().nodes(3).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Swallows the response of the next produce call once armed, as if the network lost it. */
  static final class LoseProduceResponse implements ClientInterceptor {
    final AtomicBoolean armed = new AtomicBoolean();
    final AtomicInteger lost = new AtomicInteger();

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      ClientCall<Q, A> call = next.newCall(method, options);
      if (!method.getFullMethodName().equals(ProduceServiceGrpc.getProduceMethod().getFullMethodName())) {
        return call;
      }
      return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            private boolean drop;

            @Override
            public void onMessage(A message) {
              if (armed.compareAndSet(true, false)) {
                drop = true;
                lost.incrementAndGet();
                return;
              }
              super.onMessage(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              super.onClose(drop ? Status.UNAVAILABLE.withDescription("injected: produce response lost") : status,
                  drop ? new Metadata() : trailers);
            }
          }, headers);
        }
      };
    }
  }

  private static StrandClient client(ClientInterceptor interceptor) {
    ClientConfig config = ClientConfig.from(Map.of("bootstrap.servers", cluster.bootstrap(),
        "retry.backoff.ms", "50", "retry.backoff.max.ms", "500"));
    return new StrandClient(new ClientRuntime(config, e -> NettyChannelBuilder.forAddress(e.host(), e.port())
        .usePlaintext().intercept(interceptor).build(), () -> System.nanoTime() / 1_000_000L, Clock.systemUTC()));
  }

  private static List<String> readValues(StrandClient client, TopicPartition tp, int expected) {
    try (Consumer<String, String> consumer = client.newConsumer(ConsumerConfig.from(Map.of("fetch.max.wait.ms", "200")),
        Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<String> values = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        return values.size() >= expected;
      });
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
        values.add(r.value());
      }
      return values;
    }
  }

  @Test
  void aLostProduceResponseIsRetriedWithoutDuplicating() {
    LoseProduceResponse interceptor = new LoseProduceResponse();
    try (StrandClient client = client(interceptor)) {
      client.admin().createTopic(new NewTopic("lost", 1, 3)).join();
      cluster.awaitLeader("lost", 0);
      Producer<String, String> producer = client.newProducer(ProducerConfig.from(Map.of("linger.ms", "20")),
          Serdes.stringSerializer(), Serdes.stringSerializer());
      producer.send(new ProducerRecord<>("lost", "warm-up")).join();

      interceptor.armed.set(true);
      List<CompletableFuture<SendResult>> acks = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        acks.add(producer.send(new ProducerRecord<>("lost", "v" + i)));
      }
      producer.flush();

      assertThat(interceptor.lost.get()).isOne();
      for (int i = 0; i < 50; i++) {
        assertThat(acks.get(i).join().offset()).isEqualTo(i + 1);
      }
      List<String> expected = new ArrayList<>(List.of("warm-up"));
      for (int i = 0; i < 50; i++) {
        expected.add("v" + i);
      }
      assertThat(readValues(client, new TopicPartition("lost", 0), 51)).isEqualTo(expected);
    }
  }

  @Test
  void aLeaderChangeUnderLoadNeitherDuplicatesNorReorders() throws Exception {
    LoseProduceResponse interceptor = new LoseProduceResponse();
    try (StrandClient client = client(interceptor)) {
      client.admin().createTopic(new NewTopic("failover", 1, 3)).join();
      int leader = cluster.awaitLeader("failover", 0);
      Producer<String, String> producer = client.newProducer(ProducerConfig.from(Map.of("linger.ms", "5",
          "batch.size", "1024")), Serdes.stringSerializer(), Serdes.stringSerializer());
      List<CompletableFuture<SendResult>> acks = new ArrayList<>();
      int total = 3000;
      for (int i = 0; i < total; i++) {
        acks.add(producer.send(new ProducerRecord<>("failover", 0, null, "m" + i)));
        if (i == 1000) {
          interceptor.armed.set(true);
          cluster.stop(leader);
        }
        if (i == 2000) {
          cluster.restart(leader);
        }
      }
      producer.flush();

      long previous = -1;
      for (CompletableFuture<SendResult> ack : acks) {
        long offset = ack.join().offset();
        assertThat(offset).isGreaterThan(previous);
        previous = offset;
      }
      List<String> values = readValues(client, new TopicPartition("failover", 0), total);
      assertThat(values).hasSize(total);
      for (int i = 0; i < total; i++) {
        assertThat(values.get(i)).isEqualTo("m" + i);
      }
    }
  }
}
