"""Reads an Avro object container file with fastavro (an independent reader) and prints it as JSON:
{"codec": ..., "metadata": {key: text}, "records": [...]}, bytes values as hex strings.

    python read_avro.py FILE
"""
import json
import sys

import fastavro


def plain(value):
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


with open(sys.argv[1], "rb") as f:
    reader = fastavro.reader(f)
    records = [plain(r) for r in reader]
    metadata = {k: v.decode("utf-8", "replace") if isinstance(v, bytes) else v
                for k, v in reader.metadata.items() if k != "avro.schema"}
print(json.dumps({"codec": reader.codec, "metadata": metadata, "records": records},
                 sort_keys=True))
