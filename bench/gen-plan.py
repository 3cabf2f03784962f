#!/usr/bin/env python3
"""gen-plan.py — a synthetic regime in the dialturn-plan/1 interchange format.

    bench/gen-plan.py --actions N --periods M [--seed S] > plan.json

Python 3 standard library only, and deterministic: the same options give the same bytes.
The document follows /work/shared/plan-format.md: keys in the order the format lists them,
arrays in natural ref order (digit runs compare by value: A2 < A10), updates by (action,
period), measure values by (measure, date), two-space indentation, UTF-8, a final newline.

What it holds: organisation "bench" on the confidence3 scale; 20 people (officers, members,
panel); one review with 30 recommendations; one signed-off plan version; 12 themes; N actions
A1..AN starting in the M months from 2020-01 and lasting 1-12 months, whose status is consistent
with the dates (complete ones carry completed_on); finish-to-start dependencies on lower-numbered
actions only (so the graph is acyclic), about two per action, each chosen to finish before the
dependent starts where such an action exists; about N/4 milestones; M monthly periods, all signed
off but the last, which is open; one update per action per period in which the action is active;
20 measures with a value for every period.  The counts go to stderr.

gen-csv.py imports build_plan() from this file.
"""

import argparse
import calendar
import datetime as dt
import json
import re
import sys
import time

FIRST_YEAR = 2020  # period 0 is 2020-01
N_RECS = 30
N_THEMES = 12
N_MEASURES = 20
LEVELS = ["high", "medium", "low"]  # confidence3, best first

_DIGITS = re.compile(r"\d+")


def natural_key(ref):
    """The order of src/lib/natcmp.c: digit runs compare by numeric value, everything else
    bytewise; equal numbers with different leading zeros fall back to bytewise order."""
    key = []
    pos = 0
    for m in _DIGITS.finditer(ref):
        key.extend((ch, 0, "") for ch in ref[pos:m.start()].encode("utf-8"))
        digits = m.group().lstrip("0")
        # every digit byte sorts the same against a non-digit byte, so a run ranks as "0"
        key.append((0x30, len(digits), digits))
        pos = m.end()
    key.extend((ch, 0, "") for ch in ref[pos:].encode("utf-8"))
    return (key, ref.encode("utf-8"))


# --- calendar helpers --------------------------------------------------------------------

def month_ym(k):
    """(year, month) of period index k (0 = 2020-01)."""
    return FIRST_YEAR + k // 12, k % 12 + 1


def month_str(k):
    y, m = month_ym(k)
    return f"{y:04d}-{m:02d}"


def first_day(k):
    y, m = month_ym(k)
    return dt.date(y, m, 1)


def last_day(k):
    y, m = month_ym(k)
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def month_of(d):
    return (d.year - FIRST_YEAR) * 12 + d.month - 1


def iso(d):
    return None if d is None else d.isoformat()


# --- word lists ---------------------------------------------------------------------------

FIRST_NAMES = ["Amrit", "Bethan", "Ciarán", "Deborah", "Emeka", "Fatima", "Gareth", "Hannah",
               "Imran", "Joanne", "Kwame", "Lucy", "Mohammed", "Niamh", "Owen", "Priya",
               "Rhys", "Siân", "Tomasz", "Zoë"]
SURNAMES = ["Ahmed", "Begum", "Clarke", "Davies", "Evans", "Fitzgerald", "Green", "Hughes",
            "Iqbal", "Jones", "Khan", "Lewis", "Mitchell", "Nowak", "O'Brien", "Patel",
            "Quinn", "Roberts", "Singh", "Thompson", "Walker", "Young"]
OFFICER_ROLES = ["Chief Executive", "Strategic Director, Finance", "Strategic Director, People",
                 "Strategic Director, Place", "Director of Children's Services",
                 "Director of Human Resources", "Director of Policy and Partnerships",
                 "Head of the Programme Office", "Programme Office Officer",
                 "Head of Legal Services", "Chief Information Officer",
                 "Head of Communications"]
MEMBER_ROLES = ["Leader of the Council", "Deputy Leader", "Cabinet Member for Finance and Resources",
                "Cabinet Member for Children's Wellbeing"]
