"""Parsers against output captured from Kafka 4.3.1's tools (quick runs on the project machine).

Run: python3 -B -m unittest discover -s bench/tests -t bench
"""
import unittest

from strandbench import parsers

PRODUCER = """\
7274 records sent, 1445.3 records/sec (1.41 MB/sec), 9226.9 ms avg latency, 11866.0 ms max latency.
20000 records sent, 1176.678237 records/sec (1.15 MB/sec), 7538.04 ms avg latency, 12971.00 ms max latency, \
7227 ms 50th, 12450 ms 95th, 12779 ms 99th, 12971 ms 99.9th.
"""

CONSUMER = """\
start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, \
fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
2026-11-22 00:34:52:789, 2026-11-22 00:35:01:689, 19.5313, 2.1945, 20000, 2247.1910, 7178, 1722, 11.3422, \
11614.4019
"""

STRAND_CONSUMER = """\
time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, \
fetch.MB.sec, fetch.nMsg.sec
start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, \
fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
2026-11-22 02:06:35:883, 2026-11-22 02:06:42:903, 19.5313, 2.7822, 20000, 2849.0028, 0, 7020, 2.7822, 2849.0028
"""

END_TO_END = """\
WARNING: Positional argument usage is deprecated and will be removed in Apache Kafka 5.0.
0\t670.287829
Avg latency: 52.3621 ms
Percentiles: 50th = 41, 99th = 184, 99.9th = 670
"""

KAFKA_DESCRIBE = """\
Topic: w5\tTopicId: 3uQ\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2
\tTopic: w5\tPartition: 0\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: 
\tTopic: w5\tPartition: 1\tLeader: none\tReplicas: 1,2,3\tIsr: 1\tElr: \tLastKnownElr: 
"""

STRAND_END_TO_END = """\
0\t3.112
Avg latency: 1.2345 ms
Percentiles: 50th = 1, 99th = 4, 99.9th = 9
Percentiles (ms): 50th = 1.020, 99th = 4.310, 99.9th = 9.870, max = 12.000
"""

STRAND_CLUSTER = """\
ID   ADDRESS                  RAFT                     ALIVE  LEADERS  REPLICAS ROLE
1    127.0.0.1:17070          127.0.0.1:17071          yes    2        4        -
2    127.0.0.1:27070          127.0.0.1:27071          yes    1        4        metadata-leader
"""

TABLE_DESCRIBE = """\
PARTITION  LEADER  REPLICAS  LOG-START  LOG-END
0          1       1,2,3     0          10
1          -1      2,3,1     0          4
"""


class ParsersTest(unittest.TestCase):
    def test_producer_summary_is_the_final_line(self):
        result = parsers.produce_summary(PRODUCER)
        self.assertEqual(result["records"], 20000)
        self.assertEqual(result["mib_s"], 1.15)
        self.assertEqual((result["p50_ms"], result["p99_ms"], result["p999_ms"]), (7227, 12779, 12971))

    def test_producer_without_summary_fails(self):
        with self.assertRaises(ValueError):
            parsers.produce_summary(PRODUCER.splitlines()[0])

    def test_consumer_columns_by_name(self):
        result = parsers.consume_summary(CONSUMER)
        self.assertEqual(result["mib_s"], 2.1945)
        self.assertEqual(result["fetch_mib_s"], 11.3422)
        self.assertEqual(result["rebalance_ms"], 7178)

    def test_consumer_summary_after_a_progress_header(self):
        result = parsers.consume_summary(STRAND_CONSUMER)
        self.assertEqual((result["records"], result["fetch_mib_s"]), (20000, 2.7822))

    def test_end_to_end(self):
        self.assertEqual(parsers.end_to_end_summary(END_TO_END),
                         {"avg_ms": 52.3621, "p50_ms": 41, "p99_ms": 184, "p999_ms": 670})

    def test_end_to_end_compares_whole_milliseconds(self):
        result = parsers.end_to_end_summary(STRAND_END_TO_END)
        self.assertEqual((result["p50_ms"], result["p99_ms"], result["p999_ms"]), (1, 4, 9))
        self.assertEqual(result["p99_ms_precise"], 4.31)

    def test_leaders_from_kafka_lines_and_from_a_table(self):
        self.assertEqual(parsers.partition_leaders(KAFKA_DESCRIBE), {0: 3, 1: -1})
        self.assertEqual(parsers.partition_leaders(TABLE_DESCRIBE), {0: 1, 1: -1})

    def test_controller(self):
        self.assertEqual(parsers.controller_id("ClusterId: x\nLeaderId: 3\nLeaderEpoch: 1\n"), 3)
        self.assertEqual(parsers.controller_id(STRAND_CLUSTER), 2)
        self.assertEqual(parsers.alive_nodes(STRAND_CLUSTER), 2)
        self.assertIsNone(parsers.controller_id("no such line"))


if __name__ == "__main__":
    unittest.main()
