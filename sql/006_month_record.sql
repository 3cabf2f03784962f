-- 006: the record of a signed-off month.
--
-- When month M is signed off, one row here fixes what the public sees of M for
-- ever: the ledger's head at that moment (`head_seq` entries, the last one's
-- `head_hash`).  Everything public about M is the state of the plan as the
-- ledger stood at head_seq (model/record.h), so nothing done later changes it,
-- and anyone holding a published head can prove that the ledger was not
-- rewritten behind it (`dialturn verify --head`).
--
-- The row is written through the ledger (its own entry is head_seq + 1) and is
-- never changed or removed.
CREATE TABLE month_record (
    id        INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL UNIQUE REFERENCES period (id),
    month     TEXT NOT NULL UNIQUE,
    head_seq  INTEGER NOT NULL CHECK (head_seq >= 0),
    head_hash TEXT NOT NULL,
    sealed_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER month_record_no_update BEFORE UPDATE ON month_record
BEGIN SELECT RAISE(ABORT, 'the record of a signed-off month never changes'); END;
CREATE TRIGGER month_record_no_delete BEFORE DELETE ON month_record
BEGIN SELECT RAISE(ABORT, 'the record of a signed-off month never changes'); END;
