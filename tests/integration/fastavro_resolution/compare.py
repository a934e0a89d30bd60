"""Reads each case of fastavro_resolution_test (one JSON object a line: name, writer, reader,
datum_hex, ours) with fastavro.schemaless_reader(writer, reader) and compares its value with ours.

Ours is natural JSON with annotated unions ({"x.A": {...}}, {"long": 4}; null bare), so the
comparison walks the reader schema and knows each union's branch. The normal form, by reader type:
  null, boolean, string, enum     equal values
  int, long                       equal integers
  float                           both rounded to binary32 (struct), NaN equal to NaN; ours may be
                                  "NaN" / "Infinity" / "-Infinity"
  double                          equal floats (fastavro returns an int for a promoted int; equal
                                  as numbers)
  bytes, fixed                    ours a string of code points 0-255 (latin-1) = fastavro's bytes
  decimal                         ours text ("-12.34") = fastavro's Decimal
  uuid                            ours text = str(fastavro's UUID) (or its text)
  date / time-* / timestamp-*     ours ISO-8601 text parsed with datetime = fastavro's
                                  date / time / aware datetime
  array, map, record              element by element; a record's field names as sets
Known fastavro deviations (accepted, each listed in the output): fastavro returns a reader's
default as the JSON value the schema writes, not as a value of the field's type as the
specification asks (and as written values are returned):
  - bytes and fixed defaults as the str of code points (Avro's JSON encoding), not bytes;
  - logical-type defaults unconverted: a timestamp-millis default 1000 as the int 1000, a date
    default as its day number, a decimal default as the str of its two's-complement bytes;
  - a record default as given: the record's own fields with defaults that it leaves out are
    missing (we fill them in, as the record's schema says).
Such a value is converted as the type would before comparing.
Exits 1 listing every disagreement (case, path, both values); prints "N cases agree" otherwise.
"""
import datetime
import decimal
import io
import json
import math
import struct
import sys
import uuid

import fastavro

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
deviations = []


class Mismatch(Exception):
    pass


def type_name(schema, named):
    if isinstance(schema, str):
        return schema
    t = schema["type"]
    if t in ("record", "enum", "fixed", "error"):
        return schema["name"]
    return t if isinstance(t, str) else "union"


def resolve(schema, named):
    while isinstance(schema, str) and schema not in PRIMITIVES:
        schema = named[schema]
    if isinstance(schema, dict) and isinstance(schema.get("type"), str) and \
            schema["type"] not in ("record", "enum", "fixed", "error", "array", "map") and \
            schema["type"] in PRIMITIVES and "logicalType" not in schema:
        return schema["type"]
    return schema


