-- 018: engagement (DESIGN.md, "Engagement"): events the council held with
-- partners, group leaders, scrutiny chairs, MPs, staff and residents; who
-- took part; the feedback received, the council's response and the plan
-- action it led to.  "You said, we did".
--
-- An event is public or not; feedback is 'received' until the council
-- responds, then 'responded' with its response and the day of it.  Only the
-- responded feedback of a public event reaches a public surface.  Themes and
-- actions are named by their stable refs, as the interchange names them.
CREATE TABLE engagement_event (
    id      INTEGER PRIMARY KEY,
    ref     TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL CHECK (kind IN ('partners', 'group_leaders', 'scrutiny_chairs', 'mps',
                                          'staff', 'residents')),
    held_on TEXT NOT NULL,
    title   TEXT NOT NULL,
    place   TEXT NOT NULL,    -- '' when not given
    summary TEXT NOT NULL,    -- Markdown
    public  INTEGER NOT NULL CHECK (public IN (0, 1))
) STRICT;
CREATE INDEX engagement_event_held ON engagement_event (held_on);

CREATE TABLE engagement_participant (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES engagement_event (id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,   -- an organisation or a group, never a private person
    kind     TEXT NOT NULL CHECK (kind IN ('organisation', 'group')),
    count    INTEGER CHECK (count > 0),  -- how many took part for it; NULL: not counted
    UNIQUE (event_id, position)
) STRICT;

CREATE TABLE engagement_feedback (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE,
    event_id     INTEGER NOT NULL REFERENCES engagement_event (id),
    theme_ref    TEXT,            -- the plan theme it is about; NULL: none in particular
    said         TEXT NOT NULL,   -- what was said (Markdown)
    status       TEXT NOT NULL CHECK (status IN ('received', 'responded')),
    response     TEXT NOT NULL,   -- the council's response (Markdown); '' until responded
    responded_on TEXT,
    action_ref   TEXT             -- the plan action it led to; NULL: none
) STRICT;
CREATE INDEX engagement_feedback_event ON engagement_feedback (event_id, id);
CREATE INDEX engagement_feedback_action ON engagement_feedback (action_ref);
