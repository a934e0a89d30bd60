#!/usr/bin/env python3
"""A Causeway consumer in Python with nothing but grpcio: no Kafka client, no Avro library.

Reads a PULL subscription over causeway-relay's Consume stream, prints each event as one JSON line
(event id, key, attempt, the payload as the relay decoded it) and acknowledges it once printed.

  consumer.py --relay HOST:PORT --subscription NAME [--token T] [--count N] [--proto DIR]

The stubs are generated from Causeway's proto/ folder at start (grpc_tools.protoc into a temporary
folder), as a project using Causeway would generate them once in its build.
"""
import argparse
import importlib
import json
import os
import sys
import tempfile


def load_stubs(proto_dir):
    """Generates relay.proto's Python stubs and imports them."""
    from grpc_tools import protoc
    import grpc_tools

    out = tempfile.mkdtemp(prefix="causeway-stubs-")
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    protos = ["causeway/relay/v1/relay.proto", "causeway/topology/v1/resources.proto"]
    rc = protoc.main(["protoc", f"-I{proto_dir}", f"-I{well_known}", f"--python_out={out}",
                      f"--grpc_python_out={out}"] + protos)
    if rc != 0:
        sys.exit(f"protoc failed ({rc})")
    sys.path.insert(0, out)
    return (importlib.import_module("causeway.relay.v1.relay_pb2"),
            importlib.import_module("causeway.relay.v1.relay_pb2_grpc"))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--relay", required=True)
    ap.add_argument("--subscription", required=True)
    ap.add_argument("--token", default=os.environ.get("CAUSEWAY_TOKEN", ""))
    ap.add_argument("--count", type=int, default=0, help="exit after N events (0: run on)")
    ap.add_argument("--proto", default=os.path.join(os.path.dirname(__file__), "../../../proto"))
    args = ap.parse_args()

    import grpc
    relay_pb2, relay_grpc = load_stubs(os.path.abspath(args.proto))
    channel = grpc.insecure_channel(args.relay)  # grpc.secure_channel(...) for TLS
    stub = relay_grpc.RelayStub(channel)
    metadata = [("authorization", f"Bearer {args.token}")] if args.token else []

    # The request stream: `init` first, then the acks the loop below queues.
    import queue
    outgoing = queue.Queue(maxsize=1000)
    outgoing.put(relay_pb2.ConsumeRequest(init=relay_pb2.ConsumeInit(
        subscription=args.subscription, client_id="python-consumer", max_outstanding_events=100)))

    def requests():
        while True:
            item = outgoing.get()
            if item is None:
                return
            yield item

    seen = 0
    responses = stub.Consume(requests(), metadata=metadata)
    try:
        for response in responses:
            kind = response.WhichOneof("kind")
            if kind != "events":
                continue  # started, heartbeat
            acks = []
            for e in response.events.events:
                payload = json.loads(e.payload) if e.content_type == "application/json" else None
                print(json.dumps({"event_id": e.event_id, "key": e.key.decode(), "attempt": e.attempt,
                                  "event_type": f"{e.namespace}/{e.event_type}",
                                  "partition": e.partition, "offset": e.offset,
                                  "reader_fingerprint": e.reader_fingerprint,
                                  "payload": payload}), flush=True)
                acks.append(e.ack_id)
                seen += 1
            outgoing.put(relay_pb2.ConsumeRequest(ack=relay_pb2.ConsumeAck(ack_ids=acks)))
            if args.count and seen >= args.count:
                break
    except grpc.RpcError as err:
        sys.exit(f"Consume ended: {err.code().name}: {err.details()}")
    finally:
        outgoing.put(None)
    # Acks are written by gRPC's sending thread: give it a moment before the channel closes.
    import time
    time.sleep(0.5)
    responses.cancel()
    channel.close()


if __name__ == "__main__":
    main()
