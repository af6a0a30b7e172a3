#!/usr/bin/env python3
"""Talks to Strand with nothing but stubs generated from its .proto files.

Lists the server's services by gRPC server reflection, creates a topic, produces records with the idempotent
producer fields, and fetches them back. Works against any node or a load balancer in front of the nodes, since
every node forwards partition calls to the partition's leader.

    ./generate.sh /tmp/strand-py                   # stubs, once
    python3 strand_client.py --target localhost:7070 --stubs /tmp/strand-py --topic py-demo --count 100

With --json the last line printed is a JSON summary (used by the integration test). Exit status 0 means every
record produced was fetched back at its acknowledged offset.
"""

import argparse
import json
import sys
import time

import grpc

RETRIABLE_STATUS = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of a node or load balancer")
    parser.add_argument("--stubs", required=True, help="directory generate.sh wrote the stubs into")
    parser.add_argument("--topic", default="python-demo", help="topic to create (if missing) and use")
    parser.add_argument("--partitions", type=int, default=3, help="partitions when creating the topic")
    parser.add_argument("--replication-factor", type=int, default=0, help="0 = the server default")
    parser.add_argument("--count", type=int, default=100, help="records to produce and fetch back")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before giving up on retries")
    parser.add_argument("--json", action="store_true", help="end with a JSON summary line")
    return parser.parse_args(argv)


class Strand:
    """Stubs for one channel plus the retry loop every call shares."""

    def __init__(self, channel, deadline):
        from strand.api.v1 import admin_pb2_grpc, fetch_pb2_grpc, produce_pb2_grpc
        from grpc_reflection_v1 import reflection_pb2_grpc

        self.admin = admin_pb2_grpc.AdminServiceStub(channel)
        self.produce = produce_pb2_grpc.ProduceServiceStub(channel)
        self.fetch = fetch_pb2_grpc.FetchServiceStub(channel)
        self.reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        self.deadline = deadline

    def call(self, what, fn):
        """Runs fn until it succeeds, retrying transport errors (UNAVAILABLE, DEADLINE_EXCEEDED)."""
        delay = 0.1
        while True:
            try:
                return fn()
            except grpc.RpcError as e:
                if e.code() not in RETRIABLE_STATUS or time.monotonic() + delay > self.deadline:
                    raise SystemExit(f"{what} failed: {e.code().name}: {e.details()}")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def list_services(strand):
    """Service names, by reflection."""
    from grpc_reflection_v1 import reflection_pb2

    request = reflection_pb2.ServerReflectionRequest(list_services="*")
    responses = strand.call("reflection", lambda: list(strand.reflection.ServerReflectionInfo(iter([request]))))
    return sorted(s.name for r in responses for s in r.list_services_response.service)


def methods_of(strand, service):
    """The methods of a service, read from the file descriptor the server returns by reflection."""
    from google.protobuf import descriptor_pb2
    from grpc_reflection_v1 import reflection_pb2

    request = reflection_pb2.ServerReflectionRequest(file_containing_symbol=service)
    responses = strand.call("reflection", lambda: list(strand.reflection.ServerReflectionInfo(iter([request]))))
    package, _, name = service.rpartition(".")
    for response in responses:
        for raw in response.file_descriptor_response.file_descriptor_proto:
            file = descriptor_pb2.FileDescriptorProto.FromString(raw)
            for svc in file.service:
                if file.package == package and svc.name == name:
                    return [m.name for m in svc.method]
    return []


def ensure_topic(strand, topic, partitions, replication_factor):
    """Creates the topic, or describes it if it exists. Returns its partition count."""
    from strand.api.v1 import admin_pb2

    def create_or_describe():
        try:
            created = strand.admin.CreateTopic(admin_pb2.CreateTopicRequest(
                name=topic, partitions=partitions, replication_factor=replication_factor), timeout=30)
            return len(created.topic.partitions)
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
        described = strand.admin.DescribeTopic(admin_pb2.DescribeTopicRequest(name=topic), timeout=30)
        return len(described.partitions)

    return strand.call("create topic", create_or_describe)


