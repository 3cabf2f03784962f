-- 001_core: the plan model and the ledger.
-- Every domain table has an INTEGER PRIMARY KEY `id`; the ledger records each
-- row's full state under (table, id), which is what `dialturn verify` replays.
-- Dates are ISO 8601 text ('YYYY-MM-DD'), months 'YYYY-MM'.

CREATE TABLE organisation (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL,
    timezone     TEXT NOT NULL,
    rating_scale TEXT NOT NULL CHECK (rating_scale IN ('confidence3', 'dca5'))
) STRICT;

CREATE TABLE person (
    id   INTEGER PRIMARY KEY,
    ref  TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('officer', 'member', 'panel', 'external'))
) STRICT;

CREATE TABLE review (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    author       TEXT NOT NULL,
    published_on TEXT,
    url          TEXT
) STRICT;

CREATE TABLE recommendation (
    id        INTEGER PRIMARY KEY,
    ref       TEXT NOT NULL UNIQUE,
    review_id INTEGER NOT NULL REFERENCES review (id),
    text      TEXT NOT NULL
) STRICT;
CREATE INDEX recommendation_review ON recommendation (review_id);

CREATE TABLE plan_version (
    id            INTEGER PRIMARY KEY,
    number        INTEGER NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    status        TEXT NOT NULL
                  CHECK (status IN ('draft', 'submitted', 'approved', 'signed_off', 'superseded')),
    approved_on   TEXT,
    approval_ref  TEXT,
    signed_off_on TEXT
) STRICT;

CREATE TABLE theme (
    id      INTEGER PRIMARY KEY,
    ref     TEXT NOT NULL UNIQUE,
    title   TEXT NOT NULL,
    lead_id INTEGER REFERENCES person (id)
) STRICT;

CREATE TABLE action (
    id               INTEGER PRIMARY KEY,
    ref              TEXT NOT NULL UNIQUE,
    theme_id         INTEGER NOT NULL REFERENCES theme (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    owner_id         INTEGER REFERENCES person (id),
    member_id        INTEGER REFERENCES person (id),
    panel_lead_id    INTEGER REFERENCES person (id),
    start            TEXT NOT NULL,
    finish           TEXT NOT NULL,
    baseline_finish  TEXT,
    status           TEXT NOT NULL
                     CHECK (status IN ('not_started', 'in_progress', 'complete', 'blocked', 'retired')),
    completed_on     TEXT,
    closure_criteria TEXT NOT NULL,
    CHECK (start <= finish),
    CHECK ((status = 'complete') = (completed_on IS NOT NULL))
) STRICT;
CREATE INDEX action_theme ON action (theme_id);
CREATE INDEX action_owner ON action (owner_id);

CREATE TABLE action_answer (
    id                INTEGER PRIMARY KEY,
    action_id         INTEGER NOT NULL REFERENCES action (id),
    recommendation_id INTEGER NOT NULL REFERENCES recommendation (id),
    UNIQUE (action_id, recommendation_id)
) STRICT;
CREATE INDEX action_answer_rec ON action_answer (recommendation_id);

CREATE TABLE action_dep (
    id            INTEGER PRIMARY KEY,
    action_id     INTEGER NOT NULL REFERENCES action (id),
    depends_on_id INTEGER NOT NULL REFERENCES action (id),
    UNIQUE (action_id, depends_on_id)
) STRICT;
CREATE INDEX action_dep_pred ON action_dep (depends_on_id);

CREATE TABLE milestone (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE,
    action_id    INTEGER REFERENCES action (id),
    title        TEXT NOT NULL,
    due          TEXT NOT NULL,
    baseline_due TEXT,
    achieved_on  TEXT,
    public       INTEGER NOT NULL CHECK (public IN (0, 1))
) STRICT;
CREATE INDEX milestone_action ON milestone (action_id);

CREATE TABLE period (
    id               INTEGER PRIMARY KEY,
    month            TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL CHECK (status IN ('open', 'closed', 'signed_off')),
    signed_off_on    TEXT,
    signed_off_by_id INTEGER REFERENCES person (id)
) STRICT;

CREATE TABLE progress_update (
    id              INTEGER PRIMARY KEY,
    action_id       INTEGER NOT NULL REFERENCES action (id),
    period_id       INTEGER NOT NULL REFERENCES period (id),
    state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    status          TEXT NOT NULL
                    CHECK (status IN ('not_started', 'in_progress', 'complete', 'blocked', 'retired')),
    percent         INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    confidence      TEXT,
    narrative       TEXT NOT NULL,
    forecast_finish TEXT,
    author_id       INTEGER REFERENCES person (id),
    UNIQUE (action_id, period_id)
) STRICT;
CREATE INDEX progress_update_period ON progress_update (period_id, state);

CREATE TABLE measure (
    id            INTEGER PRIMARY KEY,
    ref           TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    unit          TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('up', 'down')),
    baseline      REAL,
    baseline_date TEXT,
    target        REAL,
    target_date   TEXT,
    tolerance_pct INTEGER NOT NULL,
    theme_id      INTEGER REFERENCES theme (id)
) STRICT;

CREATE TABLE measure_action (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    action_id  INTEGER NOT NULL REFERENCES action (id),
    UNIQUE (measure_id, action_id)
) STRICT;

CREATE TABLE measure_value (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    date       TEXT NOT NULL,
    value      REAL NOT NULL,
    UNIQUE (measure_id, date)
) STRICT;

-- The ledger: append-only and hash-chained.  `entry` is the canonical JSON of the
-- change (sorted keys, compact); hash = SHA-256(prev_hash || entry), hex.
-- seq, tbl and row_id repeat what `entry` says so that replay can be indexed;
-- verify checks that they agree with it.
CREATE TABLE ledger (
    seq       INTEGER PRIMARY KEY,
    tbl       TEXT NOT NULL,
    row_id    INTEGER NOT NULL,
    entry     TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX ledger_row ON ledger (tbl, row_id, seq);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
