#!/usr/bin/env python3
"""Checks a running dialturn's API against its own OpenAPI document.

usage: openapi_check.py BASE_URL

Fetches /api/v1/openapi.json, then every path it lists (path parameters from
their examples, plus the refs a list answer names), with and without ?as_at,
and validates each answer against the documented schema for its status: the
200s, and a 404 and a 400 per path (problem details, RFC 9457, naming the
field).  Implements the part of JSON Schema the
document uses (type, properties, required, additionalProperties, items, enum,
pattern, minimum/maximum, oneOf, $ref).  Prints "ok: ..." lines and exits 1 on
the first mismatch, naming the JSON path.
"""
import json
import re
import sys
import urllib.error
import urllib.request

BASE = sys.argv[1].rstrip("/")
TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
         "object": dict, "array": list, "null": type(None)}


def fetch(path):
    try:
        with urllib.request.urlopen(BASE + path) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


status, ctype, body = fetch("/api/v1/openapi.json")
assert status == 200 and ctype.startswith("application/json"), (status, ctype)
DOC = json.loads(body)
assert DOC["openapi"].startswith("3.1"), DOC["openapi"]
print("ok: the OpenAPI document is served and is OpenAPI 3.1")


def resolve(schema):
    while "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        schema = DOC["components"]["schemas"][name]
    return schema


def is_type(value, t):
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "boolean":
        return isinstance(value, bool)
    return isinstance(value, TYPES[t])


def validate(value, schema, where):
    schema = resolve(schema)
    if "oneOf" in schema:
        errors = []
        for alt in schema["oneOf"]:
            try:
                validate(value, alt, where)
                return
            except AssertionError as e:
                errors.append(str(e))
        raise AssertionError(f"{where}: matches no alternative: {errors}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(is_type(value, t) for t in types), \
            f"{where}: {json.dumps(value)[:80]} is not {types}"
    if value is None:
        return
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "pattern" in schema and isinstance(value, str):
        assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
    if "minimum" in schema and isinstance(value, (int, float)):
        assert value >= schema["minimum"], f"{where}: {value} < {schema['minimum']}"
    if "maximum" in schema and isinstance(value, (int, float)):
        assert value <= schema["maximum"], f"{where}: {value} > {schema['maximum']}"
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            assert k in value, f"{where}: missing {k!r}"
        extra = schema.get("additionalProperties", True)
        for k, v in value.items():
            if k in props:
                validate(v, props[k], f"{where}.{k}")
            elif extra is False:
                raise AssertionError(f"{where}: undocumented field {k!r}")
            elif isinstance(extra, dict):
                validate(v, extra, f"{where}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            validate(v, schema["items"], f"{where}[{i}]")


def check(path, expect, op):
    status, ctype, body = fetch(path)
    assert status == expect, f"GET {path}: {status}, expected {expect}: {body[:200]}"
    # answers are JSON; errors are problem details (RFC 9457)
    media = "application/problem+json" if status >= 400 else "application/json"
    assert ctype.startswith(media), f"GET {path}: Content-Type {ctype}, expected {media}"
    schema = op["responses"][str(status)]["content"][media]["schema"]
    doc = json.loads(body)
    validate(doc, schema, f"GET {path}")
    return doc


latest = check("/api/v1/organisation", 200, DOC["paths"]["/api/v1/organisation"]["get"])
months = [p["month"] for p in
          check("/api/v1/periods", 200, DOC["paths"]["/api/v1/periods"]["get"])["data"]]
earlier = months[len(months) // 2] if months else None
checked = 0
for path, item in DOC["paths"].items():
    op = item.get("get")
    if op is None or path == "/api/v1/openapi.json":  # writes are checked by their own tests
        continue
    concrete = path
    for p in op.get("parameters", []):
        if p["in"] == "path":
            concrete = concrete.replace("{" + p["name"] + "}", p["example"])
    # a required query parameter (impact's days) takes its example on every call
    required = "&".join(f'{p["name"]}={p["example"]}' for p in op.get("parameters", [])
                        if p["in"] == "query" and p.get("required"))

    def q(url, extra=""):
        parts = [x for x in (required, extra) if x]
        return url + ("?" + "&".join(parts) if parts else "")

    doc = check(q(concrete), 200, op)
    checked += 1
    if earlier:
        check(q(concrete, "as_at=" + earlier), 200, op)
        checked += 1
    if "404" in op["responses"]:
        check(q(concrete, "as_at=1999-01"), 404, op)
        checked += 1
    if "{ref}" in path:
        check(q(path.replace("{ref}", "NO-SUCH-REF")), 404, op)
        checked += 1
    check(q(concrete, "as_at=not-a-month"), 400, op)
    checked += 1
    if required:
        check(concrete, 400, op)
        checked += 1
    # every object a list names can be fetched and matches its schema
    detail = path + "/{ref}"
    if isinstance(doc, dict) and detail in DOC["paths"]:
        for obj in doc["data"][:25]:
            check(detail.replace("{ref}", obj["ref"]), 200, DOC["paths"][detail]["get"])
            checked += 1
    print(f"ok: {path} conforms")

# the cursor walks the whole list, each page no larger than asked
seen, cursor, pages = [], None, 0
op = DOC["paths"]["/api/v1/actions"]["get"]
while True:
    page = check("/api/v1/actions?limit=7" + (f"&cursor={cursor}" if cursor else ""), 200, op)
    assert len(page["data"]) <= 7
    seen += [a["ref"] for a in page["data"]]
    pages += 1
    cursor = page["next_cursor"]
    if not cursor:
        break
assert len(seen) == len(set(seen)), "the cursor repeated an action"
all_refs = [a["ref"] for a in check("/api/v1/actions?limit=200", 200, op)["data"]]
assert sorted(seen) == sorted(all_refs), "the cursor pages do not add up to the list"
print(f"ok: the actions cursor walks {len(seen)} actions in {pages} pages")
check("/api/v1/actions?limit=0", 400, op)
bad = check("/api/v1/actions?status=finished", 400, op)
assert [e["field"] for e in bad["errors"]] == ["status"], bad
bad = check("/api/v1/actions?limit=zero&as_at=June", 400, op)
assert sorted(e["field"] for e in bad["errors"]) == ["as_at", "limit"], bad
print(f"ok: {checked} answers conform to the OpenAPI document")