class Producer:
    """Idempotent producer: one producer id, a sequence number per partition, so retries never duplicate."""

    # Worth retrying until the deadline: leadership moving, replication slow, and a topic just created through
    # another node that this node's metadata replica has not applied yet.
    RETRIABLE = {"ERROR_CODE_NOT_LEADER", "ERROR_CODE_LEADER_NOT_AVAILABLE", "ERROR_CODE_TIMEOUT",
                 "ERROR_CODE_THROTTLED", "ERROR_CODE_UNKNOWN_TOPIC", "ERROR_CODE_UNKNOWN_PARTITION"}

    def __init__(self, strand):
        from strand.api.v1 import admin_pb2

        self.strand = strand
        ids = strand.call("init producer id", lambda: strand.admin.InitProducerId(
            admin_pb2.InitProducerIdRequest(), timeout=30))
        self.producer_id = ids.producer_id
        self.epoch = ids.producer_epoch
        self.sequences = {}

    def send(self, topic, partition, records):
        """Appends records as one batch; returns the offset of the first one."""
        from strand.api.v1 import common_pb2, errors_pb2, produce_pb2

        sequence = self.sequences.get(partition, 0)
        request = produce_pb2.ProduceRequest(acks=produce_pb2.ACKS_ALL, timeout_ms=10000, partitions=[
            produce_pb2.PartitionProduceData(topic=topic, partition=partition, records=produce_pb2.StructuredBatch(
                records=[common_pb2.Record(key=k, value=v) for k, v in records],
                producer_id=self.producer_id, producer_epoch=self.epoch, base_sequence=sequence))])
        delay = 0.1
        while True:
            result = self.strand.call("produce", lambda: self.strand.produce.Produce(request, timeout=30)).results[0]
            code = errors_pb2.ErrorCode.Name(result.error.code)
            if code in ("ERROR_CODE_NONE", "ERROR_CODE_DUPLICATE_SEQUENCE"):
                self.sequences[partition] = sequence + len(records)
                return result.base_offset
            if code not in self.RETRIABLE or time.monotonic() + delay > self.strand.deadline:
                raise SystemExit(f"produce to {topic}/{partition} failed: {code}: {result.error.message}")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def fetch_range(strand, topic, partition, start, end):
    """Records [start, end) of a partition, as {offset: (key, value)}."""
    from strand.api.v1 import common_pb2, errors_pb2, fetch_pb2

    found = {}
    offset = start
    while offset < end:
        request = fetch_pb2.FetchRequest(max_wait_ms=1000, format=common_pb2.RECORD_FORMAT_STRUCTURED, partitions=[
            fetch_pb2.FetchPartition(topic=topic, partition=partition, fetch_offset=offset)])
        result = strand.call("fetch", lambda: strand.fetch.Fetch(request, timeout=30)).results[0]
        code = errors_pb2.ErrorCode.Name(result.error.code)
        if code != "ERROR_CODE_NONE":
            if code in Producer.RETRIABLE and time.monotonic() < strand.deadline:
                time.sleep(0.2)
                continue
            raise SystemExit(f"fetch {topic}/{partition}@{offset} failed: {code}: {result.error.message}")
        for record in result.records:
            if start <= record.offset < end:
                found[record.offset] = (record.key, record.value)
        offset = max(offset, result.next_offset)
        if time.monotonic() > strand.deadline:
            raise SystemExit(f"fetch {topic}/{partition}: only reached offset {offset} of {end} in time")
    return found


def run(args):
    sys.path.insert(0, args.stubs)
    strand = Strand(grpc.insecure_channel(args.target), time.monotonic() + args.timeout)

    services = list_services(strand)
    print("services:", ", ".join(services))
    produce_methods = methods_of(strand, "strand.v1.ProduceService")
    print("strand.v1.ProduceService methods:", ", ".join(produce_methods))

    partitions = ensure_topic(strand, args.topic, args.partitions, args.replication_factor)
    print(f"topic {args.topic}: {partitions} partitions")

    producer = Producer(strand)
    acked = {}
    batch = 10
    for first in range(0, args.count, batch):
        records = [(f"k{i}".encode(), f"python-{i}".encode()) for i in range(first, min(first + batch, args.count))]
        partition = (first // batch) % partitions
        base = producer.send(args.topic, partition, records)
        for i, (key, value) in enumerate(records):
            acked[(partition, base + i)] = (key, value)
    print(f"produced {len(acked)} records with producer id {producer.producer_id}")

    mismatched = 0
    for partition in range(partitions):
        offsets = [o for (p, o) in acked if p == partition]
        if not offsets:
            continue
        fetched = fetch_range(strand, args.topic, partition, min(offsets), max(offsets) + 1)
        mismatched += sum(1 for o in offsets if fetched.get(o) != acked[(partition, o)])
    print(f"fetched back {len(acked) - mismatched} of {len(acked)} records at their acknowledged offsets")

    summary = {"services": services, "produce_methods": produce_methods, "topic": args.topic,
               "partitions": partitions, "produced": len(acked), "matched": len(acked) - mismatched}
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    return 0 if mismatched == 0 else 1


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
