-- 017: corrections in the plan interchange, and search of corrected words.
--
-- A correction may now come from another file: `dialturn import` brings the
-- corrections of a dialturn-plan/1 document (its "corrections" section), so
-- export → import → export keeps them.  The account that made one exists only
-- in the file where it was made, so account_id may be NULL (made elsewhere and
-- imported); person_id names the maker's person, which the interchange
-- carries ("by"), and by_name still says who as the note shows it.  A
-- correction made here records its account and that account's person (rows
-- made before this migration keep NULL, as their ledger entries say: their
-- person is their account's).  The
-- table is made again with those two columns as they now are (SQLite cannot
-- change a column's constraint in place); its rows, its index and its
-- append-only triggers are the same as before.
CREATE TABLE update_correction_017 (
    id           INTEGER PRIMARY KEY,
    update_id    INTEGER NOT NULL REFERENCES progress_update (id),
    field        TEXT NOT NULL
                 CHECK (field IN ('status', 'percent', 'confidence', 'narrative',
                                  'forecast_finish')),
    old_value    TEXT,                  -- as stored before (NULL: none)
    new_value    TEXT,                  -- as it now reads (NULL: none)
    reason       TEXT NOT NULL CHECK (length(reason) > 0),
    account_id   INTEGER REFERENCES account (id), -- NULL: imported from another file
    by_name      TEXT NOT NULL,         -- the maker's name when it was made
    corrected_on TEXT NOT NULL,         -- YYYY-MM-DD (UTC)
    at           TEXT NOT NULL,         -- YYYY-MM-DDTHH:MM:SSZ
    person_id    INTEGER REFERENCES person (id) -- the maker's person (NULL: none known)
) STRICT;
INSERT INTO update_correction_017
    SELECT c.id, c.update_id, c.field, c.old_value, c.new_value, c.reason, c.account_id,
           c.by_name, c.corrected_on, c.at, NULL
    FROM update_correction c ORDER BY c.id;
DROP TABLE update_correction;
ALTER TABLE update_correction_017 RENAME TO update_correction;
CREATE INDEX update_correction_update ON update_correction (update_id, id);
CREATE TRIGGER update_correction_no_update BEFORE UPDATE ON update_correction
BEGIN SELECT RAISE(ABORT, 'a correction is a record: it never changes'); END;
CREATE TRIGGER update_correction_no_delete BEFORE DELETE ON update_correction
BEGIN SELECT RAISE(ABORT, 'a correction is a record: it never changes'); END;

-- Search of corrected words.  search_update (sql/004) indexes each update's
-- narrative as written; a correction of a narrative (field 'narrative') adds
-- its new wording here, under the correction's id, as it is written, never
-- removed.  A month's search counts a wording only when the update, as that
-- month's record reads it, says exactly that (model/search.c): the original
-- words until the sign-off that makes a correction public, the corrected
-- words from then on.
CREATE VIRTUAL TABLE search_correction USING fts5 (
    narrative,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO search_correction (rowid, narrative)
    SELECT id, new_value FROM update_correction WHERE field = 'narrative';
CREATE TRIGGER search_correction_ai AFTER INSERT ON update_correction
    WHEN new.field = 'narrative'
BEGIN
    INSERT INTO search_correction (rowid, narrative) VALUES (new.id, new.new_value);
END;