def ours_number(v):
    if isinstance(v, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[v]
    return float(v)


def same_float(a, b, single):
    if single:
        a = struct.unpack("<f", struct.pack("<f", a))[0]
        b = struct.unpack("<f", struct.pack("<f", b))[0]
    return (math.isnan(a) and math.isnan(b)) or a == b


def from_default(path, logical, theirs, converted):
    deviations.append(f"{path}: fastavro returned the {logical} default {theirs!r} unconverted")
    return converted


def compare(schema, ours, theirs, named, path):
    schema = resolve(schema, named)
    if isinstance(schema, list):  # a union: ours names the branch
        if ours is None:
            if theirs is not None:
                raise Mismatch(f"{path}: ours null, fastavro {theirs!r}")
            return
        if not (isinstance(ours, dict) and len(ours) == 1):
            raise Mismatch(f"{path}: ours {ours!r} is not an annotated union value")
        (branch_name, value), = ours.items()
        for branch in schema:
            if type_name(resolve(branch, named), named) == branch_name or \
                    type_name(branch, named) == branch_name:
                return compare(branch, value, theirs, named, f"{path}<{branch_name}>")
        raise Mismatch(f"{path}: ours names branch {branch_name}, which the union lacks")
    if isinstance(schema, str):
        return compare_primitive(schema, None, ours, theirs, path)
    t = schema["type"]
    logical = schema.get("logicalType")
    if t == "record" or t == "error":
        fields = {f["name"]: f for f in schema["fields"]}
        for name, f in fields.items():
            if isinstance(theirs, dict) and name not in theirs and "default" in f:
                deviations.append(f"{path}.{name}: fastavro left out the field a record default "
                                  "omits; its own default taken")
                theirs = dict(theirs, **{name: f["default"]})
        if set(ours) != set(fields) or set(theirs) != set(fields):
            raise Mismatch(f"{path}: fields ours {sorted(ours)}, fastavro {sorted(theirs)}, "
                           f"reader {sorted(fields)}")
        for name, f in fields.items():
            compare(f["type"], ours[name], theirs[name], named, f"{path}.{name}")
        return
    if t == "enum":
        if ours != theirs:
            raise Mismatch(f"{path}: ours {ours!r}, fastavro {theirs!r}")
        return
    if t == "array":
        if len(ours) != len(theirs):
            raise Mismatch(f"{path}: {len(ours)} items ours, {len(theirs)} fastavro")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            compare(schema["items"], a, b, named, f"{path}[{i}]")
        return
    if t == "map":
        if set(ours) != set(theirs):
            raise Mismatch(f"{path}: keys ours {sorted(ours)}, fastavro {sorted(theirs)}")
        for k in ours:
            compare(schema["values"], ours[k], theirs[k], named, f'{path}["{k}"]')
        return
    if t == "fixed":
        return compare_primitive("bytes", schema if logical else None, ours, theirs, path)
    return compare_primitive(t, schema if logical else None, ours, theirs, path)


def compare_primitive(t, logical_schema, ours, theirs, path):
    logical = logical_schema.get("logicalType") if logical_schema else None
    fail = Mismatch(f"{path}: ours {ours!r}, fastavro {theirs!r} ({logical or t})")
    if t == "bytes" and isinstance(theirs, str):
        theirs = from_default(path, "bytes", theirs, theirs.encode("latin-1"))
    if logical == "decimal":
        scale = logical_schema.get("scale", 0)
        if isinstance(theirs, bytes):
            unscaled = int.from_bytes(theirs, "big", signed=True)
            theirs = from_default(path, logical, theirs,
                                  decimal.Decimal(unscaled).scaleb(-scale))
        if decimal.Decimal(ours) != theirs:
            raise fail
        return
    if logical == "uuid":
        if ours != str(theirs):
            raise fail
        return
    if logical == "date":
        if isinstance(theirs, int):
            theirs = from_default(path, logical, theirs,
                                  datetime.date(1970, 1, 1) + datetime.timedelta(days=theirs))
        if datetime.date.fromisoformat(ours) != theirs:
            raise fail
        return
    if logical in ("time-millis", "time-micros"):
        if datetime.time.fromisoformat(ours) != theirs:
            raise fail
        return
    if logical in ("timestamp-millis", "timestamp-micros"):
        if isinstance(theirs, int):
            unit = 1000 if logical == "timestamp-millis" else 1
            theirs = from_default(path, logical, theirs,
                                  EPOCH + datetime.timedelta(microseconds=theirs * unit))
        if datetime.datetime.fromisoformat(ours.replace("Z", "+00:00")) != theirs:
            raise fail
        return
    if t in ("null", "boolean", "string"):
        if ours != theirs or type(ours) is not type(theirs):
            raise fail
    elif t in ("int", "long"):
        if not (isinstance(ours, int) and isinstance(theirs, int)) or ours != theirs:
            raise fail
    elif t in ("float", "double"):
        if isinstance(theirs, bool) or not isinstance(theirs, (int, float)) or \
                not same_float(ours_number(ours), float(theirs), t == "float"):
            raise fail
    elif t == "bytes":
        if ours.encode("latin-1") != theirs:
            raise fail
    else:
        raise Mismatch(f"{path}: unknown type {t}")


def main():
    failures = []
    count = 0
    for line in open(sys.argv[1]):
        case = json.loads(line)
        count += 1
        named = {}
        writer = fastavro.parse_schema(json.loads(case["writer"]))
        reader = fastavro.parse_schema(json.loads(case["reader"]), named_schemas=named)
        try:
            theirs = fastavro.schemaless_reader(io.BytesIO(bytes.fromhex(case["datum_hex"])),
                                                writer, reader)
        except Exception as e:  # fastavro refusing is a disagreement too
            failures.append(f"{case['name']}: fastavro fails: {type(e).__name__}: {e}")
            continue
        try:
            compare(reader, case["ours"], theirs, named, "$")
        except (Mismatch, KeyError, TypeError, ValueError, AttributeError) as e:
            failures.append(f"{case['name']}: {e} (fastavro's whole value: {theirs!r}; ours: "
                            f"{json.dumps(case['ours'])})")
    for d in deviations:
        print(f"fastavro deviation (accepted): {d}")
    if failures:
        print(f"{len(failures)} of {count} cases disagree:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print(f"fastavro {fastavro.__version__}: {count} cases agree")


if __name__ == "__main__":
    main()
