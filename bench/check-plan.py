#!/usr/bin/env python3
"""check-plan.py — checks a dialturn-plan/1 document against the format's rules (and the
generator's promises), independently of the C code.

    bench/check-plan.py plan.json [--csv DIR]

Format rules (plan-format.md): key order, exact keys, canonical serialisation, array order,
refs unique and well formed and resolving, enumerations, dates, start <= finish, completed_on
set exactly when complete, percent 0-100, levels of the organisation's scale, update months in
periods, one update per action per period, no dependency cycle.  Generator promises: every
recommendation answered, dependencies on lower-numbered actions, one update per active month,
accepted except in the open last period, percent never falling, a value for every measure in
every period.  With --csv, the CSV files of gen-csv.py must carry the same rows.  Prints a
summary including a forward pass (DESIGN.md Rules) and the size of the impact of slipping the
middle action by 30 days; exits 1 on the first batch of errors.
"""

import argparse
import csv
import datetime as dt
import importlib.util
import json
import os
import re
import sys
from collections import Counter, defaultdict

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gen_plan", os.path.join(_here, "gen-plan.py"))
gen_plan = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_plan)
natural_key = gen_plan.natural_key

KEYS = {
    "": ["format", "organisation", "people", "reviews", "versions", "themes", "actions",
         "milestones", "periods", "updates", "measures", "measure_values"],
    "organisation": ["name", "slug", "timezone", "rating_scale"],
    "people": ["ref", "name", "role", "kind"],
    "reviews": ["ref", "title", "author", "published_on", "url", "recommendations"],
    "recommendations": ["ref", "text"],
    "versions": ["number", "title", "status", "approved_on", "approval_ref", "signed_off_on"],
    "themes": ["ref", "title", "lead"],
    "actions": ["ref", "theme", "title", "description", "owner", "member", "panel_lead", "start",
                "finish", "baseline_finish", "status", "completed_on", "answers", "depends_on",
                "closure_criteria"],
    "milestones": ["ref", "action", "title", "due", "baseline_due", "achieved_on", "public"],
    "periods": ["month", "status", "signed_off_on", "signed_off_by"],
    "updates": ["action", "period", "state", "status", "percent", "confidence", "narrative",
                "forecast_finish", "author"],
    "measures": ["ref", "title", "unit", "direction", "baseline", "baseline_date", "target",
                 "target_date", "tolerance_pct", "theme", "actions"],
    "measure_values": ["measure", "date", "value"],
}
SCALES = {"confidence3": ["high", "medium", "low"],
          "dca5": ["green", "amber_green", "amber", "amber_red", "red"]}
REF = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

errors = []


def err(path, msg):
    if len(errors) < 50:
        errors.append(f"{path}: {msg}")


def date(path, s, nullable=False):
    if s is None:
        if not nullable:
            err(path, "null date")
        return None
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        err(path, f"not YYYY-MM-DD: {s!r}")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        err(path, f"no such date: {s}")
        return None


def keys(path, kind, obj):
    if list(obj) != KEYS[kind]:
        err(path, f"keys {list(obj)} are not {KEYS[kind]}")


def index(path, kind, objs):
    seen = {}
    for i, o in enumerate(objs):
        p = f"{path}[{i}]"
        keys(p, kind, o)
        r = o.get("ref")
        if not isinstance(r, str) or not REF.match(r):
            err(p + ".ref", f"bad ref {r!r}")
        elif r in seen:
            err(p + ".ref", f"duplicate ref {r}")
        seen[r] = o
    refs = [o.get("ref", "") for o in objs]
    if refs != sorted(refs, key=natural_key):
        err(path, "not in natural ref order")
    return seen


def resolves(path, ref, table, nullable=False):
    if ref is None and nullable:
        return
    if ref not in table:
        err(path, f"{ref!r} does not resolve")


def enum(path, v, allowed):
    if v not in allowed:
        err(path, f"{v!r} not one of {allowed}")


