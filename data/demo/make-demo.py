#!/usr/bin/env python3
"""Write the bundled dialturn demo regime (Birmingham, 2015-16) as dialturn-plan/1 JSON.

Usage:  python3 data/demo/make-demo.py > data/demo/birmingham-2015.json
        python3 data/demo/make-demo.py --summary > /dev/null   (counts on stderr)

The structure (review, recommendations, themes, actions, milestones, measures) is hand-authored
below from the public facts in shared/demo-facts.md.  People appear by role, never by name.  The
monthly updates and the measure values are illustrative: they are generated from a scripted arc
per action (confidence change points with reasons, forecast change points, a final percent) and
from way-points per measure, so the output is fully deterministic (no randomness at all).

Every check that `dialturn import` makes is asserted here before anything is printed.
"""

import calendar
import datetime as dt
import json
import re
import sys

AS_AT = dt.date(2016, 3, 31)          # state of the plan: end of March 2016
FIRST_PERIOD = (2015, 3)              # first reporting month
LAST_PERIOD = (2016, 3)               # last reporting month (open)
DRAFT_MARKER = "UNPUBLISHED-DRAFT-MARKER"
REF_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


# ---------------------------------------------------------------------------------------------
# small helpers

def D(s):
    """Parse an ISO date, failing loudly."""
    return dt.date.fromisoformat(s)


