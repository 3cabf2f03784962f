-- 012: the independent panel and its business (DESIGN.md, "Panel", "Meeting").
--
-- Members are people of the plan (person.kind 'panel' for the panel's own;
-- ex officio members may be officers).  Meetings hold their agenda items in
-- order; an item is exempt exactly when it cites a paragraph (1-7) of
-- Schedule 12A to the Local Government Act 1972.  Children of a meeting are
-- keyed by their position under it, so an import or an edit rewrites a row
-- in place and the ledger records only what changed.  Times are UTC text,
-- "YYYY-MM-DDTHH:MM:SSZ".
CREATE TABLE panel_setting (
    id    INTEGER PRIMARY KEY,
    remit TEXT NOT NULL                 -- Markdown: the panel's terms of reference
) STRICT;

CREATE TABLE panel_member (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE,
    person_id    INTEGER NOT NULL REFERENCES person (id),
    role         TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member', 'ex_officio')),
    appointed_by TEXT NOT NULL,
    appointed_on TEXT,
    ended_on     TEXT
) STRICT;

-- The matters a member leads: a theme, an action or a recommendation, by ref.
CREATE TABLE panel_lead (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES panel_member (id),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('theme', 'action', 'recommendation')),
    target    TEXT NOT NULL,
    UNIQUE (member_id, position)
) STRICT;

CREATE TABLE meeting (
    id            INTEGER PRIMARY KEY,
    ref           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('monthly', 'quarterly_public', 'extraordinary')),
    title         TEXT NOT NULL,
    starts_at     TEXT NOT NULL,
    ends_at       TEXT,
    place         TEXT NOT NULL,
    webcast_url   TEXT,
    open          INTEGER NOT NULL CHECK (open IN (0, 1)),
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'postponed')),
    agenda_state  TEXT NOT NULL CHECK (agenda_state IN ('draft', 'published')),
    minutes_state TEXT NOT NULL CHECK (minutes_state IN ('draft', 'published')),
    sequence      INTEGER NOT NULL  -- iCalendar SEQUENCE: raised on every change
) STRICT;
CREATE INDEX meeting_starts ON meeting (starts_at);

CREATE TABLE meeting_item (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meeting (id),
    position         INTEGER NOT NULL,
    title            TEXT NOT NULL,
    exempt_paragraph INTEGER CHECK (exempt_paragraph BETWEEN 1 AND 7),
    exempt_reason    TEXT NOT NULL,
    presenter        TEXT NOT NULL,
    minutes          TEXT NOT NULL,  -- Markdown
    decision         TEXT NOT NULL,  -- Markdown
    UNIQUE (meeting_id, position)
) STRICT;

CREATE TABLE meeting_paper (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES meeting_item (id),
    document_id INTEGER NOT NULL REFERENCES document (id)
) STRICT;

CREATE TABLE meeting_attendance (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    position   INTEGER NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES person (id),
    kind       TEXT NOT NULL CHECK (kind IN ('member', 'invited', 'observer')),
    presence   TEXT NOT NULL CHECK (presence IN ('expected', 'present', 'apologies')),
    UNIQUE (meeting_id, position)
) STRICT;

CREATE TABLE meeting_declaration (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES meeting_item (id),
    position  INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person (id),
    kind      TEXT NOT NULL CHECK (kind IN ('pecuniary', 'non_pecuniary', 'other')),
    nature    TEXT NOT NULL,
    UNIQUE (item_id, position)
) STRICT;

-- Actions arising: carried on every later agenda until done.
CREATE TABLE meeting_action (
    id         INTEGER PRIMARY KEY,
    ref        TEXT NOT NULL UNIQUE,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    item       INTEGER,                        -- position of the item it arose from
    text       TEXT NOT NULL,
    owner_id   INTEGER REFERENCES person (id),
    due        TEXT,
    action_id  INTEGER REFERENCES action (id), -- the plan action it serves
    done_on    TEXT
) STRICT;

-- Corrections to published minutes: dated, visible, never silent.
CREATE TABLE meeting_correction (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    position   INTEGER NOT NULL,
    made_on    TEXT NOT NULL,
    note       TEXT NOT NULL,
    UNIQUE (meeting_id, position)
) STRICT;

-- Private calendar feeds: a secret URL per account, revocable.
CREATE TABLE calendar_token (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_on TEXT NOT NULL,
    revoked_on TEXT
) STRICT;
