#!/usr/bin/env python3
"""gen-csv.py — the synthetic regime of gen-plan.py as CSV files, for the CSV import benchmark.

    bench/gen-csv.py --actions N --periods M [--seed S] --out DIR

Writes into DIR (created if missing):
  skeleton.json       the same plan without actions, milestones, updates and measure values
                      (measures keep no action links), so that the CSV rows have something to
                      refer to: people, review and recommendations, themes, periods, measures;
  actions.csv         one row per action;
  updates.csv         one row per update;
  measure_values.csv  one row per measure value.
Import them in that order.  The columns are the JSON field names, in the format's order;
`answers` and `depends_on` are ';'-separated refs; null is an empty cell; true/false are
written as such.  The same options give the same rows as gen-plan.py (same seed, same data).
"""

import csv
import importlib.util
import os
import sys
import time

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gen_plan", os.path.join(_here, "gen-plan.py"))
gen_plan = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_plan)

COLUMNS = {
    "actions": ["ref", "theme", "title", "description", "owner", "member", "panel_lead", "start",
                "finish", "baseline_finish", "status", "completed_on", "answers", "depends_on",
                "closure_criteria"],
    "updates": ["action", "period", "state", "status", "percent", "confidence", "narrative",
                "forecast_finish", "author"],
    "measure_values": ["measure", "date", "value"],
}


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            if list(r) != columns:
                raise AssertionError(f"{path}: row keys {list(r)} are not {columns}")
            w.writerow([cell(r[c]) for c in columns])


def main(argv=None):
    t0 = time.monotonic()
    ap = gen_plan.options(argv, "Writes the synthetic regime as CSV files (and a skeleton plan).")
    ap.add_argument("--out", required=True, metavar="DIR", help="directory to write into")
    args = ap.parse_args(argv)
    if args.actions < 1 or args.periods < 1:
        print("gen-csv: --actions and --periods must be at least 1", file=sys.stderr)
        return 2
    plan, counts = gen_plan.build_plan(args.actions, args.periods, args.seed)
    os.makedirs(args.out, exist_ok=True)
    for kind in ("actions", "updates", "measure_values"):
        write_csv(os.path.join(args.out, kind + ".csv"), COLUMNS[kind], plan[kind])
    skeleton = dict(plan)
    skeleton["actions"] = []
    skeleton["milestones"] = []
    skeleton["updates"] = []
    skeleton["measure_values"] = []
    skeleton["measures"] = [dict(m, actions=[]) for m in plan["measures"]]
    with open(os.path.join(args.out, "skeleton.json"), "w", encoding="utf-8", newline="") as f:
        f.write(gen_plan.dumps(skeleton))
    gen_plan.report(counts, f", written to {args.out}", t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