def natural_key(ref):
    """Natural sort key: digit runs compare numerically, so A2 < A10."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", ref) if p != ""]


def month_key(d):
    return (d.year, d.month)


def month_str(ym):
    return "%04d-%02d" % ym


def parse_month(s):
    y, m = s.split("-")
    return (int(y), int(m))


def next_month(ym):
    y, m = ym
    return (y + 1, 1) if m == 12 else (y, m + 1)


def month_end(ym):
    return dt.date(ym[0], ym[1], calendar.monthrange(ym[0], ym[1])[1])


def month_start(ym):
    return dt.date(ym[0], ym[1], 1)


def months(a, b):
    """Inclusive list of (y, m) from a to b."""
    out = []
    while a <= b:
        out.append(a)
        a = next_month(a)
    return out


def long_date(d):
    return "%d %s %d" % (d.day, calendar.month_name[d.month], d.year)


def round5(x):
    return int(x / 5.0 + 0.5) * 5


def fail(msg):
    sys.stderr.write("make-demo.py: check failed: %s\n" % msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


PERIODS = months(FIRST_PERIOD, LAST_PERIOD)


# ---------------------------------------------------------------------------------------------
# organisation and people (by role only)

ORGANISATION = {
    "name": "Birmingham City Council (demo)",
    "slug": "birmingham",
    "timezone": "Europe/London",
    "rating_scale": "confidence3",
}
LEVELS = ("high", "medium", "low")

# ref, name, role, kind
PEOPLE = [
    ("ceo", "Chief Executive", "Chief Executive; senior responsible officer for the improvement plan", "officer"),
    ("dsd", "Director of Service Delivery", "Interim Director of Service Delivery; leads the Future Council programme", "officer"),
    ("dir-finance", "Director of Finance", "Director of Finance (section 151 officer)", "officer"),
    ("head-hr", "Head of HR", "Head of Human Resources and workforce planning", "officer"),
    ("ad-policy", "Assistant Director Policy", "Assistant Director, Policy and Strategy", "officer"),
    ("ad-partnerships", "Assistant Director Partnerships", "Assistant Director, Partnerships and Engagement", "officer"),
    ("dcs", "Director of Children's Services", "Director of Children's Services", "officer"),
    ("head-performance", "Head of Performance", "Head of Performance and the programme office", "officer"),
    ("district-lead", "District Lead", "Lead officer for districts, wards and devolution", "officer"),
    ("monitoring-officer", "City Solicitor", "City Solicitor and Monitoring Officer; electoral arrangements", "officer"),
    ("head-comms", "Head of Communications", "Head of Communications", "officer"),
    ("head-member-services", "Head of Member Services", "Head of Member Services and member development", "officer"),
    ("leader", "Leader of the Council", "Leader of the Council", "member"),
    ("deputy-leader", "Deputy Leader", "Deputy Leader of the Council", "member"),
    ("cab-finance", "Cabinet Member for Finance", "Cabinet Member for Finance and Commissioning", "member"),
    ("cab-improvement", "Cabinet Member for Improvement", "Cabinet Member for Improvement and Workforce", "member"),
    ("cab-children", "Cabinet Member for Children's Services", "Cabinet Member for Children, Families and Schools", "member"),
    ("cab-local", "Cabinet Member for Neighbourhoods", "Cabinet Member for Neighbourhoods and Devolution", "member"),
    ("panel-chair", "Panel Chair", "Chair, Birmingham Independent Improvement Panel", "panel"),
    ("panel-vice-chair", "Panel Vice Chair", "Vice Chair, Birmingham Independent Improvement Panel", "panel"),
    ("panel-member-1", "Panel Member", "Member, Birmingham Independent Improvement Panel", "panel"),
    ("panel-member-2", "Panel Member", "Member, Birmingham Independent Improvement Panel", "panel"),
    ("childrens-commissioner", "Children's Commissioner", "Children's Services Commissioner; ex officio member of the panel", "panel"),
    ("panel-adviser", "Adviser to the Panel", "Adviser to the Birmingham Independent Improvement Panel", "external"),
    ("dclg-lead", "DCLG Lead Official", "Department for Communities and Local Government; joint panel secretariat", "external"),
]

# ---------------------------------------------------------------------------------------------
# the review and its eleven recommendations (paraphrased, numbering as in the review)

REVIEW = {
    "ref": "kerslake",
    "title": "The way forward: an independent review of the governance and organisational "
             "capabilities of Birmingham City Council",
    "author": "Kerslake Review team (for DCLG)",
    "published_on": "2014-12-09",
    "url": None,
}
RECOMMENDATIONS = [
    ("R1", "The Secretary of State appoints an independent improvement panel for robust challenge and "
           "support, with regular updates to the Secretary of State and to residents."),
    ("R2", "The council publishes by December 2015 a report showing how it has implemented the "
           "recommendations."),
    ("R3", "Reset leadership, member and officer roles, and culture (\"council knows best\", silos)."),
    ("R4", "Move from elections by thirds to all-out elections; boundary review of council size and wards."),
    ("R5", "Build a robust financial plan to 2018/19 with no extra government money, reported to the panel."),
    ("R6", "HR and workforce planning (including recruiting and keeping children's social workers)."),
    ("R7", "Reset devolution within the city: districts and wards."),
    ("R8", "Help create an independent city leadership group that agrees a long-term city plan and holds "
           "its delivery to account."),
    ("R9", "Redefine partnership working: shared values, a clear purpose for each partnership, partner "
           "feedback sought and published."),
    ("R10", "Take part in a review of combined-authority governance for the wider region."),
    ("R11", "Strengthen performance management so that it matches the scale of the task."),
]

VERSIONS = [{
    "number": 1,
    "title": "Future Council – Organisational Improvement: Year One Action Plan",
    "status": "signed_off",
    "approved_on": "2015-02-16",
    "approval_ref": "Cabinet, 16 February 2015",
    "signed_off_on": "2015-03-23",
}]

THEMES = [
    ("T1", "Leadership and strategy: roles, responsibilities and culture", "ceo"),
    ("T2", "Leadership and strategy: strategic planning", "dsd"),
    ("T3", "Leadership and strategy: HR and workforce planning", "head-hr"),
    ("T4", "Size and structure", "district-lead"),
    ("T5", "Communities and partnerships", "ad-partnerships"),
]

# ---------------------------------------------------------------------------------------------
# actions
#
# Each entry is the plan data plus its scripted arc:
#   short   noun phrase used in generated narrative
#   steps   what happened, spread over the active months (for complete/retired actions the last
#           step is the closing month's narrative)
#   conf    [(month, level, reason)] change points; the reason is told in the month it changes
#   fc      [(month, date)] forecast change points (default: the planned finish)
#   pct     percent reached in the last reporting month (in progress / blocked / retired)
#   retired month of retirement; blocked_from month the action became blocked (still blocked);
#   blocked months in which it was blocked for a while and then resumed

ACTIONS = []


def action(ref, theme, title, short, owner, member, panel_lead, start, finish, status,
           answers, depends_on, closure, description, steps, conf, baseline_finish=None,
           completed_on=None, fc=(), pct=None, retired=None, blocked_from=None, blocked=()):
    ACTIONS.append(dict(
        ref=ref, theme=theme, title=title, short=short, owner=owner, member=member,
        panel_lead=panel_lead, start=start, finish=finish,
        baseline_finish=baseline_finish or finish, status=status, completed_on=completed_on,
        answers=answers, depends_on=depends_on, closure=closure, description=description,
        steps=steps, conf=conf, fc=list(fc), pct=pct, retired=retired,
        blocked_from=blocked_from, blocked=list(blocked)))


# T1 -- roles, responsibilities and culture ---------------------------------------------------

action("A1", "T1", "Agree the improvement plan with cabinet and the panel", "the improvement plan",
       "ceo", "leader", "panel-chair", "2015-01-12", "2015-03-23", "complete", ["R1"], [],
       "Plan approved by cabinet and signed off by the panel.",
       "Draft the Year One action plan answering the eleven recommendations, take it to cabinet "
       "on 16 February 2015 and to the panel for sign-off.",
       ["Draft plan considered by cabinet on 16 February and reviewed by the panel on 18 March.",
        "**Complete.** The panel signed the plan off on 23 March as a reasonable basis to proceed."],
       [("2015-03", "high", "")], completed_on="2015-03-23")

action("A2", "T1", "Set up the panel's secretariat, meeting cycle and expenses sharing with DCLG",
       "the panel's secretariat arrangements", "ad-policy", "leader", "panel-vice-chair",
       "2015-01-26", "2015-04-30", "complete", ["R1"], [],
       "Secretariat staffed, meeting cycle published and expenses agreement signed.",
       "Provide the panel's secretariat jointly with the department, publish monthly and quarterly "
       "public meeting dates, and agree that the panel's expenses are shared equally.",
       ["Joint secretariat agreed with DCLG; monthly meeting dates set to March 2016.",
        "**Complete.** Agreement to share the panel's expenses equally with the department signed; "
        "quarterly public meetings scheduled."],
       [("2015-03", "high", "")], completed_on="2015-04-28")

action("A3", "T1", "Agree a member–officer protocol resetting roles and responsibilities",
       "the member–officer protocol", "monitoring-officer", "leader", "panel-member-1",
       "2015-04-01", "2015-09-30", "complete", ["R3"], ["A1"],
       "Protocol adopted by full council and included in the constitution.",
       "Clarify who decides what between cabinet, scrutiny, ward members and officers, ending the "
       "blurred roles the review found.",
       ["Workshops held with cabinet members and the corporate leadership team on who decides what.",
        "Draft protocol shared with group leaders; comments from the panel reflected.",
        "Protocol considered by the constitution committee; training for members planned.",
        "**Complete.** Full council adopted the member–officer protocol on 20 October; it is now "
        "part of the constitution."],
       [("2015-04", "medium", ""),
        ("2015-08", "high", "Group leaders have agreed the draft, so adoption in October looks secure.")],
       completed_on="2015-10-20", fc=[("2015-09", "2015-10-31")])

action("A4", "T1", "Culture change programme: from \"council knows best\" to outward-looking",
       "the culture change programme", "dsd", "deputy-leader", "panel-chair",
       "2015-04-01", "2016-03-31", "in_progress", ["R3"], ["A1"],
       "Behaviours framework in use in appraisal and staff survey shows measurable change.",
       "Change the council's \"we know best\" culture and break down silos, through a behaviours "
       "framework, visible leadership and honest feedback from staff and partners.",
       ["Behaviours framework drafted with staff from across the council, building on the Big "
        "Conversations.",
        "Leadership roadshows held:\n\n- five sessions across the city\n- about 900 staff took part\n"
        "- feedback published on the intranet",
        "Behaviours framework adopted and built into appraisal for 2016/17.",
        ("2016-01", "Staff survey shows early signs of change; managers asked to hold team conversations on "
        "the findings."),
        ("2016-02", "Panel challenge: culture change is still not visible enough to partners; a refreshed plan "
        "is being drafted.")],
       [("2015-04", "low", "The \"council knows best\" culture is deep-rooted and change is not yet visible."),
        ("2015-10", "medium", "Roadshows and the behaviours framework are landing with managers."),
        ("2016-03", "low", "The panel's March letter finds the pace regrettably slow; confidence "
                           "lowered until the refreshed plan is agreed.")],
       fc=[("2016-02", "2016-09-30")], pct=60)

action("A5", "T1", "Member development programme, including induction for the 2016 intake",
       "the member development programme", "head-member-services", "deputy-leader", "panel-member-1",
       "2015-10-01", "2016-06-30", "in_progress", ["R3", "R4"], ["A3"],
       "Programme delivered and induction completed for members elected in May 2016.",
       "Equip members for their reset roles: chairing, scrutiny, finance and working with partners.",
       ["Member development needs assessed with group leaders.",
        "Programme agreed:\n\n- chairing and scrutiny skills\n- finance for non-specialists\n"
        "- working with partners",
        "First modules delivered; attendance reported to the group whips.",
        "Induction for members elected in May 2016 designed."],
       [("2015-10", "medium", ""),
        ("2016-01", "high", "Attendance at the first modules is good across all groups.")], pct=45)

action("A6", "T1", "Refresh overview and scrutiny to hold the executive to account",
       "the scrutiny refresh", "monitoring-officer", None, "panel-member-2",
       "2015-05-01", "2015-12-31", "complete", ["R3"], [],
       "New scrutiny arrangements approved by full council.",
       "Fewer, more focused scrutiny committees with work programmes that follow the plan's risks.",
       ["Review of overview and scrutiny started with the scrutiny chairs.",
        "Options for fewer, more focused committees shared with the panel.",
        "Proposals agreed by the co-ordinating scrutiny committee.",
        "**Complete.** Full council approved the new scrutiny arrangements in January."],
       [("2015-05", "medium", ""),
        ("2015-11", "low", "Agreement across the political groups is taking longer than planned."),
        ("2016-01", "high", "Cross-party agreement reached.")],
       completed_on="2016-01-26", fc=[("2015-11", "2016-01-31")])

action("A7", "T1", "Strengthen corporate leadership and senior capacity",
       "the new senior structure", "ceo", "leader", "panel-chair",
       "2015-03-01", "2015-12-31", "complete", ["R3", "R6"], [],
       "Permanent appointments to every post in the new senior structure.",
       "A smaller, stronger corporate leadership team with the capacity the review found missing.",
       ["Review of the corporate leadership team's capacity against the review's findings.",
        "Proposals for a smaller, stronger senior structure shared with the panel.",
        ("2015-08", "Consultation with affected senior staff under way."),
        ("2015-10", "Recruitment to the new strategic director posts launched."),
        "**Complete.** New senior structure in place; interim arrangements ended."],
       [("2015-03", "medium", ""),
        ("2015-07", "low", "The panel has raised concerns about senior capacity; several key posts are interim."),
        ("2015-11", "medium", "A strong field has applied for the strategic director posts."),
        ("2016-01", "high", "Appointments made; start dates agreed.")],
       baseline_finish="2015-09-30", completed_on="2016-02-29",
       fc=[("2015-03", "2015-09-30"), ("2015-07", "2015-12-31"), ("2015-12", "2016-02-29")])

action("A8", "T1", "Communications: a positive narrative and open progress reporting",
       "the communications plan", "head-comms", "deputy-leader", None,
       "2015-03-01", "2016-03-31", "in_progress", ["R2", "R3"], [],
       "Monthly public progress updates published within a week of each sign-off.",
       "Replace the victim narrative with a positive, honest account of progress for staff, "
       "partners and residents.",
       ["Chief executive's blog and staff video set out the plan \"in one place\".",
        ("2015-04", "Progress page for residents launched; updates published after each panel meeting."),
        ("2015-06", "Plain-English summary of the six-month report published."),
        "Staff and partner newsletters carry the panel's findings unedited.",
        ("2015-12", "Residents' summary of the \"one year on\" report published.")],
       [("2015-03", "high", ""),
        ("2015-09", "medium", "Coverage focuses on the panel's concerns rather than progress; messaging reviewed."),
        ("2015-12", "high", "The \"one year on\" report was well received.")], pct=90)

action("A9", "T1", "Progress reports to the panel's public meetings (June and September 2015)",
       "reporting to the public meetings", "ceo", "leader", "panel-chair",
       "2015-05-01", "2015-09-11", "complete", ["R1", "R2"], ["A1"],
       "Reports published and presented at both public meetings.",
       "Report publicly to the panel on every action and recommendation: the six-month report in "
       "June and the second report in September.",
       ["Six-month report drafted against every action and recommendation.",
        ("2015-06", "Six-month report published on 4 June and presented at the panel's first public meeting on 11 June."),
        "The panel's questions from the June meeting answered in writing.",
        "**Complete.** Second report published on 4 September and presented at the public meeting "
        "on 11 September."],
       [("2015-05", "high", ""),
        ("2015-07", "medium", "The panel's letter of 20 July asks for sharper evidence of impact in the next report."),
        ("2015-09", "high", "Second report delivered on time.")], completed_on="2015-09-11")

action("A10", "T1", "Publish the \"one year on\" report on implementing the recommendations",
       "the \"one year on\" report", "ceo", "leader", "panel-chair",
       "2015-10-01", "2015-12-14", "complete", ["R2"], ["A9", "A17"],
       "Report published and presented to the panel in public.",
       "Show residents, the panel and the Secretary of State how each recommendation has been "
       "implemented by December 2015.",
       ["Evidence gathered for each of the eleven recommendations.",
        "Draft \"one year on\" report shared with the panel.",
        "**Complete.** \"One year on\" report published on 7 December and presented at the public "
        "meeting on 14 December."],
       [("2015-10", "medium", ""),
        ("2015-11", "high", "Evidence is in place for every recommendation.")], completed_on="2015-12-14")

# T2 -- strategic planning -----------------------------------------------------------------

action("A11", "T2", "Strategic framework: vision and priorities for the council, to cabinet on 29 June 2015",
       "the strategic framework", "ad-policy", "leader", "panel-vice-chair",
       "2015-03-01", "2015-06-29", "complete", ["R3"], [],
       "Strategic framework approved by cabinet.",
       "A positive vision and a short set of priorities for the council, replacing the victim "
       "narrative the review found.",
       ["Work on a positive vision begun; the victim narrative is to be replaced.",
        "Draft priorities tested with members and partners.",
        "Framework drafted; partners consulted on the draft.",
        "**Complete.** Strategic framework approved by cabinet on 29 June."],
       [("2015-03", "low", "No agreed vision yet; the first monthly report carries a red line here."),
        ("2015-06", "high", "Cabinet date confirmed and partners support the draft.")],
       completed_on="2015-06-29")

action("A12", "T2", "Rationalise the council's strategies and plans into the strategic framework",
       "the rationalisation of strategies", "ad-policy", "deputy-leader", "panel-vice-chair",
       "2015-07-01", "2016-03-31", "in_progress", ["R3", "R11"], ["A11"],
       "No more than 20 strategies and plans in force, each tied to the framework.",
       "Too many strategies and plans: keep, merge or stop each one against the strategic framework.",
       ["Register of 84 strategies and plans compiled.",
        "Each strategy tested against the framework: keep, merge or stop.",
        ("2015-09", "First tranche of 22 strategies withdrawn by cabinet."),
        ("2016-02", "Second tranche merged into service plans; about 20 remain."),
        "Remaining strategies being rewritten to a common template."],
       [("2015-07", "medium", ""),
        ("2015-10", "high", "Directorates are engaging and the count is falling fast."),
        ("2016-01", "medium", "Rewriting the remaining strategies will run into May.")],
       fc=[("2016-01", "2016-05-31")], pct=85)

action("A13", "T2", "Long-term financial plan to 2018/19 with no extra government money",
       "the long-term financial plan", "dir-finance", "cab-finance", "panel-member-2",
       "2015-03-01", "2015-12-31", "complete", ["R5"], [],
       "Financial plan to 2018/19 approved by full council with the 2016/17 budget.",
       "A robust financial plan to 2018/19, assuming no extra government money, reported to the panel.",
       ["Financial planning assumptions to 2018/19 being rebuilt with no extra government money.",
        "Savings gap to 2018/19 re-estimated; options being costed.",
        ("2015-09", "Plan re-phased to align with the Spending Review in November."),
        ("2015-12", "Draft plan tested with the panel's finance lead."),
        ("2016-02", "Long-term financial plan to 2018/19 considered by cabinet on 16 February."),
        "**Complete.** Budget and long-term financial plan approved by full council on 1 March."],
       [("2015-03", "medium", ""),
        ("2015-05", "low", "No long-term plan yet and the budget process is not fit for purpose; "
                           "the May report rates this red."),
        ("2015-11", "medium", "The Spending Review gives a firmer basis for the plan."),
        ("2016-02", "high", "Plan considered by cabinet; full council on 1 March.")],
       baseline_finish="2015-09-30", completed_on="2016-03-01",
       fc=[("2015-03", "2015-09-30"), ("2015-05", "2015-12-31"), ("2015-11", "2016-03-01")])

action("A14", "T2", "Reform the budget process: multi-year, outcome-based, starting earlier",
       "the new budget process", "dir-finance", "cab-finance", "panel-member-2",
       "2015-04-01", "2015-10-31", "complete", ["R5"], [],
       "2016/17 budget built on the new timetable and process.",
       "Savings without a long-term plan: move to a multi-year budget process that starts in June.",
       ["Review of the 2015/16 budget process and lessons learned.",
        "New multi-year, outcome-based budget timetable drafted, starting in June not October.",
        "Directorate savings proposals for 2016/17 onwards submitted on the new timetable.",
        "**Complete.** New budget process in use; first proposals published for consultation."],
       [("2015-04", "medium", ""),
        ("2015-05", "low", "The budget process still starts too late to test savings properly."),
        ("2015-08", "medium", "The new timetable is running and proposals are coming in."),
        ("2015-10", "high", "Proposals ready for consultation.")],
       completed_on="2015-11-10", fc=[("2015-10", "2015-11-30")])

action("A15", "T2", "Budget consultation on 2016/17 and beyond, with results published",
       "the budget consultation", "dir-finance", "cab-finance", None,
       "2015-11-11", "2016-01-31", "complete", ["R5", "R9"], ["A14"],
       "Consultation results published and reported to cabinet.",
       "Consult residents, partners and staff on the budget proposals and publish what they said.",
       ["Budget consultation launched with residents, partners and staff.",
        "Consultation events held in every district.",
        "**Complete.** Consultation results published on 29 January and reported to cabinet."],
       [("2015-11", "high", "")], completed_on="2016-01-29")

action("A16", "T2", "Monthly savings tracking and financial reporting to the panel",
       "savings tracking", "dir-finance", "cab-finance", "panel-member-2",
       "2015-04-01", "2016-03-31", "in_progress", ["R1", "R5"], [],
       "Savings tracker reported monthly to the panel for a full financial year.",
       "Track delivery of every savings proposal monthly and report it to the panel.",
       ["Monthly savings tracker set up and shared with the panel.",
        "Savings at risk flagged monthly; mitigations agreed by the corporate leadership team.",
        ("2015-10", "Month 6 forecast shows a shortfall on 2015/16 savings; recovery plan agreed."),
        ("2016-02", "Tracker now covers 2016/17 savings as well.")],
       [("2015-04", "medium", ""),
        ("2015-07", "low", "The panel is concerned about finance: some 2015/16 savings are undelivered."),
        ("2015-12", "medium", "The recovery plan is closing the gap.")], pct=92)

action("A17", "T2", "Performance management framework matched to the scale of the task",
       "the performance management framework", "head-performance", "cab-improvement", "panel-member-2",
       "2015-04-01", "2015-09-30", "complete", ["R11"], [],
       "Framework approved by cabinet and in use in every directorate.",
       "Fewer, better measures with owners, targets and tolerances, reported monthly.",
       ["Current arrangements reviewed; gaps mapped against the review's findings.",
        "Draft framework: fewer, better measures, with clear owners and tolerances.",
        "Framework tested with two directorates.",
        "**Complete.** Performance management framework approved by cabinet on 12 October."],
       [("2015-04", "medium", ""),
        ("2015-07", "high", "Directorates have adopted the draft measures."),
        ("2015-09", "medium", "The cabinet slot has moved to October.")],
       completed_on="2015-10-12", fc=[("2015-09", "2015-10-31")])

action("A18", "T2", "Monthly progress reporting to the panel and the Secretary of State",
       "monthly progress reporting", "head-performance", "leader", "panel-chair",
       "2015-04-01", "2016-03-31", "in_progress", ["R1", "R11"], [],
       "Twelve consecutive monthly reports signed off and published.",
       "A monthly report to the panel rating every action for confidence, published once signed off.",
       ["Monthly progress report to the panel set up: every action rated for confidence.",
        "Report now includes measures with baselines and targets.",
        ("2015-07", "The panel's letters and the council's responses published alongside the monthly reports."),
        "Monthly reporting streamlined: one report for the panel, cabinet and the public."],
       [("2015-04", "high", ""),
        ("2016-03", "medium", "The panel will stand back for about six months; reporting "
                              "arrangements for that period are still to be agreed.")], pct=95)

action("A19", "T2", "Set up a programme management office for the Future Council programme",
       "the programme office", "dsd", None, None,
       "2015-02-02", "2015-05-29", "complete", ["R11"], [],
       "Programme office staffed and running the monthly cycle.",
       "One place for the plan, its risks and dependencies, and the monthly reporting cycle.",
       ["Programme office staffed; plan, risks and dependencies held in one place.",
        "Programme board meeting fortnightly.",
        "**Complete.** Programme office fully staffed and running the monthly cycle."],
       [("2015-03", "medium", ""),
        ("2015-04", "high", "Programme office posts filled.")], completed_on="2015-05-18")

action("A20", "T2", "Future Council change programme approved by cabinet",
       "the Future Council programme", "dsd", "leader", None,
       "2015-03-24", "2015-04-20", "complete", ["R3", "R11"], ["A1"],
       "Cabinet decision.",
       "Cabinet approves the Future Council change programme as the single vehicle for change.",
       ["Cabinet report on the Future Council change programme drafted.",
        "**Complete.** Cabinet approved the Future Council programme on 20 April as the single "
        "vehicle for change."],
       [("2015-03", "high", "")], completed_on="2015-04-20")

action("A21", "T2", "Design the operating model for a smaller, leaner council",
       "the operating model", "dsd", "cab-improvement", "panel-vice-chair",
       "2015-04-21", "2016-03-31", "in_progress", ["R3", "R5"], ["A20"],
       "Operating model approved by cabinet with an implementation plan.",
       "Council operating model strand of the Future Council programme.",
       ["Design principles agreed: smaller, leaner, outward-looking.",
        "Options for the operating model developed with directorates.",
        "Preferred model shared with the panel and the trade unions.",
        "Detailed design of the model under way.",
        "Implementation plan being re-phased to match the 2016/17 budget."],
       [("2015-04", "medium", ""),
        ("2016-01", "low", "Detailed design is behind plan; the panel questions the pace of change.")],
       baseline_finish="2016-01-31",
       fc=[("2015-04", "2016-01-31"), ("2015-10", "2016-03-31"), ("2016-02", "2016-06-30")], pct=55)

action("A22", "T2", "Redesign support services as one integrated service",
       "the support services redesign", "dsd", "cab-improvement", None,
       "2015-06-01", "2016-06-30", "in_progress", ["R5"], ["A20"],
       "Integrated support service live with savings banked.",
       "Integrated support services strand of the Future Council programme: HR, finance, ICT and "
       "business support.",
       ["Baseline of support services (HR, finance, ICT, business support) completed.",
        "Options appraisal for integrated support services.",
        "Design of an integrated support service agreed in principle.",
        "Consultation with staff and trade unions began."],
       [("2015-06", "medium", ""),
        ("2015-12", "low", "Savings assumed in the 2016/17 budget depend on this; the timetable is tight."),
        ("2016-02", "medium", "Extra programme capacity is in place.")], pct=40)

action("A23", "T2", "Separate risk register and assurance reports for the improvement actions",
       "the separate risk register", "head-performance", None, None,
       "2015-03-01", "2015-12-31", "retired", ["R11"], [],
       "Risk register reviewed monthly by the programme board.",
       "Retired in September 2015: it duplicated the corporate risk register and the monthly report.",
       ["Risk register for the improvement actions set up alongside the corporate register.",
        "Risks reviewed monthly by the programme board.",
        "**Retired.** It duplicated the corporate risk register; risks are now carried in the "
        "monthly progress report (A18)."],
       [("2015-03", "medium", "")], retired="2015-09", pct=50)

# T3 -- HR and workforce planning -----------------------------------------------------------

action("A24", "T3", "Workforce strategy", "the workforce strategy", "head-hr", "cab-improvement",
       "panel-member-1", "2015-03-01", "2015-09-30", "complete", ["R6"], [],
       "Workforce strategy approved by cabinet.",
       "The skills, size and shape of workforce a smaller council needs, and how to get there.",
       ["Workforce strategy scoped: the skills a smaller council needs.",
        "Engagement with staff and trade unions on the draft.",
        "Draft strategy shared with the panel's workforce lead.",
        "**Complete.** Workforce strategy approved by cabinet on 28 September."],
       [("2015-03", "medium", ""),
        ("2015-06", "high", "The draft strategy is well supported.")], completed_on="2015-09-28")

action("A25", "T3", "Establishment baseline and workforce planning data",
       "the establishment baseline", "head-hr", None, None,
       "2015-03-01", "2015-06-30", "complete", ["R6"], [],
       "Establishment baseline signed off by every director.",
       "One reliable record of posts, people, vacancies, agency use and absence.",
       ["Establishment data cleansed across directorates.",
        "Workforce dashboard built: headcount, vacancies, agency use, sickness.",
        "**Complete.** Establishment baseline signed off by directors."],
       [("2015-03", "medium", ""),
        ("2015-06", "low", "Data from two directorates is late; sign-off moves to July."),
        ("2015-07", "high", "Baseline signed off.")],
       completed_on="2015-07-10", fc=[("2015-06", "2015-07-31")])

action("A26", "T3", "Appraisal for every member of staff", "the appraisal programme", "head-hr",
       "cab-improvement", "panel-member-1", "2015-07-01", "2016-03-31", "in_progress",
       ["R3", "R6"], ["A25"],
       "95% of staff with a completed appraisal, quality-sampled.",
       "Workforce strand: a meaningful appraisal for everyone, linked to the behaviours framework.",
       ["New appraisal form and guidance issued, linked to the behaviours framework.",
        "Managers trained: **1,200** completed the appraisal module.",
        "Completion rate reported monthly by directorate.",
        ("2015-12", "Appraisals at 80% completion; directorates below target have recovery plans."),
        ("2016-02", "Completion above 90%; quality sampling of appraisal records.")],
       [("2015-07", "medium", ""),
        ("2015-09", "low", "Completion rates are low in two directorates."),
        ("2015-12", "high", "Completion is above 80% and rising.")], pct=90)

action("A27", "T3", "360-degree review for senior managers", "the 360-degree review", "head-hr",
       None, "panel-member-1", "2015-10-01", "2016-02-29", "in_progress", ["R3", "R6"], ["A24"],
       "Every senior manager has had a 360-degree review and a development plan.",
       "Workforce strand: 360-degree feedback for the corporate leadership team, then all senior managers.",
       ["360-degree tool procured.",
        "Pilot with the corporate leadership team designed.",
        "Pilot started; feedback reports due in the spring.",
        "Roll-out to senior managers re-phased."],
       [("2015-10", "medium", ""),
        ("2016-01", "low", "A procurement delay pushes the pilot into the spring.")],
       fc=[("2016-01", "2016-05-31")], pct=50)

action("A28", "T3", "Staff survey 2015 and action plan", "the staff survey", "head-hr",
       "cab-improvement", None, "2015-06-01", "2015-12-31", "complete", ["R3", "R6"], [],
       "Results published with an action plan for each directorate.",
       "Workforce strand: a council-wide staff survey including questions on culture.",
       ["Staff survey questions agreed with the trade unions, including culture questions.",
        ("2015-09", "Survey open: response rate 41% at close."),
        "Results analysed by directorate.",
        "**Complete.** Results published on 18 December with an action plan for each directorate."],
       [("2015-06", "high", ""),
        ("2015-10", "medium", "The response rate is below the 50% target."),
        ("2015-12", "high", "Results published on time.")], completed_on="2015-12-18")

action("A29", "T3", "Recruit and keep children's social workers", "social worker recruitment",
       "dcs", "cab-children", "childrens-commissioner", "2015-03-01", "2016-03-31", "in_progress",
       ["R6"], [],
       "Vacancy rate at or below 15% for three consecutive months.",
       "Recruitment and retention of children's social workers, with the children's commissioner.",
       ["Children's social worker vacancy rate at 27%; recruitment and retention plan drafted with "
        "the commissioner.",
        ("2015-05", "Recruitment campaign launched on 15 May with a new offer:\n\n- caseload limits\n"
        "- a career pathway\n- retention payments"),
        ("2015-09", "First cohort of newly qualified social workers started."),
        "Vacancy rate falling; retention payments agreed.",
        ("2016-02", "Vacancy rate close to target; agency conversions continuing.")],
       [("2015-03", "low", "The vacancy rate is high and agency reliance is growing."),
        ("2015-09", "medium", "The recruitment campaign is attracting applicants.")],
       fc=[("2016-01", "2016-06-30")], pct=75)

action("A30", "T3", "Reduce reliance on agency social workers", "agency reduction", "dcs",
       "cab-children", "childrens-commissioner", "2015-06-01", "2016-06-30", "in_progress", ["R6"], [],
       "Agency social worker spend at or below £900k a month.",
       "Convert agency social workers to permanent posts and cap agency rates regionally.",
       ["Agency social worker spend baselined at £1.45m a month.",
        ("2015-08", "Regional agreement on agency pay rates being negotiated."),
        ("2015-09", "**Blocked:** conversions paused until the regional agreement on agency pay rates is signed."),
        ("2015-11", "Regional memorandum on agency rates signed; conversion offers made to agency staff."),
        "Agency spend falling month on month."],
       [("2015-06", "medium", ""),
        ("2015-09", "low", "Blocked until the regional agreement on agency pay rates is signed."),
        ("2015-11", "medium", "Regional agreement signed; work has resumed.")],
       blocked=["2015-09", "2015-10"], pct=55)

action("A31", "T3", "Leadership and management development programme",
       "the leadership development programme", "head-hr", "cab-improvement", "panel-member-1",
       "2015-10-01", "2016-06-30", "in_progress", ["R3", "R6"], ["A24"],
       "Three cohorts completed; evaluation published.",
       "Develop the leaders a smaller, outward-looking council needs.",
       ["Leadership development programme designed around the behaviours framework.",
        "First cohort of 60 senior managers started.",
        "Second cohort recruited; coaching offer added."],
       [("2015-10", "medium", ""),
        ("2016-01", "high", "Strong feedback from the first cohort.")], pct=40)

action("A32", "T3", "Modernise terms and conditions and HR policies", "the terms and conditions review",
       "head-hr", "cab-improvement", None, "2015-06-01", "2016-01-31", "blocked", ["R6"], [],
       "New terms and conditions agreed with the trade unions.",
       "Simpler HR policies and modern terms and conditions for a smaller workforce.",
       ["Review of HR policies and terms and conditions scoped.",
        "Proposals shared with the trade unions.",
        ("2015-11", "**Blocked:** negotiations with the trade unions paused; proposals to be reconsidered with "
        "the 2016/17 budget."),
        ("2016-02", "Still blocked: no agreement on a negotiating timetable.")],
       [("2015-06", "medium", ""),
        ("2015-11", "low", "Negotiations have stalled and the action is blocked.")],
       blocked_from="2015-11", fc=[("2015-11", "2016-06-30"), ("2016-02", "2016-09-30")], pct=40)

action("A33", "T3", "Workforce plan aligned to the 2016/17 budget", "the 2016/17 workforce plan",
       "head-hr", "cab-finance", "panel-member-2", "2016-01-04", "2016-03-31", "in_progress",
       ["R5", "R6"], ["A13"],
       "Workforce plan agreed and consultation with the trade unions concluded.",
       "Turn the budget's savings into a workforce plan with redeployment and support.",
       ["Workforce implications of the 2016/17 budget modelled.",
        "Consultation with the trade unions on proposed reductions began.",
        "Redeployment pool and support offer in place."],
       [("2016-01", "medium", ""),
        ("2016-03", "low", "Final budget figures came late; the plan will not be complete until April.")],
       fc=[("2016-03", "2016-04-30")], pct=70)

action("A34", "T3", "Improve attendance: sickness absence management", "attendance management",
       "head-hr", None, None, "2015-04-01", "2016-03-31", "in_progress", ["R6"], [],
       "Sickness absence at or below 8.5 days per FTE.",
       "A new attendance policy, trained managers and targeted support for hot-spot teams.",
       ["Sickness absence at 10.8 days per FTE; new attendance policy drafted.",
        "Managers trained on the attendance policy.",
        "Occupational health contract re-specified.",
        "Absence falling slowly; hot-spot teams getting targeted support."],
       [("2015-04", "medium", ""),
        ("2015-09", "low", "Absence is not yet falling."),
        ("2016-01", "medium", "First sustained fall in absence.")],
       fc=[("2015-12", "2016-06-30")], pct=70)

# T4 -- size and structure ---------------------------------------------------------------------

action("A35", "T4", "Move to all-out elections", "the move to all-out elections", "monitoring-officer",
       "leader", "panel-vice-chair", "2015-01-12", "2015-06-30", "complete", ["R4"], [],
       "Full council resolution to hold all-out elections.",
       "Move from elections by thirds to all-out elections every four years.",
       ["Consultation on moving from elections by thirds to all-out elections.",
        "Consultation responses reported to group leaders.",
        "**Complete.** Full council resolved on 9 June to move to all-out elections."],
       [("2015-03", "high", ""),
        ("2015-04", "medium", "Timing depends on the boundary review."),
        ("2015-06", "high", "Resolution passed.")], completed_on="2015-06-09")

action("A36", "T4", "Council size submission to the Local Government Boundary Commission",
       "the council size submission", "monitoring-officer", "leader", "panel-vice-chair",
       "2015-04-01", "2015-09-30", "complete", ["R4"], [],
       "Submission sent to the Boundary Commission.",
       "Evidence-based proposal on the number of councillors for the boundary review.",
       ["Boundary review timetable agreed with the Boundary Commission.",
        "Evidence on council size gathered: members' roles, workloads, governance.",
        "Council size proposal considered by group leaders.",
        "**Complete.** Council size submission sent to the Boundary Commission on 29 September."],
       [("2015-04", "medium", ""),
        ("2015-07", "high", "Cross-party support for the submission.")], completed_on="2015-09-29")

action("A37", "T4", "Warding pattern submission to the Boundary Commission", "the warding pattern",
       "monitoring-officer", "leader", "panel-vice-chair", "2015-10-01", "2016-04-30", "in_progress",
       ["R4", "R7"], ["A36"],
       "Warding pattern submission sent to the Boundary Commission.",
       "Propose new ward boundaries for a smaller council.",
       ["Boundary Commission's decision on council size received.",
        "Draft warding pattern prepared with the district teams.",
        "Member and public consultation on the warding pattern.",
        "Warding pattern submission being finalised."],
       [("2015-10", "medium", ""),
        ("2016-02", "high", "On track for the April submission.")], pct=65)

action("A38", "T4", "Review decision-making and committee structures for a smaller council",
       "the committee structure review", "monitoring-officer", "deputy-leader", "panel-member-2",
       "2016-03-01", "2016-06-30", "not_started", ["R3", "R4"], ["A36"],
       "New committee structure approved for the first all-out election.",
       "Fit decision-making and committee structures to a smaller council elected all-out.",
       ["Not started: the start has moved to April while the warding submission is completed."],
       [("2016-03", "medium", "")], fc=[("2016-03", "2016-07-31")])

action("A39", "T4", "Review devolution to districts and wards", "the devolution review",
       "district-lead", "cab-local", "panel-member-2", "2015-03-01", "2015-09-30", "complete",
       ["R7"], [],
       "New devolution model approved by cabinet.",
       "Confused devolution: settle what districts and wards decide and with what support.",
       ["Review of district and ward arrangements started: devolution is confused and inconsistent.",
        "Options tested with district committees and ward members.",
        "Preferred model agreed by cabinet members; legal advice taken on delegations.",
        "**Complete.** New devolution model approved by cabinet on 27 October."],
       [("2015-03", "medium", ""),
        ("2015-08", "low", "Members hold different views on the role of districts; the decision slips to October."),
        ("2015-10", "high", "Cabinet decision secured.")],
       completed_on="2015-10-27", fc=[("2015-08", "2015-10-31")])

action("A40", "T4", "Implement new district and ward arrangements", "the district arrangements rollout",
       "district-lead", "cab-local", "panel-member-2", "2015-10-28", "2016-05-31", "in_progress",
       ["R7"], ["A39"],
       "New arrangements in place for the 2016/17 municipal year.",
       "Local leadership strand: put the new devolution model into practice.",
       ["Implementation plan for the new district and ward arrangements agreed.",
        "New terms of reference for district committees drafted.",
        "Ward member roles and support defined.",
        ("2016-02", "Implementation re-phased around the May 2016 elections.")],
       [("2015-10", "high", ""),
        ("2016-01", "medium", "Staffing of the district teams is not yet settled."),
        ("2016-02", "low", "Implementation cannot complete before the May elections.")],
       fc=[("2016-02", "2016-07-31")], pct=45)

action("A41", "T4", "Ward plans and ward forums for 2016/17", "ward plans", "district-lead",
       "cab-local", None, "2016-04-01", "2016-06-30", "not_started", ["R7"], ["A39"],
       "A ward plan agreed for every ward.",
       "Every ward agrees a plan for 2016/17 with residents at a ward forum.",
       ["Not started."], [("2016-04", "medium", "")])

action("A42", "T4", "Take part in the review of combined authority governance",
       "the combined authority governance review", "ceo", "leader", None,
       "2015-03-01", "2015-08-31", "complete", ["R10"], [],
       "Governance review concluded with a scheme for the councils to decide.",
       "Take part with neighbouring councils in reviewing combined-authority governance for the region.",
       ["Birmingham taking part in the governance review with neighbouring councils.",
        "Options for combined authority governance appraised.",
        "Draft findings shared with the constituent councils.",
        "**Complete.** Governance review concluded; the scheme goes to each council for decision."],
       [("2015-03", "medium", ""),
        ("2015-06", "high", "All the constituent councils agree the review's findings.")],
       completed_on="2015-08-28")

action("A43", "T4", "Prepare for the West Midlands combined authority",
       "preparation for the combined authority", "ceo", "leader", None,
       "2015-09-01", "2016-06-30", "in_progress", ["R10"], ["A42"],
       "Combined authority established with Birmingham's role agreed.",
       "Decide to join, negotiate the devolution agreement and agree Birmingham's role.",
       ["Full council agreed to join the West Midlands combined authority.",
        ("2015-11", "Devolution agreement for the region negotiated with government."),
        "Birmingham's role in the combined authority's constitution and scrutiny agreed.",
        "Establishment order awaited."],
       [("2015-09", "high", ""),
        ("2016-02", "medium", "The timing of the establishment order is outside the council's control.")],
       pct=60)

# T5 -- communities and partnerships -----------------------------------------------------------

action("A44", "T5", "Partner engagement on a city leadership group and a vision for the city",
       "partner engagement", "ceo", "leader", "panel-chair", "2015-01-12", "2015-03-31", "complete",
       ["R8", "R9"], [],
       "Partner event held and follow-up sessions completed.",
       "A partner event and sessions with group leaders, scrutiny chairs, MPs and partners.",
       ["**Complete.** Partner event held on 4 February; follow-up sessions with group leaders, "
        "scrutiny chairs, MPs and partners completed."],
       [("2015-03", "medium", "")], completed_on="2015-03-27")

action("A45", "T5", "Help set up an independent city leadership group", "the city leadership group",
       "ad-partnerships", "leader", "panel-chair", "2015-04-01", "2015-12-31", "complete", ["R8"],
       ["A44"],
       "City leadership group formed with an independent chair and has met.",
       "An independent group of the city's leaders to agree a long-term plan for the city.",
       ["Partners asked to nominate members of an independent city leadership group.",
        "Terms of reference drafted; an independent chair sought.",
        "City leadership group not yet formed; partners want it to be independent of the council.",
        ("2015-12", "Independent chair agreed; first meeting set for January."),
        "**Complete.** The city leadership group held its first meeting on 20 January."],
       [("2015-04", "low", "The city partnership group is not yet formed."),
        ("2015-10", "medium", "Partners have agreed the terms of reference."),
        ("2015-12", "high", "First meeting set.")],
       baseline_finish="2015-07-31", completed_on="2016-01-20",
       fc=[("2015-04", "2015-07-31"), ("2015-06", "2015-10-31"), ("2015-08", "2015-12-31"),
           ("2015-12", "2016-01-20")])

action("A46", "T5", "Long-term city plan agreed by the city leadership group", "the city plan",
       "ad-partnerships", "leader", "panel-chair", "2016-01-21", "2016-06-30", "in_progress", ["R8"],
       ["A11", "A45"],
       "City plan agreed and published by the city leadership group.",
       "The city leadership group agrees a long-term plan for the city and holds its delivery to account.",
       ["The city leadership group agreed to develop a long-term city plan.",
        "Evidence base for the city plan commissioned.",
        "Themes for the city plan tested with partners."],
       [("2016-01", "medium", ""),
        ("2016-03", "low", "The panel doubts the plan can be agreed by June.")], pct=30)

action("A47", "T5", "Shared partnership values and a partnership charter", "the partnership charter",
       "ad-partnerships", "deputy-leader", "panel-vice-chair", "2015-06-01", "2015-11-30", "complete",
       ["R9"], ["A44"],
       "Charter adopted by cabinet and endorsed by partners.",
       "Weak partnership working: agree shared values and how the council works with partners.",
       ["Draft shared values for partnership working developed with partners.",
        ("2015-07", "Partners challenge the draft as council-centred; rewrite under way."),
        "Revised partnership charter circulated to partners.",
        ("2015-12", "Charter endorsed by most partners; final sign-off awaited."),
        "**Complete.** Partnership charter adopted by cabinet and partners on 15 February."],
       [("2015-06", "medium", ""),
        ("2015-07", "low", "The panel is concerned about partnership working; partners see the council "
                           "as inward-looking."),
        ("2015-12", "medium", "Partners are signing up to the charter.")],
       completed_on="2016-02-15", fc=[("2015-07", "2015-12-31"), ("2015-11", "2016-02-29")])

action("A48", "T5", "Review each strategic partnership: a clear purpose, or stop",
       "the partnership review", "ad-partnerships", "deputy-leader", "panel-vice-chair",
       "2015-07-01", "2016-03-31", "in_progress", ["R9"], [],
       "Every partnership has a stated purpose or has been stood down.",
       "A clear purpose for each partnership the council takes part in.",
       ["Register of 140 partnerships compiled.",
        "Each partnership asked to state its purpose:\n\n- keep\n- merge\n- stop",
        "First tranche of partnerships stood down or merged.",
        "Remaining partnerships reviewed with partners."],
       [("2015-07", "low", "The panel is concerned about partnership working."),
        ("2015-11", "medium", "Partners are engaging in the review.")],
       fc=[("2016-02", "2016-06-30")], pct=70)

action("A49", "T5", "Seek and publish partner feedback", "partner feedback", "ad-partnerships",
       "deputy-leader", None, "2015-12-01", "2016-03-31", "in_progress", ["R9"], ["A47"],
       "Partner feedback survey results published with the council's response.",
       "Ask partners every year how the council works with them, and publish the answers.",
       ["Partner feedback survey designed with the city leadership group.",
        ("2016-02", "Survey run in February; response rate 62%."),
        "Results being prepared for publication."],
       [("2015-12", "medium", ""),
        ("2016-02", "high", "Good response from partners.")],
       fc=[("2016-03", "2016-04-30")], pct=60)

action("A50", "T5", "Resident engagement: more say over local decisions", "resident engagement",
       "district-lead", "cab-local", None, "2015-06-01", "2016-03-31", "in_progress", ["R7", "R9"], [],
       "Residents' survey shows at least 35% feel they can influence local decisions.",
       "Outward-looking partnerships and local leadership: residents shape local priorities.",
       ["Approach to resident engagement and co-production drafted.",
        "Ward meetings redesigned around residents' priorities.",
        ("2015-12", "Residents' survey shows more people feel they can influence decisions."),
        "Engagement toolkit issued to ward members."],
       [("2015-06", "medium", ""),
        ("2015-10", "high", "Ward meetings are better attended.")], pct=80)

action("A51", "T5", "Pilot a citizens' panel", "the citizens' panel pilot", "ad-partnerships",
       None, None, "2015-05-01", "2015-12-31", "retired", ["R9"], [],
       "Pilot evaluated.",
       "Retired in November 2015: folded into the wider resident engagement approach (A50).",
       ["Citizens' panel pilot designed.",
        "Recruitment of panel members started.",
        "**Retired.** Folded into the wider resident engagement approach (A50) to avoid duplication."],
       [("2015-05", "medium", ""),
        ("2015-09", "low", "Recruitment is slow and overlaps the new ward meetings.")],
       retired="2015-11", pct=30)

# ---------------------------------------------------------------------------------------------
# milestones: ref, action, title, due, baseline_due, achieved_on, public

MILESTONES = [
    ("M1", "A1", "Panel reviews the draft improvement plan", "2015-03-18", None, "2015-03-18", True),
    ("M2", "A1", "Panel signs the plan off as a reasonable basis to proceed", "2015-03-23", None, "2015-03-23", True),
    ("M3", "A20", "Cabinet approves the Future Council change programme", "2015-04-20", None, "2015-04-20", True),
    ("M4", "A9", "Six-month progress report published", "2015-06-04", None, "2015-06-04", True),
    ("M5", "A9", "First public meeting of the panel (Council Chamber, 12:00–14:30)", "2015-06-11", None, "2015-06-11", True),
    ("M6", "A11", "Strategic framework to cabinet", "2015-06-29", None, "2015-06-29", True),
    ("M7", "A18", "Panel letter to the Secretary of State", "2015-07-20", None, "2015-07-20", True),
    ("M8", "A9", "Council's second progress report published", "2015-09-04", None, "2015-09-04", True),
    ("M9", "A9", "Second public meeting of the panel", "2015-09-11", None, "2015-09-11", True),
    ("M10", "A18", "Third panel letter to the Secretary of State", "2015-11-05", None, "2015-11-05", True),
    ("M11", "A10", "\"One year on\" report published", "2015-12-07", None, "2015-12-07", True),
    ("M12", "A10", "Third public meeting of the panel", "2015-12-14", None, "2015-12-14", True),
    ("M13", "A18", "Panel's December report to the Secretary of State", "2015-12-31", None, "2016-01-11", True),
    ("M14", "A18", "Fourth public meeting of the panel", "2016-03-10", None, "2016-03-10", True),
    ("M15", "A18", "Panel letter to the Secretary of State on the pace of change", "2016-03-21", None, "2016-03-21", True),
    ("M16", "A44", "Partner event on the city leadership group and a vision for the city", "2015-02-04", None, "2015-02-04", True),
    ("M17", "A45", "City leadership group's first meeting", "2015-12-15", "2015-07-31", "2016-01-20", True),
    ("M18", "A13", "Long-term financial plan to 2018/19 to cabinet", "2016-02-16", "2015-09-30", "2016-02-16", True),
    ("M19", "A13", "Budget and financial plan approved by full council", "2016-03-01", None, "2016-03-01", True),
    ("M20", "A24", "Workforce strategy approved by cabinet", "2015-09-28", None, "2015-09-28", True),
    ("M21", "A35", "Full council resolves to move to all-out elections", "2015-06-09", None, "2015-06-09", True),
    ("M22", "A36", "Council size submission to the Boundary Commission", "2015-09-30", None, "2015-09-29", True),
    ("M23", "A37", "Warding pattern submission to the Boundary Commission", "2016-04-30", None, None, True),
    ("M24", "A17", "Performance management framework approved by cabinet", "2015-09-30", None, "2015-10-12", True),
    ("M25", "A29", "Social worker recruitment campaign launched", "2015-05-15", None, "2015-05-15", True),
    ("M26", "A7", "Senior structure consultation with affected staff closes", "2015-08-31", None, "2015-09-14", False),
    ("M27", "A27", "360-degree review pilot for the corporate leadership team", "2016-01-31", None, None, False),
    ("M28", "A46", "Long-term city plan agreed by the city leadership group", "2016-06-30", None, None, True),
    ("M29", "A40", "New district arrangements in place", "2016-05-31", None, None, True),
    ("M30", "A28", "Staff survey results published", "2015-12-18", None, "2015-12-18", True),
    ("M31", "A15", "Budget consultation results published", "2016-01-29", None, "2016-01-29", True),
    ("M32", "A47", "Partnership charter adopted", "2015-11-30", None, "2016-02-15", True),
]

# ---------------------------------------------------------------------------------------------
# measures: ref, title, unit, direction, baseline, baseline_date, target, target_date,
#           tolerance_pct, theme, actions, way-points {month: value}, decimals

MEASURES = [
    ("K1", "Staff with a completed appraisal", "%", "up", 38.0, "2015-03-31", 95.0, "2016-03-31", 10,
     "T3", ["A26"],
     {"2015-03": 38.0, "2015-06": 42.0, "2015-07": 45.0, "2015-09": 61.0, "2015-12": 80.0,
      "2016-02": 92.0, "2016-03": 96.0}, 1),
    ("K2", "Children's social worker vacancy rate", "%", "down", 27.0, "2015-03-31", 15.0, "2016-03-31", 10,
     "T3", ["A29"],
     {"2015-03": 27.0, "2015-05": 27.8, "2015-06": 26.0, "2015-09": 22.5, "2015-12": 19.0,
      "2016-02": 17.2, "2016-03": 16.0}, 1),
    ("K3", "Agency social worker spend per month", "£k", "down", 1450.0, "2015-03-31", 900.0, "2016-03-31", 10,
     "T3", ["A29", "A30"],
     {"2015-03": 1450.0, "2015-07": 1480.0, "2015-10": 1395.0, "2016-01": 1160.0, "2016-03": 1085.0}, 0),
    ("K4", "Residents who feel they can influence decisions in their area", "%", "up", 24.0, "2015-03-31",
     35.0, "2016-03-31", 20, "T4", ["A39", "A40", "A50"],
     {"2015-03": 24.0, "2015-06": 24.5, "2015-09": 27.0, "2015-12": 31.0, "2016-03": 33.5}, 1),
    ("K5", "Strategies and plans in force", "count", "down", 84.0, "2015-01-31", 20.0, "2016-03-31", 10,
     "T2", ["A11", "A12"],
     {"2015-01": 84.0, "2015-06": 80.0, "2015-07": 78.0, "2015-08": 76.0, "2015-09": 54.0, "2015-10": 41.0,
      "2016-01": 27.0, "2016-03": 18.0}, 0),
    ("K6", "2015/16 budget savings delivered or on track", "%", "up", 58.0, "2015-04-30", 95.0, "2016-03-31", 10,
     "T2", ["A13", "A14", "A16"],
     {"2015-04": 58.0, "2015-07": 64.0, "2015-09": 71.0, "2015-10": 79.0, "2016-01": 87.0,
      "2016-03": 91.5}, 1),
    ("K7", "Sickness absence days per FTE (rolling 12 months)", "days", "down", 10.8, "2015-03-31", 8.5,
     "2016-03-31", 10, "T3", ["A34"],
     {"2015-03": 10.8, "2015-08": 10.9, "2015-12": 10.2, "2016-03": 9.6}, 1),
    ("K8", "Partners rating partnership working with the council as good", "%", "up", 31.0, "2015-06-30",
     55.0, "2016-03-31", 10, "T5", ["A45", "A47", "A48", "A49"],
     {"2015-06": 31.0, "2015-09": 33.0, "2015-12": 45.0, "2016-03": 57.0}, 1),
]

# ---------------------------------------------------------------------------------------------
# narrative fillers for months without a new step, by confidence (or blocked)

FILLERS = {
    "high": ["Work on {t} is on track.",
             "{T} remains on track; evidence added to the record.",
             "Good progress on {t} this month."],
    "medium": ["Work on {t} continued; risks reviewed at the programme board.",
               "{T}: steady progress, with some risks being managed.",
               "Progress on {t} is broadly to plan; no new issues for the programme board."],
    "low": ["{T} remains at risk; recovery actions agreed at the programme board.",
            "Little progress on {t} this month; escalated to the corporate leadership team.",
            "{T} is still behind schedule; the programme board has asked for a recovery plan."],
    "blocked": ["{T} remains blocked; escalated to the corporate leadership team.",
                "Still blocked: {t} awaits a decision outside the programme."],
}


def cap(s):
    return s[0].upper() + s[1:]


# ---------------------------------------------------------------------------------------------
# build

def period_signoff(ym):
    """About ten days into the following month, moved off a weekend."""
    d = dt.date(*next_month(ym), 10)
    if d.weekday() == 5:
        d += dt.timedelta(days=2)
    elif d.weekday() == 6:
        d += dt.timedelta(days=1)
    return d


def active_months(a):
    """Reporting months in which an action gets an update."""
    start = month_key(D(a["start"]))
    if a["status"] == "complete":
        end = month_key(D(a["completed_on"]))
    elif a["status"] == "retired":
        end = parse_month(a["retired"])
    elif a["status"] == "not_started":
        end = LAST_PERIOD
    else:  # in_progress, blocked: still reporting at the end of March 2016, even when overdue
        end = LAST_PERIOD
    first = max(start, FIRST_PERIOD)
    return [m for m in months(first, min(end, LAST_PERIOD))]


def level_at(spec, m):
    lvl = spec[0][1]
    for cm, cl, _ in spec:
        if parse_month(cm) <= m:
            lvl = cl
    return lvl


def forecast_at(a, m):
    f = a["finish"]
    for cm, cd in a["fc"]:
        if parse_month(cm) <= m:
            f = cd
    return f


def schedule_steps(ref, ms, steps):
    """Map month index -> step text.  Pinned steps (month, text) go to their month; runs of
    unpinned steps are spread evenly over the months between the surrounding pins."""
    pos = []
    for m, _ in steps:
        if m is not None:
            check(parse_month(m) in ms, "%s: step pinned to %s, not a reporting month" % (ref, m))
            pos.append(ms.index(parse_month(m)))
        else:
            pos.append(None)
    out = {}
    if not ms:
        return out      # everything before the first reporting month: only the closing step shows
    j = 0
    while j < len(steps):
        if pos[j] is not None:
            check(pos[j] not in out, "%s: two steps in one month" % ref)
            out[pos[j]] = steps[j][1]
            j += 1
            continue
        k = j
        while k < len(steps) and pos[k] is None:
            k += 1
        left = pos[j - 1] if j > 0 else -1
        right = pos[k] if k < len(steps) else len(ms)
        run, slots = k - j, right - left - 1
        check(run <= slots, "%s: %d steps do not fit between pins" % (ref, run))
        for r in range(run):
            out[left + 1 + (r * slots) // run] = steps[j + r][1]
        j = k
    return out


def build_updates(a, index):
    ms = active_months(a)
    if not ms:
        return []
    last = LAST_PERIOD
    blocked_from = parse_month(a["blocked_from"]) if a["blocked_from"] else None
    blocked = set(parse_month(x) for x in a["blocked"])
    is_blocked = [(blocked_from is not None and m >= blocked_from) or m in blocked for m in ms]
    terminal = a["status"] in ("complete", "retired")
    n = len(ms)
    # progress ticks: months in which the action moved forward
    ticks = []
    t = 0
    for b in is_blocked:
        if not b:
            t += 1
        ticks.append(t)
    T = max(ticks[-1], 1)
    # step schedule: pinned steps at their month, the others spread evenly between the pins
    steps = [x if isinstance(x, tuple) else (None, x) for x in a["steps"]]
    body_steps = steps[:-1] if terminal else steps
    body_months = n - 1 if terminal else n
    step_for = schedule_steps(a["ref"], ms[:body_months], body_steps)
    if terminal:
        check(steps[-1][0] is None, a["ref"] + ": closing step must not be pinned")
        step_for[n - 1] = steps[-1][1]
    reasons = {parse_month(cm): r for cm, _, r in a["conf"]}
    fc_months = set(parse_month(cm) for cm, _ in a["fc"])

    out = []
    prev_level = None
    prev_fc = None
    for i, m in enumerate(ms):
        level = level_at(a["conf"], m)
        final_month = terminal and i == n - 1
        # status
        if a["status"] == "not_started":
            status = "not_started"
        elif final_month:
            status = a["status"]
        elif is_blocked[i]:
            status = "blocked"
        else:
            status = "in_progress"
        # percent
        if status == "not_started":
            pct = 0
        elif a["status"] == "complete":
            if final_month:
                pct = 100
            else:
                tt = max(n - 1, 1)
                pct = min(95, round5(10 + 80 * (ticks[i] - 1) / max(tt - 1, 1))) if ticks[i] else 5
        else:
            pf = a["pct"]
            p0 = min(10, pf)
            pct = round5(p0 + (pf - p0) * (max(ticks[i], 1) - 1) / max(T - 1, 1))
            if i == n - 1 and not is_blocked[i]:
                pct = pf
            if blocked_from is not None and i == n - 1:
                pct = pf
            pct = max(pct, 5)
        # forecast
        if final_month and a["status"] == "complete":
            fcast = a["completed_on"]
        else:
            fcast = forecast_at(a, m)
        # narrative
        parts = []
        if i in step_for:
            parts.append(step_for[i])
        else:
            key = "blocked" if is_blocked[i] else level
            fl = FILLERS[key]
            parts.append(fl[(index + i) % len(fl)].format(t=a["short"], T=cap(a["short"])))
        if prev_level is None and reasons.get(m):
            parts.append("Confidence **%s**: %s" % (level, reasons[m]))
        elif prev_level is not None and level != prev_level:
            r = reasons.get(m, "")
            check(r, "%s: confidence changes in %s without a reason" % (a["ref"], month_str(m)))
            verb = "raised" if LEVELS.index(level) < LEVELS.index(prev_level) else "lowered"
            parts.append("Confidence %s to **%s**: %s" % (verb, level, r))
        if prev_fc is not None and fcast != prev_fc and not final_month and m in fc_months:
            parts.append("Forecast finish now %s." % long_date(D(fcast)))
        narrative = " ".join(parts)
        if any("\n" in p for p in parts[:-1]):
            # a bullet list followed by more text: keep the list a block of its own
            narrative = "\n\n".join(parts)
        # state
        if m == last:
            state = "submitted"
            if a["ref"] == "A29":
                state = "returned"
                narrative = (DRAFT_MARKER + " Returned by the programme office: please attach the "
                             "vacancy figures quoted.\n\n" + narrative)
            else:
                if index % 3 == 1:
                    state = "draft"
                narrative = "%s (March 2016, not yet signed off.) %s" % (DRAFT_MARKER, narrative)
        else:
            state = "accepted"
        out.append({
            "action": a["ref"], "period": month_str(m), "state": state, "status": status,
            "percent": pct, "confidence": level, "narrative": narrative,
            "forecast_finish": fcast, "author": a["owner"],
        })
        prev_level = level
        prev_fc = fcast
    return out


def interpolate(points, ym):
    keys = sorted(parse_month(k) for k in points)
    vals = {parse_month(k): v for k, v in points.items()}
    if ym in vals:
        return vals[ym]
    idx = lambda x: x[0] * 12 + x[1]
    for a, b in zip(keys, keys[1:]):
        if a < ym < b:
            f = (idx(ym) - idx(a)) / (idx(b) - idx(a))
            return vals[a] + (vals[b] - vals[a]) * f
    fail("no way-point around %s" % month_str(ym))


def measure_status(direction, baseline, target, tol, value):
    if (value >= target) if direction == "up" else (value <= target):
        return "on"
    miss = abs(value - target)
    return "near" if miss <= tol / 100.0 * abs(target - baseline) else "off"


# ---------------------------------------------------------------------------------------------
# the panel (roles, not names) and its meetings: the quarterly public meetings on their real
# dates; the monthly meetings between them are illustrative (the seeds say the panel met
# monthly, closed or open): two closed, and open ones with an exempt item

PANEL = {
    "remit": "Appointed in January 2015 by the Secretary of State, with the council's agreement, "
             "to give robust challenge and support to the council's improvement. The panel signs "
             "off the improvement plan; challenges and advises; is a forum where the council is "
             "publicly held to account; and reports to the Secretary of State in December 2015 "
             "and whenever asked. It meets monthly, in closed or open session, and quarterly in "
             "public, and may invite members, officers and others.",
    "members": [
        {"ref": "chair", "person": "panel-chair", "role": "chair",
         "appointed_by": "Secretary of State", "appointed_on": "2015-01-22", "ended_on": None,
         "leads": [{"kind": "theme", "ref": "T1"}, {"kind": "recommendation", "ref": "R1"}]},
        {"ref": "commissioner", "person": "childrens-commissioner", "role": "ex_officio",
         "appointed_by": "Secretary of State", "appointed_on": "2015-01-22",
         "ended_on": None, "leads": []},
        {"ref": "member-1", "person": "panel-member-1", "role": "member",
         "appointed_by": "Secretary of State", "appointed_on": "2015-01-22", "ended_on": None,
         "leads": [{"kind": "theme", "ref": "T3"}]},
        {"ref": "member-2", "person": "panel-member-2", "role": "member",
         "appointed_by": "Secretary of State", "appointed_on": "2015-01-22", "ended_on": "2016-03-21",
         "leads": [{"kind": "theme", "ref": "T4"}]},
        {"ref": "vice-chair", "person": "panel-vice-chair", "role": "vice_chair",
         "appointed_by": "Secretary of State", "appointed_on": "2015-01-22", "ended_on": None,
         "leads": [{"kind": "theme", "ref": "T2"}, {"kind": "theme", "ref": "T5"}]},
    ],
}


def public_meeting(ref, starts, ends, number):
    """A quarterly public meeting: webcast, residents' questions sent in advance."""
    members = ["panel-chair", "panel-vice-chair", "panel-member-1", "panel-member-2",
               "childrens-commissioner"]
    attendance = [{"person": p, "kind": "member", "presence": "present"} for p in members]
    attendance += [{"person": p, "kind": "invited", "presence": "present"}
                   for p in ("leader", "ceo")]
    return {
        "ref": ref, "kind": "quarterly_public",
        "title": "Quarterly public meeting of the panel (%s)" % number,
        "starts_at": starts, "ends_at": ends, "place": "Council Chamber, Council House",
        "webcast_url": "https://www.birmingham.gov.uk/webcasts", "open": True,
        "status": "scheduled", "agenda": "published", "minutes": "published", "sequence": 0,
        "attendance": attendance,
        "items": [
            {"title": "Welcome, apologies and declarations of interest", "exempt_paragraph": None,
             "exempt_reason": "", "presenter": "Panel Chair", "minutes": "The Chair welcomed those "
             "present and watching the webcast.", "decision": "", "declarations": []},
            {"title": "The council's progress report", "exempt_paragraph": None,
             "exempt_reason": "", "presenter": "Chief Executive",
             "minutes": "The Chief Executive presented the council's latest report on the "
             "improvement plan (illustrative minutes).",
             "decision": "The panel noted the report.", "declarations": []},
            {"title": "Questions from residents, sent in advance", "exempt_paragraph": None,
             "exempt_reason": "", "presenter": "Panel Chair",
             "minutes": "The Leader and the Chief Executive answered the questions received.",
             "decision": "", "declarations": []},
        ],
        "actions": [], "corrections": [],
    }


