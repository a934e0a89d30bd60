"""Confluent's stock Python client against Causeway's Schema Registry API: no Causeway code here.

Run by confluent_client_test with the venv that setup_venv.sh builds. Every call is made exactly as
an application using confluent-kafka would make it; what the client returns (or raises) is printed
as one JSON object on stdout for the C++ test to assert on.

  stock_client.py --url URL --topic TOPIC
      [--event NAME=HEX]...     Confluent-framed Avro bytes to decode (magic 0, id, Avro binary)
      [--lookup NAME=SCHEMA]... schemas to look up under the topic's value subject
      [--compat NAME=SCHEMA]... schemas to test for compatibility with the latest version
      [--writer-schema SCHEMA --serialize NAME=RECORD_JSON]...
                                records for Confluent's AvroSerializer to encode with SCHEMA
"""

import argparse
import json
import sys

from importlib import metadata

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient, SchemaRegistryError
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def named(values):
    out = {}
    for v in values or []:
        name, sep, rest = v.partition("=")
        if not sep:
            sys.exit(f"expected NAME=VALUE, got {v!r}")
        out[name] = rest
    return out


def registered(r):
    return {
        "schema_id": r.schema_id,
        "subject": r.subject,
        "version": r.version,
        "schema_type": r.schema.schema_type,
        "schema_str": r.schema.schema_str,
    }


def attempt(fn):
    """The call's result, or what it raised, so one refusal does not hide the other answers."""
    try:
        return fn()
    except SchemaRegistryError as e:
        return {"error": "SchemaRegistryError", "http_status": e.http_status_code,
                "error_code": e.error_code, "message": e.error_message}
    except Exception as e:  # noqa: BLE001 - reported to the test, which fails on it
        return {"error": type(e).__name__, "message": str(e)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--topic", required=True)
    # A Causeway principal's token, sent the stock way: HTTP Basic with the token as password.
    p.add_argument("--token", required=True)
    p.add_argument("--event", action="append")
    p.add_argument("--lookup", action="append")
    p.add_argument("--compat", action="append")
    p.add_argument("--writer-schema")
    p.add_argument("--serialize", action="append")
    a = p.parse_args()
    subject = f"{a.topic}-value"
    registry = {"url": a.url, "basic.auth.user.info": f"causeway:{a.token}"}
    client = SchemaRegistryClient(registry)
    ctx = SerializationContext(a.topic, MessageField.VALUE)

    out = {"client_version": metadata.version("confluent-kafka")}
    out["subjects"] = attempt(client.get_subjects)
    out["versions"] = attempt(lambda: client.get_versions(subject))
    out["latest"] = attempt(lambda: registered(client.get_latest_version(subject)))
    out["version1"] = attempt(lambda: registered(client.get_version(subject, 1)))
    out["global_compatibility"] = attempt(client.get_compatibility)
    out["subject_compatibility"] = attempt(lambda: client.get_compatibility(subject))
    if isinstance(out["version1"], dict) and "schema_id" in out["version1"]:
        sid = out["version1"]["schema_id"]
        out["schema_by_id"] = attempt(lambda: client.get_schema(sid).schema_str)
        out["versions_by_id"] = attempt(
            lambda: [{"subject": v.subject, "version": v.version} for v in client.get_schema_versions(sid)])

    out["lookup"] = {name: attempt(lambda s=s: registered(client.lookup_schema(subject, Schema(s, "AVRO"))))
                     for name, s in named(a.lookup).items()}
    out["compatible"] = {name: attempt(lambda s=s: client.test_compatibility(subject, Schema(s, "AVRO")))
                         for name, s in named(a.compat).items()}

    # Refusals, as the client reports them from the registry's JSON error bodies.
    out["unknown_subject"] = attempt(lambda: registered(client.get_latest_version("nope.nothing-value")))
    out["unknown_version"] = attempt(lambda: registered(client.get_version(subject, 99)))
    out["unknown_id"] = attempt(lambda: client.get_schema(987654321).schema_str)

    # The writer's schema from the id in the frame (what a consumer does by default)...
    writer = AvroDeserializer(client)
    out["decoded"] = {name: attempt(lambda h=h: writer(bytes.fromhex(h), ctx))
                      for name, h in named(a.event).items()}
    # ...and resolved to the subject's latest version as the reader's schema.
    latest_client = SchemaRegistryClient(registry)
    reader = AvroDeserializer(latest_client, conf={"use.latest.version": True})
    out["decoded_as_latest"] = {name: attempt(lambda h=h: reader(bytes.fromhex(h), ctx))
                                for name, h in named(a.event).items()}

    # Confluent's serializer, as a producer that never registers schemas would configure it: it
    # looks its schema up (or takes the latest version) and frames with the registry's id. With the
    # default auto.register.schemas it tries to register, which the read-only registry refuses.
    records = {name: json.loads(r) for name, r in named(a.serialize).items()}
    for key, conf in (("serialized_by_lookup", {"auto.register.schemas": False}),
                      ("serialized_as_latest", {"auto.register.schemas": False, "use.latest.version": True}),
                      ("serialized_auto_register", {})):
        serializer = AvroSerializer(SchemaRegistryClient(registry), a.writer_schema, conf=conf)
        out[key] = {name: attempt(lambda r=r: serializer(r, ctx).hex()) for name, r in records.items()}

    json.dump(out, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
