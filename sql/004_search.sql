-- 004: full-text search over actions, progress update narratives and measures.
--
-- Three FTS5 tables, one per kind of result, each keyed by the row id of the
-- row it indexes (rowid = action.id, progress_update.id, measure.id), so that
-- a match joins back to its row by primary key and a trigger can find its entry
-- without a scan.  They store their own copy of the text (snippet() needs it).
--
-- Triggers on the domain tables keep them right inside whatever transaction
-- changes the rows: the ledger's writes, imports, and anything written in the
-- future (or behind dialturn's back) alike.  ledger_put() upserts, and an
-- upsert that updates fires only the UPDATE triggers, so insert and update
-- never both run for one write.  The UPDATE triggers watch only the indexed
-- columns (and id): a change of state or status leaves the index alone.
--
-- Every narrative is indexed, drafts included: what is PUBLIC is decided at
-- query time (model/search.c joins period and state as model/pub_scope.h
-- says), never here, so a later sign-off needs no reindexing.
--
-- These tables are derived data: the ledger does not record them and verify
-- does not compare them (model/table.c lists only the domain tables).
-- Tokens: Unicode-aware, accents folded, English stems ("partnerships" finds
-- "partnership").

CREATE VIRTUAL TABLE search_action USING fts5 (
    ref, title, description,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_update USING fts5 (
    narrative,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_measure USING fts5 (
    ref, title,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_action_ai AFTER INSERT ON action BEGIN
    INSERT INTO search_action (rowid, ref, title, description)
    VALUES (new.id, new.ref, new.title, new.description);
END;
CREATE TRIGGER search_action_au AFTER UPDATE OF id, ref, title, description ON action BEGIN
    DELETE FROM search_action WHERE rowid = old.id;
    INSERT INTO search_action (rowid, ref, title, description)
    VALUES (new.id, new.ref, new.title, new.description);
END;
CREATE TRIGGER search_action_ad AFTER DELETE ON action BEGIN
    DELETE FROM search_action WHERE rowid = old.id;
END;

CREATE TRIGGER search_update_ai AFTER INSERT ON progress_update BEGIN
    INSERT INTO search_update (rowid, narrative) VALUES (new.id, new.narrative);
END;
CREATE TRIGGER search_update_au AFTER UPDATE OF id, narrative ON progress_update BEGIN
    DELETE FROM search_update WHERE rowid = old.id;
    INSERT INTO search_update (rowid, narrative) VALUES (new.id, new.narrative);
END;
CREATE TRIGGER search_update_ad AFTER DELETE ON progress_update BEGIN
    DELETE FROM search_update WHERE rowid = old.id;
END;

CREATE TRIGGER search_measure_ai AFTER INSERT ON measure BEGIN
    INSERT INTO search_measure (rowid, ref, title) VALUES (new.id, new.ref, new.title);
END;
CREATE TRIGGER search_measure_au AFTER UPDATE OF id, ref, title ON measure BEGIN
    DELETE FROM search_measure WHERE rowid = old.id;
    INSERT INTO search_measure (rowid, ref, title) VALUES (new.id, new.ref, new.title);
END;
CREATE TRIGGER search_measure_ad AFTER DELETE ON measure BEGIN
    DELETE FROM search_measure WHERE rowid = old.id;
END;

-- What was there before this migration.
INSERT INTO search_action (rowid, ref, title, description)
    SELECT id, ref, title, description FROM action;
INSERT INTO search_update (rowid, narrative)
    SELECT id, narrative FROM progress_update;
INSERT INTO search_measure (rowid, ref, title)
    SELECT id, ref, title FROM measure;