def monthly_meeting(ref, day, title_month, open_, items, actions, apologies=()):
    """An illustrative monthly meeting of the panel in Committee Room 6, 09:00-11:00 local."""
    members = ["panel-chair", "panel-vice-chair", "panel-member-1", "panel-member-2"]
    summer = "04" <= day[5:7] <= "10"  # British Summer Time: 09:00 local is 08:00 UTC
    return {
        "ref": ref, "kind": "monthly",
        "title": "Monthly meeting of the panel, %s" % title_month,
        "starts_at": day + ("T08:00:00Z" if summer else "T09:00:00Z"),
        "ends_at": day + ("T10:00:00Z" if summer else "T11:00:00Z"),
        "place": "Committee Room 6, Council House", "webcast_url": None, "open": open_,
        "status": "scheduled", "agenda": "published", "minutes": "published", "sequence": 0,
        "attendance": [{"person": p, "kind": "member",
                        "presence": "apologies" if p in apologies else "present"}
                       for p in members] + [
            {"person": "ceo", "kind": "invited", "presence": "present"},
            {"person": "panel-adviser", "kind": "observer", "presence": "present"}],
        "items": items, "actions": actions, "corrections": [],
    }


def item(title, presenter, minutes, decision="", paragraph=None, reason="", declarations=()):
    return {"title": title, "exempt_paragraph": paragraph, "exempt_reason": reason,
            "presenter": presenter, "minutes": minutes, "decision": decision,
            "declarations": list(declarations)}