def check(plan, raw):
    keys("$", "", plan)
    if raw != gen_plan.dumps(plan).encode("utf-8"):
        err("$", "not in canonical form (json.dumps indent=2, ensure_ascii=False, final newline)")
    if plan["format"] != "dialturn-plan/1":
        err("$.format", plan["format"])
    org = plan["organisation"]
    keys("$.organisation", "organisation", org)
    enum("$.organisation.rating_scale", org["rating_scale"], list(SCALES))
    levels = SCALES.get(org["rating_scale"], [])

    people = index("$.people", "people", plan["people"])
    for i, p in enumerate(plan["people"]):
        enum(f"$.people[{i}].kind", p["kind"], ["officer", "member", "panel", "external"])
    reviews = index("$.reviews", "reviews", plan["reviews"])
    recs = {}
    for i, rv in enumerate(plan["reviews"]):
        date(f"$.reviews[{i}].published_on", rv["published_on"], True)
        recs.update(index(f"$.reviews[{i}].recommendations", "recommendations",
                          rv["recommendations"]))
    for i, v in enumerate(plan["versions"]):
        keys(f"$.versions[{i}]", "versions", v)
        enum(f"$.versions[{i}].status", v["status"],
             ["draft", "submitted", "approved", "signed_off", "superseded"])
    if [v["number"] for v in plan["versions"]] != sorted(v["number"] for v in plan["versions"]):
        err("$.versions", "not in number order")
    themes = index("$.themes", "themes", plan["themes"])
    for i, t in enumerate(plan["themes"]):
        resolves(f"$.themes[{i}].lead", t["lead"], people, True)

    actions = index("$.actions", "actions", plan["actions"])
    dates = {}
    for i, a in enumerate(plan["actions"]):
        p = f"$.actions[{i}]"
        resolves(p + ".theme", a["theme"], themes)
        for f in ("owner", "member", "panel_lead"):
            resolves(f"{p}.{f}", a[f], people, True)
        s, f = date(p + ".start", a["start"]), date(p + ".finish", a["finish"])
        date(p + ".baseline_finish", a["baseline_finish"], True)
        c = date(p + ".completed_on", a["completed_on"], True)
        if s and f and s > f:
            err(p, f"start {s} after finish {f}")
        enum(p + ".status", a["status"],
             ["not_started", "in_progress", "complete", "blocked", "retired"])
        if (a["status"] == "complete") != (c is not None):
            err(p + ".completed_on", f"set {c} with status {a['status']}")
        for k, r in enumerate(a["answers"]):
            resolves(f"{p}.answers[{k}]", r, recs)
        for k, r in enumerate(a["depends_on"]):
            resolves(f"{p}.depends_on[{k}]", r, actions)
        for f2 in ("answers", "depends_on"):
            if a[f2] != sorted(set(a[f2]), key=natural_key):
                err(f"{p}.{f2}", "not sorted or not unique")
        dates[a["ref"]] = (s, f, c)

    # no dependency cycle (Kahn)
    indeg = {r: 0 for r in actions}
    succ = defaultdict(list)
    for a in plan["actions"]:
        for d in a["depends_on"]:
            if d in actions:
                indeg[a["ref"]] += 1
                succ[d].append(a["ref"])
    order = [r for r, n in indeg.items() if n == 0]
    for r in order:
        for s2 in succ[r]:
            indeg[s2] -= 1
            if indeg[s2] == 0:
                order.append(s2)
    if len(order) != len(actions):
        err("$.actions", f"dependency cycle among {len(actions) - len(order)} actions")

    milestones = index("$.milestones", "milestones", plan["milestones"])
    for i, m in enumerate(plan["milestones"]):
        p = f"$.milestones[{i}]"
        resolves(p + ".action", m["action"], actions)
        date(p + ".due", m["due"]), date(p + ".baseline_due", m["baseline_due"], True)
        date(p + ".achieved_on", m["achieved_on"], True)
        if not isinstance(m["public"], bool):
            err(p + ".public", "not a boolean")

    months = {}
    for i, pr in enumerate(plan["periods"]):
        p = f"$.periods[{i}]"
        keys(p, "periods", pr)
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", pr["month"]):
            err(p + ".month", pr["month"])
        if pr["month"] in months:
            err(p + ".month", "duplicate")
        months[pr["month"]] = pr
        enum(p + ".status", pr["status"], ["open", "closed", "signed_off"])
        date(p + ".signed_off_on", pr["signed_off_on"], True)
        resolves(p + ".signed_off_by", pr["signed_off_by"], people, True)
    if list(months) != sorted(months):
        err("$.periods", "not in month order")

    seen = set()
    for i, u in enumerate(plan["updates"]):
        p = f"$.updates[{i}]"
        keys(p, "updates", u)
        resolves(p + ".action", u["action"], actions)
        resolves(p + ".period", u["period"], months)
        resolves(p + ".author", u["author"], people, True)
        if (u["action"], u["period"]) in seen:
            err(p, "second update for this action and period")
        seen.add((u["action"], u["period"]))
        enum(p + ".state", u["state"], ["draft", "submitted", "accepted", "returned"])
        enum(p + ".status", u["status"],
             ["not_started", "in_progress", "complete", "blocked", "retired"])
        if not isinstance(u["percent"], int) or not 0 <= u["percent"] <= 100:
            err(p + ".percent", u["percent"])
        enum(p + ".confidence", u["confidence"], levels)
        date(p + ".forecast_finish", u["forecast_finish"], True)
    ukeys = [(natural_key(u["action"]), u["period"]) for u in plan["updates"]]
    if ukeys != sorted(ukeys):
        err("$.updates", "not in (action, period) order")

    measures = index("$.measures", "measures", plan["measures"])
    for i, m in enumerate(plan["measures"]):
        p = f"$.measures[{i}]"
        enum(p + ".direction", m["direction"], ["up", "down"])
        resolves(p + ".theme", m["theme"], themes, True)
        for k, r in enumerate(m["actions"]):
            resolves(f"{p}.actions[{k}]", r, actions)
        date(p + ".baseline_date", m["baseline_date"], True)
        date(p + ".target_date", m["target_date"], True)
    vkeys = []
    vseen = set()
    for i, v in enumerate(plan["measure_values"]):
        p = f"$.measure_values[{i}]"
        keys(p, "measure_values", v)
        resolves(p + ".measure", v["measure"], measures)
        date(p + ".date", v["date"])
        if (v["measure"], v["date"]) in vseen:
            err(p, "duplicate value for this measure and date")
        vseen.add((v["measure"], v["date"]))
        vkeys.append((natural_key(v["measure"]), v["date"]))
    if vkeys != sorted(vkeys):
        err("$.measure_values", "not in (measure, date) order")
    return order


