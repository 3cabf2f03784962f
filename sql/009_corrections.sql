-- 009: corrections to a signed-off month, and search over every wording the
-- record ever showed.
--
-- A signed-off month's updates never change (sql/007).  When one of them was
-- wrong, the programme office or the chief executive records a correction: a
-- new row here, one field's old and new value, who made it, when and why,
-- written through the ledger in the same transaction.  The update itself is
-- left as it was, so the month's own record (model/record.h) still shows what
-- was signed off.  The record of a later month, sealed after the correction's
-- ledger entry, shows the corrected value with the correction beside it
-- (model/correction.h); nothing of it is public before that sign-off.  Rows
-- are never changed or removed.
CREATE TABLE update_correction (
    id           INTEGER PRIMARY KEY,
    update_id    INTEGER NOT NULL REFERENCES progress_update (id),
    field        TEXT NOT NULL
                 CHECK (field IN ('status', 'percent', 'confidence', 'narrative',
                                  'forecast_finish')),
    old_value    TEXT,                  -- as stored before (NULL: none)
    new_value    TEXT,                  -- as it now reads (NULL: none)
    reason       TEXT NOT NULL CHECK (length(reason) > 0),
    account_id   INTEGER NOT NULL REFERENCES account (id),
    by_name      TEXT NOT NULL,         -- the account's name when it was made
    corrected_on TEXT NOT NULL,         -- YYYY-MM-DD (UTC)
    at           TEXT NOT NULL          -- YYYY-MM-DDTHH:MM:SSZ
) STRICT;
CREATE INDEX update_correction_update ON update_correction (update_id, id);

CREATE TRIGGER update_correction_no_update BEFORE UPDATE ON update_correction
BEGIN SELECT RAISE(ABORT, 'a correction is a record: it never changes'); END;
CREATE TRIGGER update_correction_no_delete BEFORE DELETE ON update_correction
BEGIN SELECT RAISE(ABORT, 'a correction is a record: it never changes'); END;

-- Search in a month's record.  search_action and search_measure (sql/004)
-- index only the live text, so a row re-worded later would lose its old
-- words in earlier months.  These index every wording an action or a measure
-- has had: one row per distinct (ref, title[, description]) of each row, taken
-- from its history (sql/007) as each state is written, never removed.  A
-- match counts only when the row's state in the record searched has exactly
-- that wording (model/search.c), so a month's search finds exactly the words
-- its record showed, and the latest month's the latest words.
CREATE TABLE search_action_text (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL,
    ref,
    title,
    description
);
CREATE INDEX search_action_text_action ON search_action_text (action_id);
CREATE VIRTUAL TABLE search_action_v USING fts5 (
    ref, title, description,
    content = 'search_action_text', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE search_measure_text (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL,
    ref,
    title
);
CREATE INDEX search_measure_text_measure ON search_measure_text (measure_id);
CREATE VIRTUAL TABLE search_measure_v USING fts5 (
    ref, title,
    content = 'search_measure_text', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- What the history holds already, each wording once, oldest first.
INSERT INTO search_action_text (action_id, ref, title, description)
    SELECT id, ref, title, description FROM action_h
    GROUP BY id, ref, title, description ORDER BY min(from_seq), id;
INSERT INTO search_action_v (rowid, ref, title, description)
    SELECT id, ref, title, description FROM search_action_text;
INSERT INTO search_measure_text (measure_id, ref, title)
    SELECT id, ref, title FROM measure_h GROUP BY id, ref, title ORDER BY min(from_seq), id;
INSERT INTO search_measure_v (rowid, ref, title)
    SELECT id, ref, title FROM search_measure_text;

-- Each new state with a wording its row has not had before adds it.
CREATE TRIGGER search_action_text_ai AFTER INSERT ON action_h
    WHEN NOT EXISTS (SELECT 1 FROM search_action_text t WHERE t.action_id = new.id
                     AND t.ref IS new.ref AND t.title IS new.title
                     AND t.description IS new.description)
BEGIN
    INSERT INTO search_action_text (action_id, ref, title, description)
        VALUES (new.id, new.ref, new.title, new.description);
    INSERT INTO search_action_v (rowid, ref, title, description)
        VALUES (last_insert_rowid(), new.ref, new.title, new.description);
END;
CREATE TRIGGER search_measure_text_ai AFTER INSERT ON measure_h
    WHEN NOT EXISTS (SELECT 1 FROM search_measure_text t WHERE t.measure_id = new.id
                     AND t.ref IS new.ref AND t.title IS new.title)
BEGIN
    INSERT INTO search_measure_text (measure_id, ref, title) VALUES (new.id, new.ref, new.title);
    INSERT INTO search_measure_v (rowid, ref, title)
        VALUES (last_insert_rowid(), new.ref, new.title);
END;