MEETINGS = [
    public_meeting("PM-2015-06", "2015-06-11T11:00:00Z", "2015-06-11T13:30:00Z", "first"),
    monthly_meeting("MM-2015-07", "2015-07-09", "July 2015", False, [
        item("Senior management capacity", "Chief Executive",
             "The panel pressed for the permanent appointments to the corporate leadership team "
             "to be made before the autumn (illustrative closed minutes).",
             "The Chief Executive to report the recruitment timetable in September.",
             1, "Information relating to particular individuals: candidates for senior posts."),
        item("The panel's letter to the Secretary of State", "Panel Chair",
             "The panel agreed the points of its letter of 20 July (illustrative).",
             "The Chair to send the letter."),
    ], [
        {"ref": "AR-2015-07-1", "item": 1, "text": "Report the timetable for the permanent "
         "corporate leadership appointments.", "owner": "ceo", "due": "2015-09-10",
         "action": None, "done_on": "2015-09-10"},
    ]),
    monthly_meeting("MM-2015-08", "2015-08-13", "August 2015", True, [
        item("The city partnership group", "Leader of the Council",
             "The Leader described the first meeting of the partnership's shadow board "
             "(illustrative).", "The panel asked for the group's terms of reference."),
        item("A complaint about a senior officer", "Chief Executive",
             "Illustrative closed minutes.", "Noted.",
             1, "Information relating to a particular individual."),
    ], [
        {"ref": "AR-2015-08-1", "item": 1, "text": "Send the panel the city partnership group's "
         "terms of reference.", "owner": "leader", "due": "2015-09-11", "action": "A45",
         "done_on": None},
    ], apologies=("panel-member-2",)),
    public_meeting("PM-2015-09", "2015-09-11T11:00:00Z", "2015-09-11T13:30:00Z", "second"),
    {
        "ref": "MM-2015-10", "kind": "monthly", "title": "Monthly meeting of the panel, October 2015",
        "starts_at": "2015-10-08T09:00:00Z", "ends_at": "2015-10-08T11:00:00Z",
        "place": "Committee Room 6, Council House", "webcast_url": None, "open": True,
        "status": "scheduled", "agenda": "published", "minutes": "published", "sequence": 0,
        "attendance": [{"person": p, "kind": "member", "presence": pr} for p, pr in (
            ("panel-chair", "present"), ("panel-vice-chair", "present"),
            ("panel-member-1", "apologies"), ("panel-member-2", "present"))] + [
            {"person": "dir-finance", "kind": "invited", "presence": "present"},
            {"person": "panel-adviser", "kind": "observer", "presence": "present"}],
        "items": [
            {"title": "The long-term financial plan", "exempt_paragraph": None, "exempt_reason": "",
             "presenter": "Director of Finance",
             "minutes": "The panel challenged the gap in the later years of the plan (illustrative).",
             "decision": "The Director of Finance to bring a balanced plan to the next meeting.",
             "declarations": []},
            {"title": "Negotiations on a support services contract", "exempt_paragraph": 3,
             "exempt_reason": "Information about the financial or business affairs of a "
                              "contractor, in a negotiation still under way.",
             "presenter": "Director of Finance",
             "minutes": "Illustrative closed minutes.", "decision": "Noted.",
             "declarations": [{"person": "panel-member-2", "kind": "non_pecuniary",
                               "nature": "Formerly a non-executive director of a bidder "
                                         "(illustrative)."}]},
        ],
        "actions": [
            {"ref": "AR-2015-10-1", "item": 1, "text": "Bring a balanced financial plan to 2018/19 "
             "to the November meeting.", "owner": "dir-finance", "due": "2015-11-12",
             "action": "A13", "done_on": None},
        ],
        "corrections": [],
    },
    monthly_meeting("MM-2015-11", "2015-11-12", "November 2015", True, [
        item("The balanced financial plan to 2018/19", "Director of Finance",
             "The Director of Finance presented a plan balanced to 2018/19; the panel asked how "
             "the later savings would be delivered (illustrative).",
             "The panel noted the plan and will test its delivery in the spring."),
        item("The sale of a council property", "Director of Finance",
             "Illustrative closed minutes.", "Noted.",
             3, "Information about the council's financial affairs in a sale still under way."),
    ], []),
    public_meeting("PM-2015-12", "2015-12-14T12:00:00Z", "2015-12-14T14:30:00Z", "third"),
    monthly_meeting("MM-2016-02", "2016-02-11", "February 2016", False, [
        item("The pace of the improvement", "Panel Chair",
             "The panel discussed the message of its March letter (illustrative closed minutes).",
             "The Chair to draft the letter.", 1,
             "Information relating to particular individuals."),
    ], []),
    public_meeting("PM-2016-03", "2016-03-10T12:00:00Z", "2016-03-10T14:30:00Z", "fourth"),
]