def check_generator(plan):
    """The promises gen-plan.py makes beyond the format."""
    acts = {a["ref"]: a for a in plan["actions"]}
    periods = [p["month"] for p in plan["periods"]]
    last = periods[-1]
    for p in plan["periods"][:-1]:
        if p["status"] != "signed_off":
            err("$.periods", f"{p['month']} is not signed off")
    if plan["periods"][-1]["status"] != "open":
        err("$.periods", "the last period is not open")
    answered = set()
    for a in acts.values():
        if a["status"] != "retired":
            answered.update(a["answers"])
    for rv in plan["reviews"]:
        for r in rv["recommendations"]:
            if r["ref"] not in answered:
                err("$.reviews", f"recommendation {r['ref']} answered by no live action")
    before = total = 0
    for a in acts.values():
        n = int(a["ref"][1:])
        for d in a["depends_on"]:
            total += 1
            if int(d[1:]) >= n:
                err(f"$.actions.{a['ref']}", f"depends on higher-numbered {d}")
            b = acts[d]
            end = max(b["finish"], b["completed_on"] or "")
            before += end < a["start"]
    by_action = defaultdict(list)
    for u in plan["updates"]:
        by_action[u["action"]].append(u)
        if u["author"] != acts[u["action"]]["owner"]:
            err("$.updates", f"{u['action']} {u['period']}: author is not the owner")
        if u["state"] != ("submitted" if u["period"] == last else "accepted"):
            err("$.updates", f"{u['action']} {u['period']}: state {u['state']}")
    for ref, a in acts.items():
        us = by_action.get(ref, [])
        first = a["start"][:7]
        if a["status"] == "complete":
            end = a["completed_on"][:7]
        elif a["status"] == "retired":
            end = us[-1]["period"] if us else first
        else:
            end = last
        want = [m for m in periods if first <= m <= end]
        if [u["period"] for u in us] != want:
            err(f"$.actions.{ref}", f"updates for {[u['period'] for u in us]}, expected {want}")
        pct = [u["percent"] for u in us]
        if pct != sorted(pct):
            err(f"$.actions.{ref}", f"percent falls: {pct}")
        if us and a["status"] in ("complete", "retired") and us[-1]["status"] != a["status"]:
            err(f"$.actions.{ref}", "last update's status differs from the action's")
    n_values = Counter(v["measure"] for v in plan["measure_values"])
    for m in plan["measures"]:
        if n_values[m["ref"]] != len(periods):
            err(f"$.measures.{m['ref']}", f"{n_values[m['ref']]} values for {len(periods)} periods")
    return before, total