PANEL_ROLES = ["Panel Chair", "Panel Vice Chair", "Panel Member", "Panel Member"]
THEMES = ["Support services", "Workforce", "Devolution", "Culture", "Vision and strategy",
          "Partnership working", "Financial resilience", "Children's services",
          "Governance", "Neighbourhoods", "Housing", "Digital and data"]
VERBS = ["Establish", "Review", "Redesign", "Agree", "Deliver", "Implement", "Publish",
         "Embed", "Procure", "Consolidate", "Strengthen", "Launch", "Evaluate", "Restructure"]
OBJECTS = ["the member development programme", "a single front door for residents",
           "the medium-term financial plan", "district committee arrangements",
           "the workforce strategy", "a performance management framework",
           "the partnership board's terms of reference", "the scrutiny work programme",
           "shared services with neighbouring councils", "the asset rationalisation plan",
           "the early help offer", "the commissioning strategy", "the customer contact centre",
           "a leadership academy", "the risk register", "the corporate plan",
           "the children's improvement plan", "the ICT infrastructure", "the estates strategy",
           "neighbourhood tasking groups", "the budget consultation", "the social value policy",
           "the complaints process", "the housing repairs contract"]
REC_TOPICS = ["clarify the roles of members and officers", "reduce the number of districts",
              "set a realistic budget", "publish a single improvement plan",
              "strengthen corporate leadership", "improve the quality of scrutiny",
              "build a new relationship with partners", "address the culture of the organisation",
              "tackle workforce issues", "invest in ICT", "improve financial management",
              "move to all-out elections", "work with the independent panel",
              "improve children's social care", "agree a vision for the city"]
NARRATIVES = {
    "not_started": ["Work has not yet started; mobilisation is planned for next month.",
                    "Start delayed while the project board agrees the brief.",
                    "Resources are being identified before work begins."],
    "in_progress": ["Work continued to plan this month.",
                    "The project team met the key stakeholders and agreed the next steps.",
                    "Good progress — the draft was shared with the lead member.",
                    "Progress slowed because of staff absence; recovery plan in place.",
                    "Consultation closed with 214 responses, now being analysed.",
                    "The business case was approved by the programme board.",
                    "Procurement is under way and bids are due next month."],
    "blocked": ["Blocked awaiting a decision from cabinet.",
                "Blocked: the dependent restructure has not concluded.",
                "Blocked pending legal advice on the contract variation."],
    "complete": ["Complete: closure evidence submitted to the programme office.",
                 "Delivered and signed off by the accountable member.",
                 "Complete; the outcome will be tracked through the measures."],
    "retired": ["Retired: superseded by a revised action in the plan.",
                "Retired at the panel's request; the work merged into another action."],
}


# --- the regime ---------------------------------------------------------------------------