# ---------------------------------------------------------------------------------------------
# money: the panel's expenses, shared equally by the council and the department (demo-facts.md,
# "The panel"), and the interim Director of Service Delivery at £1,100 a day ("Costs in the
# seeds").  The agreement's date and every amount below are illustrative: the seeds give the
# rule and the day rate, not the claims.

AGREEMENTS = [
    {"ref": "CA1", "title": "Panel costs shared equally by the council and the department",
     "starts_on": "2015-01-01", "ends_on": None, "agreed_on": "2015-01-20",
     "shares": {"council": 5000, "department": 5000}},
]


def _expenses():
    out = []
    n = 0

    def add(kind, on, claimant, category, description, pence, paid_by, rate=None, days=None):
        nonlocal n
        n += 1
        out.append({"ref": "X%d" % n, "kind": kind, "incurred_on": on, "claimant": claimant,
                    "category": category, "description": description, "amount_pence": pence,
                    "day_rate_pence": rate, "days_x100": days, "paid_by": paid_by})

    # each month: the chair's and the vice chair's travel to Birmingham, paid by the department
    # (which pays the members), and refreshments for the monthly meeting, paid by the council
    for i, ym in enumerate(["2015-%02d" % m for m in range(1, 13)] + ["2016-01", "2016-02",
                                                                        "2016-03"]):
        add("panel", ym + "-08", "Panel Chair", "travel", "Rail fares to Birmingham",
            14150 + 35 * (i % 4), "department")
        add("panel", ym + "-08", "Panel Vice Chair", "travel", "Rail fares to Birmingham",
            9875 + 20 * (i % 3), "department")
        if i % 3 == 2:
            add("panel", ym + "-09", "Panel Chair", "accommodation",
                "One night in Birmingham before the meeting", 11900, "department")
        add("panel", ym + "-08", "Panel secretariat", "subsistence",
            "Refreshments for the monthly meeting", 4263 + 101 * (i % 5), "council")
    # the quarterly public meetings: webcasting from the Council Chamber, paid by the council
    for m in MEETINGS:
        if m["kind"] == "quarterly_public":
            add("panel", m["starts_at"][:10], "Panel secretariat", "venue",
                "Webcasting the public meeting", 65001, "council")
    # the interim Director of Service Delivery, £1,100 a day, paid by the council; days in
    # hundredths, dated the month's last day
    for ym, days in (("2015-09", 1500), ("2015-10", 2100), ("2015-11", 2000), ("2015-12", 1550),
                     ("2016-01", 2000), ("2016-02", 1950)):
        add("programme", month_end((int(ym[:4]), int(ym[5:]))).isoformat(),
            "Interim Director of Service Delivery",
            "interim", "Days worked this month", (110000 * days + 50) // 100, "council", 110000,
            days)
    out.sort(key=lambda e: (e["incurred_on"], natural_key(e["ref"])))
    for k, e in enumerate(out, 1):
        e["ref"] = "X%d" % k
    return out


