-- 008: the date an action was completed, as its owner gives it when proposing
-- to close it.  Accepting the closure completes the action on this date, never
-- on the day someone clicked "accept" (DESIGN.md, "One clock": dates that
-- record an event are the event's own).
--
-- A table of its own rather than a column of `closure`: the ledger replays
-- every closure entry ever written, and entries written before this date
-- existed carry no such key.  One row per proposal, written with it.
CREATE TABLE closure_completion (
    id           INTEGER PRIMARY KEY,
    closure_id   INTEGER NOT NULL UNIQUE REFERENCES closure (id),
    completed_on TEXT NOT NULL
) STRICT;