def forward_pass(plan, order, slip=None):
    """DESIGN.md Rules: forecast finish of every action (with one action slipped)."""
    D = dt.date.fromisoformat
    acts = {a["ref"]: a for a in plan["actions"]}
    latest = {}
    for u in plan["updates"]:
        if u["state"] == "accepted" and u["forecast_finish"]:
            latest[u["action"]] = u["forecast_finish"]      # updates are in period order
    ff = {}
    for r in order:
        a = acts[r]
        s, f = D(a["start"]), D(a["finish"])
        es = s
        for d in a["depends_on"]:
            es = max(es, ff[d] + dt.timedelta(days=1))
        if a["status"] == "complete":
            x = D(a["completed_on"])
        else:
            x = max(D(latest.get(r, a["finish"])), es + (f - s))
        if slip and slip[0] == r:
            x += dt.timedelta(days=slip[1])
        ff[r] = x
    return ff


def check_csv(plan, d):
    import importlib.util as iu
    spec = iu.spec_from_file_location("gen_csv", os.path.join(_here, "gen-csv.py"))
    gc = iu.module_from_spec(spec)
    spec.loader.exec_module(gc)
    for kind in ("actions", "updates", "measure_values"):
        with open(os.path.join(d, kind + ".csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        if rows[0] != gc.COLUMNS[kind]:
            err(f"{kind}.csv", f"header {rows[0]}")
        want = [[gc.cell(o[c]) for c in gc.COLUMNS[kind]] for o in plan[kind]]
        if rows[1:] != want:
            err(f"{kind}.csv", "rows differ from the JSON")
    sk = json.load(open(os.path.join(d, "skeleton.json"), encoding="utf-8"))
    for k in ("people", "reviews", "themes", "periods"):
        if sk[k] != plan[k]:
            err("skeleton.json", f"{k} differ from the plan")
    return sum(1 for _ in plan["updates"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan")
    ap.add_argument("--csv", metavar="DIR")
    args = ap.parse_args()
    raw = open(args.plan, "rb").read()
    plan = json.loads(raw.decode("utf-8"))
    order = check(plan, raw)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    before, total = check_generator(plan)
    if args.csv:
        check_csv(plan, args.csv)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    ff = forward_pass(plan, order)
    slipped = sum(1 for a in plan["actions"] if a["baseline_finish"]
                  and ff[a["ref"]] > dt.date.fromisoformat(a["baseline_finish"]))
    mid = f"A{max(1, len(plan['actions']) // 2)}"
    ff2 = forward_pass(plan, order, (mid, 30))
    moved = sum(1 for r in ff if ff[r] != ff2[r])
    acts = {a["ref"]: a for a in plan["actions"]}
    ms_moved = sum(1 for m in plan["milestones"]
                   if max(0, (ff[m["action"]] - dt.date.fromisoformat(acts[m["action"]]["finish"])).days)
                   != max(0, (ff2[m["action"]] - dt.date.fromisoformat(acts[m["action"]]["finish"])).days))
    st = Counter(a["status"] for a in plan["actions"])
    print(f"ok: {len(raw)} bytes; actions {len(plan['actions'])} ({dict(sorted(st.items()))}); "
          f"deps {total} ({before} finish before the dependent starts); updates "
          f"{len(plan['updates'])}; milestones {len(plan['milestones'])}; values "
          f"{len(plan['measure_values'])}; forward pass: {slipped} actions forecast after "
          f"their baseline; impact of {mid} +30 d: {moved} actions, {ms_moved} milestones move"
          + ("; CSV files match" if args.csv else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