EXPENSES = _expenses()


# engagement: "you said, we did" (demo-facts.md, "Timeline": the partner event of 4 February 2015
# on the city leadership group and a vision for the city).  The event and its date are as they
# were; who came, what was said and the responses are illustrative, by organisation and role.

def _fb(ref, theme, said, response=None, on=None, action=None):
    return {"ref": ref, "theme": theme, "said": said,
            "status": "responded" if response else "received", "response": response or "",
            "responded_on": on, "action": action}


ENGAGEMENT = [
    {"ref": "E1", "kind": "partners", "held_on": "2015-02-04",
     "title": "Partner event: a city leadership group and a vision for the city",
     "place": "Council House, Birmingham",
     "summary": "The council invited the city's partners to say how an independent city "
                "leadership group should work and what a long-term vision for the city should "
                "hold, as the review's recommendations 8 and 9 ask.\n\n"
                "The Leader and the Chief Executive opened the event; partners discussed the "
                "group's membership, its independence and the first priorities of a city plan.",
     "public": True,
     "participants": [
         {"name": "Public sector partners (health, police, fire)", "kind": "organisation",
          "count": 14},
         {"name": "Business organisations", "kind": "organisation", "count": 11},
         {"name": "Universities and colleges", "kind": "organisation", "count": 6},
         {"name": "Voluntary and community sector", "kind": "group", "count": 17},
         {"name": "Council cabinet members and senior officers", "kind": "group", "count": 9},
     ],
     "feedback": [
         _fb("F1", "T5", "The city leadership group must be **independent of the council**, with "
             "a chair from outside it, or partners will not see it as theirs.",
             "The council asked partners to nominate the group's members and to choose an "
             "independent chair; the council takes one seat among equals.", "2015-04-20", "A45"),
         _fb("F2", "T5", "Partners want one long-term plan for the city, not another council "
             "strategy, agreed by the group and reported on in public.",
             "The long-term city plan is to be agreed by the city leadership group, not by the "
             "council alone, and its progress published.", "2015-06-29", "A46"),
         _fb("F3", "T2", "The council's own vision should be short and say what it will stop "
             "doing, not list everything it does.",
             "The strategic framework taken to cabinet on 29 June 2015 sets out a short vision "
             "and fewer priorities, replacing a number of older strategies.", "2015-06-29",
             "A11"),
         _fb("F4", "T5", "Ask partners regularly how the council works with them, and publish "
             "what they say.",
             "An annual partner feedback survey, with the answers and the council's response "
             "published.", "2015-12-01", "A49"),
     ]},
    {"ref": "E2", "kind": "group_leaders", "held_on": "2015-02-10",
     "title": "Session with the group leaders on the draft improvement plan",
     "place": "Council House, Birmingham",
     "summary": "The Chief Executive took the leaders of the political groups through the draft "
                "plan before cabinet considered it on 16 February 2015.",
     "public": True,
     "participants": [
         {"name": "Leaders of the political groups", "kind": "group", "count": 4},
     ],
     "feedback": [
         _fb("F5", "T1", "Opposition groups want to see the plan's progress at the same time as "
             "cabinet, not after.",
             "Monthly progress is published once each month is signed off, and the panel's "
             "public meetings take questions from every group.", "2015-03-23", "A8"),
     ]},
    {"ref": "E3", "kind": "scrutiny_chairs", "held_on": "2015-02-12",
     "title": "Session with the scrutiny chairs",
     "place": "Council House, Birmingham",
     "summary": "The chairs of the overview and scrutiny committees discussed how scrutiny "
                "could hold the executive to account for the plan.",
     "public": True,
     "participants": [
         {"name": "Chairs of the overview and scrutiny committees", "kind": "group", "count": 6},
     ],
     "feedback": [
         _fb("F6", "T1", "Scrutiny needs a work programme tied to the improvement plan and the "
             "officer support to carry it out.",
             "The refresh of overview and scrutiny sets a work programme following the plan's "
             "themes, with a dedicated scrutiny officer for each committee.", "2015-05-18",
             "A6"),
         _fb("F7", "T4", "Members asked how the move to all-out elections will change ward "
             "work."),
     ]},
    {"ref": "E4", "kind": "staff", "held_on": "2015-09-15",
     "title": "Staff roadshows on the Future Council programme",
     "place": "Venues across the city",
     "summary": "Roadshows for staff on the Future Council change programme and the 2015 staff "
                "survey.",
     "public": True,
     "participants": [
         {"name": "Council staff", "kind": "group", "count": 420},
     ],
     "feedback": [
         _fb("F8", "T3", "Staff want appraisals that mean something, with time set aside for "
             "them.",
             "Appraisal for every member of staff, with a protected fortnight each year and "
             "completion reported to the panel.", "2015-10-12", "A26"),
     ]},
]


