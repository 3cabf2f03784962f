-- 015: the dials entered on the web and the API, and milestones marked
-- achieved (DESIGN.md, "Measure", "Milestone").
--
-- measure_entry: every value entered for a measure's month through the
-- workspace or the write API, with what measure_value does not hold: the
-- month it is for, its note and source, who entered it and when.  The value
-- itself is measure_value's row for that month (dated the month's last day),
-- written through the ledger in the same transaction.  While the month is not
-- signed off a second entry replaces the draft (kind 'entry'); once it is, a
-- second entry is a correction (kind 'correction', old_value the value it
-- replaced): the month's own record still shows what was signed off (the
-- record reads measure_value's history at its head, sql/007), and the record
-- of the next month signed off shows the corrected value with the correction
-- beside it.  Rows are never changed or removed.
CREATE TABLE measure_entry (
    id         INTEGER PRIMARY KEY,
    value_id   INTEGER NOT NULL REFERENCES measure_value (id),
    month      TEXT NOT NULL,          -- YYYY-MM
    kind       TEXT NOT NULL CHECK (kind IN ('entry', 'correction')),
    old_value  REAL,                   -- the value before (NULL: none)
    value      REAL NOT NULL,
    note       TEXT NOT NULL,
    source     TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account (id),
    by_name    TEXT NOT NULL,          -- the account's name when it was entered
    at         TEXT NOT NULL           -- YYYY-MM-DDTHH:MM:SSZ
) STRICT;
CREATE INDEX measure_entry_value ON measure_entry (value_id, id);

CREATE TRIGGER measure_entry_no_update BEFORE UPDATE ON measure_entry
BEGIN SELECT RAISE(ABORT, 'a measure entry is a record: it never changes'); END;
CREATE TRIGGER measure_entry_no_delete BEFORE DELETE ON measure_entry
BEGIN SELECT RAISE(ABORT, 'a measure entry is a record: it never changes'); END;

-- milestone_achievement: a milestone marked achieved on the web or the API:
-- the date (also written to milestone.achieved_on in the same transaction),
-- the evidence, who and when.  Public, like the milestone's new state, from
-- the first sign-off after it.
CREATE TABLE milestone_achievement (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestone (id),
    achieved_on  TEXT NOT NULL,        -- YYYY-MM-DD
    evidence     TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES account (id),
    by_name      TEXT NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX milestone_achievement_milestone ON milestone_achievement (milestone_id, id);

CREATE TRIGGER milestone_achievement_no_update BEFORE UPDATE ON milestone_achievement
BEGIN SELECT RAISE(ABORT, 'a milestone achievement is a record: it never changes'); END;
CREATE TRIGGER milestone_achievement_no_delete BEFORE DELETE ON milestone_achievement
BEGIN SELECT RAISE(ABORT, 'a milestone achievement is a record: it never changes'); END;