def build_plan(n_actions, n_periods, seed=1):
    """The plan as a dict in export key order, and a dict of counts."""
    if n_actions < 1 or n_periods < 1:
        raise ValueError("--actions and --periods must be at least 1")
    rng = __import__("random").Random(seed)
    now = n_periods - 1                 # the last period, the open one
    today = last_day(now)               # nothing is achieved or completed after this

    # people: 12 officers, 4 members, 4 panel
    people = []
    used_names = set()

    def a_name():
        while True:
            n = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            if n not in used_names:
                used_names.add(n)
                return n

    for role in OFFICER_ROLES:
        people.append(("officer", role))
    for role in MEMBER_ROLES:
        people.append(("member", "Councillor, " + role))
    for role in PANEL_ROLES:
        people.append(("panel", role))
    people = [{"ref": f"P{i + 1}", "name": a_name(), "role": role, "kind": kind}
              for i, (kind, role) in enumerate(people)]
    officers = [p["ref"] for p in people if p["kind"] == "officer"]
    members = [p["ref"] for p in people if p["kind"] == "member"]
    panel = [p["ref"] for p in people if p["kind"] == "panel"]
    ceo = officers[0]
    owners = officers[1:]

    recs = [{"ref": f"R{i}", "text": f"The council should {REC_TOPICS[(i - 1) % len(REC_TOPICS)]}"
             f" (recommendation {i})."} for i in range(1, N_RECS + 1)]
    reviews = [{"ref": "review", "title": "Independent Review of the Governance of Bench",
                "author": "Sir Bob Reviewer", "published_on": "2019-10-01", "url": None,
                "recommendations": recs}]
    versions = [{"number": 1, "title": "Improvement Plan 2020–2023", "status": "signed_off",
                 "approved_on": "2019-12-09", "approval_ref": None, "signed_off_on": "2019-12-16"}]
    themes = [{"ref": f"T{i}", "title": THEMES[i - 1], "lead": officers[i % len(officers)]}
              for i in range(1, N_THEMES + 1)]

    # actions: dates and status first, then links, then the updates
    acts = []
    for i in range(1, n_actions + 1):
        # plans are numbered roughly in order of delivery: the start month follows the ref
        # number, spread by a few months (a quarter of the actions anywhere at all)
        if rng.random() < 0.25:
            s = rng.randrange(n_periods)
        else:
            s = round((i - 1) * n_periods / n_actions + rng.gauss(0, n_periods / 12))
            s = min(max(s, 0), n_periods - 1)
        dur = rng.randint(1, 12)
        fm = s + dur - 1
        start, finish = first_day(s), last_day(fm)
        baseline = finish
        if dur >= 2 and rng.random() < 0.12:       # re-planned later than the baseline
            baseline = last_day(fm - rng.randint(1, min(3, dur - 1)))
        r = rng.random()
        if r < 0.02:
            status = "retired"
        elif fm < now:
            status = "complete" if r < 0.80 else "in_progress" if r < 0.94 else "blocked"
        elif s >= now - 1 and r < 0.35:
            status = "not_started"
        elif r < 0.06:
            status = "blocked"
        elif fm == now and r < 0.45:
            status = "complete"
        else:
            status = "in_progress"
        completed = None
        end = now                                    # last period with an update
        if status == "complete":
            cm = min(max(fm + rng.choice([-1, 0, 0, 0, 0, 1, 2]), s), now)
            y, m = month_ym(cm)
            completed = dt.date(y, m, rng.randint(1, calendar.monthrange(y, m)[1]))
            if completed > today:
                completed = today
            end = cm
        elif status == "retired":
            end = rng.randint(s, min(fm, now))
        acts.append({"i": i, "s": s, "fm": fm, "start": start, "finish": finish,
                     "baseline": baseline, "status": status, "completed": completed,
                     "end": end, "theme": rng.randint(1, N_THEMES),
                     "owner": rng.choice(owners),
                     "member": rng.choice(members) if rng.random() < 0.5 else None,
                     "panel_lead": rng.choice(panel) if rng.random() < 0.3 else None,
                     "title": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                     "answers": set(), "deps": set()})

    # answers: 1-3 recommendations each, every recommendation answered by a live action
    for a in acts:
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            a["answers"].add(rng.randint(1, N_RECS))
    live = [a for a in acts if a["status"] != "retired"] or acts
    answered = set()
    for a in live:
        answered |= a["answers"]
    for r in range(1, N_RECS + 1):
        if r not in answered:
            rng.choice(live)["answers"].add(r)

    # finish-to-start dependencies on lower-numbered actions only (so no cycle can arise),
    # each finishing (and, if complete, completed) before the dependent starts.  Starts are
    # first days of months, so the candidates are the lower actions whose end month is
    # earlier: kept in one bucket per end month.  Half the draws take an action ending in the
    # three months before the start (work handed on), the others any candidate.  An action
    # with no candidate (most of those starting in 2020-01) has no dependency.
    buckets = [[] for _ in range(n_periods + 12)]
    for a in acts:
        s = a["s"]
        pool = sum(len(b) for b in buckets[:s])
        want = min(rng.choice([1, 2, 2, 3]), pool)
        recent = buckets[max(0, s - 3):s]
        n_recent = sum(len(b) for b in recent)
        while len(a["deps"]) < want:
            near = n_recent and rng.random() < 0.5
            r = rng.randrange(n_recent if near else pool)
            for b in (recent if near else buckets[:s]):
                if r < len(b):
                    a["deps"].add(b[r])
                    break
                r -= len(b)
        end = a["fm"] if a["completed"] is None else max(a["fm"], month_of(a["completed"]))
        buckets[end].append(a["i"])

    actions = []
    updates = []
    for a in acts:
        ref = f"A{a['i']}"
        actions.append({
            "ref": ref, "theme": f"T{a['theme']}", "title": a["title"],
            "description": f"{a['title']}, as the plan's answer to the review.",
            "owner": a["owner"], "member": a["member"], "panel_lead": a["panel_lead"],
            "start": iso(a["start"]), "finish": iso(a["finish"]),
            "baseline_finish": iso(a["baseline"]), "status": a["status"],
            "completed_on": iso(a["completed"]),
            "answers": [f"R{r}" for r in sorted(a["answers"])],
            "depends_on": [f"A{d}" for d in sorted(a["deps"])],
            "closure_criteria": "Evidence of delivery accepted by the programme office.",
        })
        updates.extend(action_updates(rng, a, ref, now))

    # milestones: about N/4, inside their action's dates
    ms = []
    for _ in range(max(1, n_actions // 4)):
        a = acts[rng.randrange(n_actions)]
        span = (a["finish"] - a["start"]).days
        due = a["start"] + dt.timedelta(days=rng.randint(0, span))
        shift = (a["finish"] - a["baseline"]).days
        baseline_due = max(a["start"], due - dt.timedelta(days=shift)) if shift else due
        achieved = None
        if a["status"] == "complete":
            achieved = min(due + dt.timedelta(days=rng.randint(-10, 15)), a["completed"])
        elif a["status"] != "retired" and due <= today and rng.random() < 0.6:
            achieved = min(due + dt.timedelta(days=rng.randint(-10, 20)), today)
        if achieved is not None:
            achieved = max(achieved, a["start"])
        ms.append((a["i"], due, {"action": f"A{a['i']}",
                                 "title": f"{rng.choice(['Decision on', 'Draft of', 'Launch of', 'Review of', 'Sign-off of'])} {rng.choice(OBJECTS)}",
                                 "due": iso(due), "baseline_due": iso(baseline_due),
                                 "achieved_on": iso(achieved), "public": rng.random() < 0.85}))
    ms.sort(key=lambda t: (t[0], t[1]))
    milestones = [dict(ref=f"M{k + 1}", **m) for k, (_, _, m) in enumerate(ms)]

    periods = []
    for k in range(n_periods):
        if k < now:
            y, m = month_ym(k + 1)
            periods.append({"month": month_str(k), "status": "signed_off",
                            "signed_off_on": iso(dt.date(y, m, rng.randint(5, 15))),
                            "signed_off_by": ceo})
        else:
            periods.append({"month": month_str(k), "status": "open", "signed_off_on": None,
                            "signed_off_by": None})

    measures = []
    values = []
    units = ["%", "days", "£k", "count", "per 1,000 residents"]
    for k in range(1, N_MEASURES + 1):
        direction = rng.choice(["up", "down"])
        base = round(rng.uniform(20, 80), 1)
        change = base * rng.uniform(0.1, 0.4)
        target = round(base + change if direction == "up" else base - change, 1)
        measures.append({
            "ref": f"K{k}", "title": f"{THEMES[(k - 1) % N_THEMES]} indicator {k}",
            "unit": units[(k - 1) % len(units)], "direction": direction,
            "baseline": base, "baseline_date": "2019-12-31",
            "target": target, "target_date": iso(last_day(now + 12)),
            "tolerance_pct": rng.choice([5, 10, 15, 20]),
            "theme": f"T{(k - 1) % N_THEMES + 1}",
            "actions": [f"A{x}" for x in sorted(rng.sample(range(1, n_actions + 1),
                                                        min(n_actions, rng.randint(1, 3))))],
        })
        effect = rng.uniform(0.3, 1.2)
        for p in range(n_periods):
            trend = (target - base) * effect * (p + 1) / (n_periods + 12)
            noise = (target - base) * rng.uniform(-0.08, 0.08)
            values.append({"measure": f"K{k}", "date": iso(last_day(p)),
                           "value": round(base + trend + noise, 1)})

    # export order, made explicit
    by_ref = lambda o: natural_key(o["ref"])  # noqa: E731
    people.sort(key=by_ref)
    for rv in reviews:
        rv["recommendations"].sort(key=by_ref)
    reviews.sort(key=by_ref)
    themes.sort(key=by_ref)
    actions.sort(key=by_ref)
    for a in actions:
        a["answers"].sort(key=natural_key)
        a["depends_on"].sort(key=natural_key)
    milestones.sort(key=by_ref)
    periods.sort(key=lambda p: p["month"])
    updates.sort(key=lambda u: (natural_key(u["action"]), u["period"]))
    measures.sort(key=by_ref)
    for m in measures:
        m["actions"].sort(key=natural_key)
    values.sort(key=lambda v: (natural_key(v["measure"]), v["date"]))

    plan = {
        "format": "dialturn-plan/1",
        "organisation": {"name": "Bench Borough Council", "slug": "bench",
                         "timezone": "Europe/London", "rating_scale": "confidence3"},
        "people": people, "reviews": reviews, "versions": versions, "themes": themes,
        "actions": actions, "milestones": milestones, "periods": periods, "updates": updates,
        "measures": measures, "measure_values": values,
    }
    counts = {"actions": len(actions), "deps": sum(len(a["depends_on"]) for a in actions),
              "updates": len(updates), "milestones": len(milestones),
              "values": len(values), "people": len(people), "recommendations": len(recs),
              "themes": len(themes), "periods": len(periods), "measures": len(measures)}
    return plan, counts


def action_updates(rng, a, ref, now):
    """One update per period from the start month to the last active month: the completion
    month, the retirement month, or else the last period (an unfinished action keeps
    reporting).  Accepted, except in the last (open) period, where they are submitted."""
    s, end, status = a["s"], a["end"], a["status"]
    if end < s:
        return []
    n = end - s + 1
    dur = a["fm"] - s + 1
    # slip: how late the forecast runs, and from which period
    slip = 0
    if status in ("in_progress", "blocked", "not_started") and rng.random() < 0.45:
        slip = rng.choice([7, 14, 30, 31, 45, 60, 90, 120])
    slip_from = s + rng.randrange(n)
    block_from = s + rng.randrange(n) if status == "blocked" else None
    level = rng.choices(range(3), weights=[4, 5, 2])[0]
    pct = 0
    out = []
    for p in range(s, end + 1):
        last = p == end
        if status == "not_started":
            st = "not_started"
        elif status == "complete" and last:
            st = "complete"
        elif status == "retired" and last:
            st = "retired"
        elif block_from is not None and p >= block_from:
            st = "blocked"
        else:
            st = "in_progress"
        # percent rises (never falls) towards the planned finish; 100 only when complete
        if st == "complete":
            pct = 100
        elif st == "in_progress":
            planned = 100 * (p - s + 1) / (dur + slip // 30 + 1)
            pct = max(pct, min(95, int(planned + rng.randint(-5, 5))))
        # confidence wanders one step at a time; blocked means low, complete high
        if st == "blocked":
            level = 2
        elif st == "complete":
            level = 0
        elif rng.random() < 0.25:
            level = min(2, max(0, level + rng.choice([-1, 1])))
        # forecast: the planned finish, later once the slip is known, never in the past
        if st == "complete":
            forecast = a["completed"]
        else:
            forecast = a["finish"]
            if status == "complete" and a["completed"] > forecast:
                forecast = a["completed"]
            if slip and p >= slip_from:
                forecast = forecast + dt.timedelta(days=slip)
            forecast = max(forecast, last_day(p))
        out.append({"action": ref, "period": month_str(p),
                    "state": "submitted" if p == now else "accepted",
                    "status": st, "percent": pct, "confidence": LEVELS[level],
                    "narrative": rng.choice(NARRATIVES[st]),
                    "forecast_finish": iso(forecast), "author": a["owner"]})
    return out


def dumps(plan):
    return json.dumps(plan, indent=2, ensure_ascii=False) + "\n"


def options(argv, description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--actions", type=int, required=True, metavar="N", help="number of actions")
    ap.add_argument("--periods", type=int, required=True, metavar="M",
                    help="number of monthly periods from 2020-01")
    ap.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    return ap


def report(counts, extra="", t0=None):
    parts = [f"{k} {v}" for k, v in counts.items()]
    if t0 is not None:
        parts.append(f"{time.monotonic() - t0:.2f} s")
    print("gen: " + ", ".join(parts) + extra, file=sys.stderr)


def main(argv=None):
    t0 = time.monotonic()
    args = options(argv, "Writes a synthetic dialturn-plan/1 regime to stdout.").parse_args(argv)
    if args.actions < 1 or args.periods < 1:
        print("gen-plan: --actions and --periods must be at least 1", file=sys.stderr)
        return 2
    plan, counts = build_plan(args.actions, args.periods, args.seed)
    data = dumps(plan).encode("utf-8")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    report(counts, f", {len(data)} bytes", t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