def build():
    people = [{"ref": r, "name": n, "role": ro, "kind": k} for r, n, ro, k in PEOPLE]
    review = dict(REVIEW)
    review["recommendations"] = [{"ref": r, "text": t} for r, t in
                                 sorted(RECOMMENDATIONS, key=lambda x: natural_key(x[0]))]
    themes = [{"ref": r, "title": t, "lead": l} for r, t, l in THEMES]
    actions = []
    for a in ACTIONS:
        actions.append({
            "ref": a["ref"], "theme": a["theme"], "title": a["title"], "description": a["description"],
            "owner": a["owner"], "member": a["member"], "panel_lead": a["panel_lead"],
            "start": a["start"], "finish": a["finish"], "baseline_finish": a["baseline_finish"],
            "status": a["status"], "completed_on": a["completed_on"],
            "answers": sorted(a["answers"], key=natural_key),
            "depends_on": sorted(a["depends_on"], key=natural_key),
            "closure_criteria": a["closure"],
        })
    milestones = [{"ref": r, "action": ac, "title": t, "due": due, "baseline_due": bd or due,
                   "achieved_on": ach, "public": pub}
                  for r, ac, t, due, bd, ach, pub in MILESTONES]
    periods = []
    for ym in PERIODS:
        if ym == LAST_PERIOD:
            periods.append({"month": month_str(ym), "status": "open", "signed_off_on": None,
                            "signed_off_by": None})
        else:
            periods.append({"month": month_str(ym), "status": "signed_off",
                            "signed_off_on": period_signoff(ym).isoformat(), "signed_off_by": "ceo"})
    updates = []
    for i, a in enumerate(sorted(ACTIONS, key=lambda x: natural_key(x["ref"]))):
        updates.extend(build_updates(a, i))
    measures = []
    values = []
    for (r, t, unit, direction, base, bdate, target, tdate, tol, theme, acts, pts, dec) in MEASURES:
        measures.append({"ref": r, "title": t, "unit": unit, "direction": direction,
                         "baseline": float(base), "baseline_date": bdate, "target": float(target),
                         "target_date": tdate, "tolerance_pct": tol, "theme": theme,
                         "actions": sorted(acts, key=natural_key)})
        for ym in months(month_key(D(bdate)), LAST_PERIOD):
            v = round(float(interpolate(pts, ym)), dec)
            values.append({"measure": r, "date": month_end(ym).isoformat(), "value": float(v)})

    nk = lambda o: natural_key(o["ref"])
    doc = {
        "format": "dialturn-plan/1",
        "organisation": dict(ORGANISATION),
        "people": sorted(people, key=nk),
        "reviews": [review],
        "versions": sorted(VERSIONS, key=lambda v: v["number"]),
        "themes": sorted(themes, key=nk),
        "actions": sorted(actions, key=nk),
        "milestones": sorted(milestones, key=nk),
        "periods": sorted(periods, key=lambda p: p["month"]),
        "updates": sorted(updates, key=lambda u: (natural_key(u["action"]), u["period"])),
        "measures": sorted(measures, key=nk),
        "measure_values": sorted(values, key=lambda v: (natural_key(v["measure"]), v["date"])),
        "panel": PANEL,
        "meetings": MEETINGS,
        "engagement": ENGAGEMENT,
        "agreements": AGREEMENTS,
        "expenses": EXPENSES,
    }
    return doc


