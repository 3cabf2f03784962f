-- 014: what the monthly round and the plan's versions record beside a
-- state change, so that a step back is never silent.
--
-- period_reopening: the programme office reopened a closed, unsigned month
-- for updates (closed → open), saying why.  A signed-off month never reopens
-- (model/cycle.h).  Rows are never changed or removed.
CREATE TABLE period_reopening (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES period (id),
    reason     TEXT NOT NULL CHECK (length(reason) > 0),
    account_id INTEGER NOT NULL REFERENCES account (id),
    by_name    TEXT NOT NULL,           -- the account's name when it was made
    at         TEXT NOT NULL            -- YYYY-MM-DDTHH:MM:SSZ
) STRICT;
CREATE INDEX period_reopening_period ON period_reopening (period_id, id);
CREATE TRIGGER period_reopening_no_update BEFORE UPDATE ON period_reopening
BEGIN SELECT RAISE(ABORT, 'a reopening is a record: it never changes'); END;
CREATE TRIGGER period_reopening_no_delete BEFORE DELETE ON period_reopening
BEGIN SELECT RAISE(ABORT, 'a reopening is a record: it never changes'); END;

-- version_event: the executive returned a submitted version to draft with a
-- reason ('returned'), or corrected a mis-entered cabinet approval date
-- ('approval_corrected': approved_on is the date as corrected; the version's
-- own approved_on keeps what was first entered, shown beside it).  Rows are
-- never changed or removed.
CREATE TABLE version_event (
    id          INTEGER PRIMARY KEY,
    version_id  INTEGER NOT NULL REFERENCES plan_version (id),
    kind        TEXT NOT NULL CHECK (kind IN ('returned', 'approval_corrected')),
    reason      TEXT NOT NULL CHECK (length(reason) > 0),
    approved_on TEXT,                   -- YYYY-MM-DD: the corrected date; NULL when returned
    account_id  INTEGER REFERENCES account (id), -- NULL: made on the command line
    by_name     TEXT NOT NULL,
    made_on     TEXT NOT NULL,          -- YYYY-MM-DD (UTC)
    at          TEXT NOT NULL           -- YYYY-MM-DDTHH:MM:SSZ
) STRICT;
CREATE INDEX version_event_version ON version_event (version_id, id);
CREATE TRIGGER version_event_no_update BEFORE UPDATE ON version_event
BEGIN SELECT RAISE(ABORT, 'a version event is a record: it never changes'); END;
CREATE TRIGGER version_event_no_delete BEFORE DELETE ON version_event
BEGIN SELECT RAISE(ABORT, 'a version event is a record: it never changes'); END;
