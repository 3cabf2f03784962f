#!/usr/bin/env python3
"""Walks every declared field of every route with malformed values.

usage: inputs_walk.py BASE_URL ROUTES_JSON

ROUTES_JSON is `dialturn serve --route-fields`.  For each route it signs in
as a role that may use it (the demo's accounts), and for each declared field
sends, one at a time, each malformation that applies to the field's type,
with every other field left out.  Expects a 4xx (404 for a malformed part of
the path, which cannot name anything that exists) whose body names the
field, never a 500.  The CSRF token is the dispatcher's own check (403
before any field is read), so it is not walked.  Prints one "ok" line per
route and exits 1 listing every failure.
"""
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
ROUTES = json.load(open(sys.argv[2]))
PASSWORD = "dialturn-demo"
LOGINS = {"admin": "admin", "pmo": "pmo", "owner": "hr", "executive": "ceo", "panel": "chair",
          "secretariat": "secretariat", "viewer": "viewer"}
# a valid value for each capture, so that only the field under test is wrong
EXAMPLES = {"ref": "A1", "id": "1", "month": "2015-06", "n": "1", "a": "1", "b": "2",
            "kind": "actions", "username": "viewer", "part": "details", "token": "none.ics",
            "key": "summary", "event": "E1", "fb": "F1"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One reader: a cookie jar, and once signed in the CSRF and API tokens."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect)
        self.csrf = ""
        self.token = ""

    def send(self, method, path, body=None, headers=None):
        req = urllib.request.Request(BASE + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def form_csrf(self, path):
        _, page = self.send("GET", path)
        m = re.search(rb'name="csrf" value="([0-9a-f]+)"', page)
        return m.group(1).decode() if m else ""

    def sign_in(self, user):
        csrf = self.form_csrf("/login")
        body = urllib.parse.urlencode({"username": user, "password": PASSWORD, "csrf": csrf})
        status, _ = self.send("POST", "/login", body.encode(),
                              {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303, f"sign in as {user}: {status}"
        self.csrf = self.form_csrf("/plan")
        body = urllib.parse.urlencode({"csrf": self.csrf, "token_name": "inputs walk"})
        _, page = self.send("POST", "/work/account/tokens", body.encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
        m = re.search(rb'id="token"[^>]*value="([0-9a-f]+)"', page)
        self.token = m.group(1).decode() if m else ""


def malformations(f):
    """(what, value) pairs: each way the input layer refuses a field of f's type.
    Values are bytes (None: leave the field out)."""
    t = f["type"]
    out = []
    if t not in ("file", "list", "bool") or f["in"] != "json":
        if f["in"] != "json" and t != "file":
            out.append(("invalid UTF-8", b"A\xff\xfe"))
    if t == "text":
        # in a web address each é takes 6 bytes: there, ASCII keeps it under 2,048
        long = "a" if f["in"] in ("query", "path") else "é"
        out.append(("too long", (long * (f["max"] + 1)).encode()))
        out.append(("control characters", b"a\x1b[31m\x07b" if f["multiline"] else b"a\nb\x1b"))
    elif t == "int":
        out += [("not a number", b"zero"), ("hex", b"0x10"), ("overflow", b"99999999999999999999999"),
                ("out of range", str(f["max"] + 1).encode()), ("a decimal", b"1.5"),
                ("a sign", b"+1")]
    elif t == "id":
        out += [("not a number", b"zero"), ("overflow", b"99999999999999999999999"),
                ("zero", b"0"), ("negative", b"-1")]
    elif t == "decimal":
        out += [("nan", b"nan"), ("inf", b"inf"), ("1e999", b"1e999"), ("hex float", b"0x1p3"),
                ("not a number", b"twelve")]
    elif t == "date":
        out += [("impossible date", b"2015-02-30"), ("implausible date", b"9999-12-31"),
                ("not a date", b"31/12/2015")]
    elif t == "month":
        out += [("bad month", b"2015-13"), ("not a month", b"June")]
    elif t == "ref":
        out += [("bad ref", b"A B;"), ("too long ref", b"A" * 65)]
    elif t == "enum":
        out += [("not a choice", b"nope")]
    elif t == "url":
        out += [("javascript: link", b"javascript:alert(1)"), ("not a link", b"example.org")]
    elif t == "bool":
        out += [("not a flag", b"maybe")]
    if f["in"] == "json":
        # what is not JSON at all (invalid UTF-8, a number jansson cannot hold,
        # "+1") refuses the body, not a field
        out = [(w, v) for w, v in out if w not in ("invalid UTF-8", "overflow", "a sign")]
        if t in ("list", "bool", "int"):
            out.append(("wrong JSON type", b'"x"'))
    if f["required"] and f["in"] != "path":
        out.append(("missing required", None))
    return out


def request_for(route, field, value, client):
    """(method, path, body, headers) sending `value` as `field`, all else absent."""
    path = route["pattern"]
    for f in route["fields"]:
        if f["in"] == "path":
            v = value if f is field else EXAMPLES[f["name"]].encode()
            path = path.replace("{" + f["name"] + "}", urllib.parse.quote(v or b"", safe=""))
    headers = {}
    body = None
    if field["in"] == "query" and value is not None:
        path += "?" + field["name"] + "=" + urllib.parse.quote(value, safe="")
    if route["method"] == "POST":
        if route["json"]:
            headers = {"Content-Type": "application/json",
                       "Authorization": "Bearer " + client.token}
            doc = b"{}"
            if field["in"] == "json" and value is not None:
                if value.startswith(b'"'):
                    raw = value
                else:
                    raw = json.dumps(value.decode("utf-8")).encode()
                if field["type"] in ("int", "id", "decimal") and value.startswith(b'"') is False:
                    raw = value if re.fullmatch(rb"-?[0-9.eE+]+", value) else raw
                doc = b'{"' + field["name"].encode() + b'": ' + raw + b"}"
            body = doc
        else:
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            pairs = [b"csrf=" + client.csrf.encode()]
            if field["in"] == "form" and value is not None:
                pairs.append(field["name"].encode() + b"=" + urllib.parse.quote(value, safe="").encode())
            body = b"&".join(pairs)
    return route["method"], path, body, headers


def main():
    clients = {}

    def client_for(route):
        if route["public"]:
            if route["method"] == "POST":  # the sign-in form: a fresh reader each time
                c = Client()
                c.csrf = c.form_csrf("/login")
                return c
            return clients.setdefault("anonymous", Client())
        for role in LOGINS:
            if role in route["roles"]:
                if role not in clients:
                    clients[role] = Client()
                    clients[role].sign_in(LOGINS[role])
                return clients[role]
        raise AssertionError(f"no role may use {route['pattern']}")

    failures, sent, routes_walked, fields_walked = [], 0, 0, 0
    for route in ROUTES:
        walked = [f for f in route["fields"] if f["name"] != "csrf"]
        if not walked:
            continue
        routes_walked += 1
        for f in walked:
            fields_walked += 1
            for what, value in malformations(f):
                client = client_for(route)
                method, path, body, headers = request_for(route, f, value, client)
                status, answer = client.send(method, path, body, headers)
                sent += 1
                where = f"{route['method']} {route['pattern']} {f['in']} {f['name']} ({what})"
                want = (404,) if f["in"] == "path" else (400,)
                if status >= 500 or status not in want:
                    failures.append(f"{where}: {status}, expected {want}: {answer[:300]!r}")
                elif f["name"].encode() not in answer:
                    failures.append(f"{where}: {status} does not name the field: {answer[:300]!r}")
        status, _ = Client().send("GET", "/healthz")
        if status != 200:
            failures.append(f"after {route['method']} {route['pattern']}: /healthz {status}")
            break
        print(f"ok: {route['method']} {route['pattern']}: {len(walked)} fields refused")
    for line in failures:
        print("FAIL: " + line)
    print(f"{'FAIL' if failures else 'ok'}: {sent} malformed requests over {fields_walked} "
          f"fields of {routes_walked} routes, {len(failures)} failures")
    sys.exit(1 if failures else 0)


main()