# ---------------------------------------------------------------------------------------------
# checks (the import checks, plus the demo's own consistency rules)

def valid_date(s, where):
    check(isinstance(s, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", s), "%s: bad date %r" % (where, s))
    try:
        return D(s)
    except ValueError:
        fail("%s: invalid date %r" % (where, s))


def opt_date(s, where):
    return None if s is None else valid_date(s, where)


def validate(doc):
    refs = {}
    for kind, items in (("people", doc["people"]), ("themes", doc["themes"]),
                        ("actions", doc["actions"]), ("milestones", doc["milestones"]),
                        ("measures", doc["measures"]), ("reviews", doc["reviews"]),
                        ("recommendations", doc["reviews"][0]["recommendations"])):
        seen = set()
        for o in items:
            check(REF_RE.match(o["ref"]), "%s: bad ref %r" % (kind, o["ref"]))
            check(o["ref"] not in seen, "%s: duplicate ref %s" % (kind, o["ref"]))
            seen.add(o["ref"])
        refs[kind] = seen
    people = {p["ref"]: p for p in doc["people"]}
    for p in doc["people"]:
        check(p["kind"] in ("officer", "member", "panel", "external"), "people.%s.kind" % p["ref"])
    check(doc["organisation"]["rating_scale"] == "confidence3", "rating scale")
    valid_date(doc["reviews"][0]["published_on"], "reviews.published_on")
    for v in doc["versions"]:
        valid_date(v["approved_on"], "versions.approved_on")
        valid_date(v["signed_off_on"], "versions.signed_off_on")
    for t in doc["themes"]:
        check(t["lead"] in people, "themes.%s.lead" % t["ref"])

    acts = {a["ref"]: a for a in doc["actions"]}
    answered = set()
    lo, hi = D("2015-01-01"), D("2016-06-30")
    for a in doc["actions"]:
        w = "actions.%s" % a["ref"]
        check(a["theme"] in refs["themes"], w + ".theme")
        check(people.get(a["owner"], {}).get("kind") == "officer", w + ".owner must be an officer")
        check(a["member"] is None or people.get(a["member"], {}).get("kind") == "member", w + ".member")
        check(a["panel_lead"] is None or people.get(a["panel_lead"], {}).get("kind") == "panel",
              w + ".panel_lead")
        s, f = valid_date(a["start"], w + ".start"), valid_date(a["finish"], w + ".finish")
        valid_date(a["baseline_finish"], w + ".baseline_finish")
        check(s <= f, w + ": start > finish")
        check(lo <= s and f <= hi, w + ": dates outside 2015-01-01..2016-06-30")
        check(a["status"] in ("not_started", "in_progress", "complete", "blocked", "retired"), w + ".status")
        c = opt_date(a["completed_on"], w + ".completed_on")
        check((c is not None) == (a["status"] == "complete"), w + ": completed_on iff complete")
        check(c is None or (s <= c <= AS_AT), w + ": completed_on out of range")
        check(a["status"] != "not_started" or s > D("2016-02-29"), w + ": not started but should have")
        check(a["answers"], w + ": answers nothing")
        for r in a["answers"]:
            check(r in refs["recommendations"], w + ".answers: unknown " + r)
            answered.add(r)
        for d in a["depends_on"]:
            check(d in acts, w + ".depends_on: unknown " + d)
            check(d != a["ref"], w + ": depends on itself")
            # finish-to-start, as planned
            check(D(acts[d]["finish"]) < s, w + ": predecessor %s finishes after this starts" % d)
        check(a["closure_criteria"], w + ".closure_criteria")
    check(answered == refs["recommendations"],
          "recommendations not answered: %s" % sorted(refs["recommendations"] - answered))
    # cycle check (DFS with colours)
    colour = {}

    def visit(r, path):
        colour[r] = 1
        for d in acts[r]["depends_on"]:
            if colour.get(d) == 1:
                fail("dependency cycle: %s" % " -> ".join(path + [d]))
            if d not in colour:
                visit(d, path + [d])
        colour[r] = 2
    for r in acts:
        if r not in colour:
            visit(r, [r])
    check(sum(len(a["depends_on"]) for a in doc["actions"]) >= 15, "fewer than 15 dependencies")
    check(len(doc["actions"]) >= 44, "fewer than 44 actions")
    check(sum(a["status"] == "retired" for a in doc["actions"]) in (1, 2), "retired count")
    check(sum(a["finish"] != a["baseline_finish"] for a in doc["actions"]) >= 2, "re-planned count")

    for m in doc["milestones"]:
        w = "milestones.%s" % m["ref"]
        check(m["action"] in acts, w + ".action")
        valid_date(m["due"], w + ".due")
        valid_date(m["baseline_due"], w + ".baseline_due")
        ach = opt_date(m["achieved_on"], w + ".achieved_on")
        check(ach is None or ach <= AS_AT, w + ": achieved after the as-at date")
        check(ach is not None or D(m["due"]) > D("2016-01-01"), w + ": old and not achieved")
        check(isinstance(m["public"], bool), w + ".public")
    check(len(doc["milestones"]) >= 15, "fewer than 15 milestones")
    check(sum(not m["public"] for m in doc["milestones"]) in (1, 2), "non-public milestones")

    periods = {p["month"]: p for p in doc["periods"]}
    for p in doc["periods"]:
        check(re.match(r"^\d{4}-\d{2}$", p["month"]), "periods.month")
        if p["status"] == "signed_off":
            so = valid_date(p["signed_off_on"], "periods.signed_off_on")
            check(so > month_end(parse_month(p["month"])), "period signed off before month end")
            check(p["signed_off_by"] in people, "periods.signed_off_by")
        else:
            check(p["signed_off_on"] is None and p["signed_off_by"] is None, "open period signed")

    seen = set()
    for u in doc["updates"]:
        w = "updates[%s %s]" % (u["action"], u["period"])
        a = acts.get(u["action"])
        check(a is not None, w + ": unknown action")
        check(u["period"] in periods, w + ": unknown period")
        check((u["action"], u["period"]) not in seen, w + ": duplicate")
        seen.add((u["action"], u["period"]))
        check(0 <= u["percent"] <= 100 and isinstance(u["percent"], int), w + ".percent")
        check(u["confidence"] in LEVELS, w + ".confidence")
        check(u["author"] in people, w + ".author")
        pm = parse_month(u["period"])
        fcast = valid_date(u["forecast_finish"], w + ".forecast_finish")
        signed = periods[u["period"]]["status"] == "signed_off"
        if signed:
            check(u["state"] == "accepted", w + ": signed-off month not accepted")
            check(DRAFT_MARKER not in u["narrative"], w + ": marker in a published narrative")
        else:
            check(u["state"] in ("draft", "submitted", "returned"), w + ".state")
            check(DRAFT_MARKER in u["narrative"], w + ": unsigned narrative lacks the marker")
        check(month_key(D(a["start"])) <= pm, w + ": before the action starts")
        if u["status"] == "complete":
            check(a["status"] == "complete" and month_key(D(a["completed_on"])) <= pm,
                  w + ": complete before the action completed")
            check(u["percent"] == 100 and fcast == D(a["completed_on"]), w + ": complete update")
        else:
            check(u["percent"] < 100, w + ": 100% but not complete")
            check(fcast >= month_start(pm), w + ": forecast in the past")
        if a["status"] == "complete":
            check(pm <= month_key(D(a["completed_on"])), w + ": update after completion")
    # every active action has its updates, percent never falls
    for a in doc["actions"]:
        us = [u for u in doc["updates"] if u["action"] == a["ref"]]
        check(all(x["percent"] <= y["percent"] for x, y in zip(us, us[1:])), a["ref"] + ": percent falls")
        if a["status"] in ("in_progress", "blocked"):
            check(us and us[-1]["period"] == month_str(LAST_PERIOD), a["ref"] + ": no March update")
        if a["status"] == "complete" and D(a["completed_on"]) >= month_start(FIRST_PERIOD):
            check(us and us[-1]["status"] == "complete", a["ref"] + ": no completion update")
    states = [u["state"] for u in doc["updates"] if u["period"] == month_str(LAST_PERIOD)]
    check(states.count("returned") == 1 and "draft" in states and "submitted" in states, "March states")

    check(len(doc["measures"]) >= 6, "fewer than 6 measures")
    meas = {m["ref"]: m for m in doc["measures"]}
    for m in doc["measures"]:
        w = "measures.%s" % m["ref"]
        check(m["direction"] in ("up", "down"), w + ".direction")
        check(isinstance(m["baseline"], float) and isinstance(m["target"], float), w + ": reals")
        check(isinstance(m["tolerance_pct"], int), w + ".tolerance_pct")
        valid_date(m["baseline_date"], w + ".baseline_date")
        valid_date(m["target_date"], w + ".target_date")
        check(m["theme"] in refs["themes"], w + ".theme")
        for r in m["actions"]:
            check(r in acts, w + ".actions: unknown " + r)
    seen = set()
    for v in doc["measure_values"]:
        check(v["measure"] in meas, "measure_values: unknown measure")
        check(isinstance(v["value"], float), "measure_values: value not real")
        dd = valid_date(v["date"], "measure_values.date")
        check(dd == month_end(month_key(dd)), "measure_values: not a month end")
        check((v["measure"], v["date"]) not in seen, "measure_values: duplicate")
        seen.add((v["measure"], v["date"]))
    for m in doc["measures"]:
        first = [v for v in doc["measure_values"] if v["measure"] == m["ref"]][0]
        check(first["date"] == m["baseline_date"] and first["value"] == m["baseline"],
              m["ref"] + ": first value is not the baseline")


def summary(doc):
    acts = doc["actions"]
    lines = [
        "actions %d (by status %s)" % (len(acts), {s: sum(a["status"] == s for a in acts) for s in
                                                 ("not_started", "in_progress", "complete", "blocked", "retired")}),
        "dependencies %d" % sum(len(a["depends_on"]) for a in acts),
        "milestones %d" % len(doc["milestones"]),
        "measures %d, values %d" % (len(doc["measures"]), len(doc["measure_values"])),
        "updates %d (March 2016 states %s)" % (len(doc["updates"]), {
            s: sum(1 for u in doc["updates"] if u["period"] == "2016-03" and u["state"] == s)
            for s in ("draft", "submitted", "returned")}),
    ]
    for m in doc["measures"]:
        last = [v for v in doc["measure_values"] if v["measure"] == m["ref"]][-1]
        lines.append("  %s %s: last %.1f -> %s" % (m["ref"], m["title"], last["value"],
                     measure_status(m["direction"], m["baseline"], m["target"], m["tolerance_pct"],
                                    last["value"])))
    sys.stderr.write("\n".join(lines) + "\n")


def main():
    doc = build()
    validate(doc)
    if "--summary" in sys.argv[1:]:
        summary(doc)
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
