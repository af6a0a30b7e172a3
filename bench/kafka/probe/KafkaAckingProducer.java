package io.strand.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka counterpart of {@code strand produce --topic T --partition P --acks all --print-acks}, for the
 * failover workload (W5): one record per stdin line, sent to one partition; one line per acknowledged record on
 * stdout, {@code PARTITION<TAB>OFFSET<TAB>VALUE}, flushed at once so the harness can time it. Producer settings
 * are the client defaults apart from acks=all and linger.ms=0, so failover runs through Kafka's own retry and
 * metadata-refresh path. Exits non-zero unless every line was acknowledged.
 *
 * <p>Usage: {@code KafkaAckingProducer BOOTSTRAP TOPIC PARTITION}. Thread-safety: the send callback runs on the
 * producer's I/O thread and only touches the synchronized stdout stream and an atomic counter.
 */
public final class KafkaAckingProducer {

    private KafkaAckingProducer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KafkaAckingProducer BOOTSTRAP TOPIC PARTITION");
        }
        String topic = args[1];
        int partition = Integer.parseInt(args[2]);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String value = line;
                producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                                System.err.println("not acknowledged: " + error);
                                return;
                            }
                            synchronized (out) {
                                out.print(metadata.partition() + "\t" + metadata.offset() + "\t" + value + "\n");
                                out.flush();
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " record(s) were not acknowledged");
        }
    }
}
