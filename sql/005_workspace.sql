-- 005: the signed-in side — accounts, sessions, API tokens, documents and
-- evidence, the review of updates, closure, assurance and plan versions'
-- content.
--
-- Tables whose rows are part of the regime's record go through the ledger
-- (model/table.c lists them).  Two do not, on purpose: `session` and
-- `login_failure` record who is signed in and who failed to, which changes on
-- every request and is not part of what anyone answers for; and
-- `document_blob` is content-addressed (its key is the SHA-256 of its bytes,
-- which `verify` recomputes), so the ledger records a document by its hash.

-- People who sign in.  `person_id` ties an account to the plan's person (the
-- owner of actions, the panel member), so "my updates due" can be found.
CREATE TABLE account (
    id         INTEGER PRIMARY KEY,
    username   TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL
               CHECK (role IN ('admin', 'pmo', 'owner', 'executive', 'panel', 'secretariat',
                               'viewer')),
    person_id  INTEGER REFERENCES person (id),
    pw_hash    TEXT NOT NULL,                -- argon2id, libsodium's encoded string
    disabled   INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    created_on TEXT NOT NULL
) STRICT;
CREATE INDEX account_person ON account (person_id);

-- Signed-in sessions: the cookie holds a random 256-bit token, this table its
-- SHA-256, so a copy of the database signs nobody in.  Times are Unix seconds.
CREATE TABLE session (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES account (id),
    csrf        TEXT NOT NULL,                -- the session's form token, hex
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    address     TEXT NOT NULL
) STRICT;
CREATE INDEX session_account ON session (account_id);

-- Failed sign-ins, for throttling per account and per address.
CREATE TABLE login_failure (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_username ON login_failure (username, at);
CREATE INDEX login_failure_address ON login_failure (address, at);

-- API tokens for writing through /api/v1: stored as SHA-256, shown once.
CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_on TEXT NOT NULL,
    revoked_on TEXT
) STRICT;
CREATE INDEX api_token_account ON api_token (account_id);

-- Uploaded files: the record (ledgered) and the bytes (by hash, shared by
-- uploads of the same content).
CREATE TABLE document (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL,
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    public         INTEGER NOT NULL CHECK (public IN (0, 1)),
    uploaded_by_id INTEGER REFERENCES account (id),
    uploaded_at    TEXT NOT NULL
) STRICT;
CREATE INDEX document_sha256 ON document (sha256);
CREATE TABLE document_blob (
    sha256 TEXT PRIMARY KEY,
    data   BLOB NOT NULL
) STRICT;

-- Closure: an owner proposes closing an action with evidence against its
-- closure criteria; the programme office (or the panel) accepts or returns it.
CREATE TABLE closure (
    id             INTEGER PRIMARY KEY,
    action_id      INTEGER NOT NULL REFERENCES action (id),
    state          TEXT NOT NULL CHECK (state IN ('proposed', 'accepted', 'returned')),
    evidence       TEXT NOT NULL,                -- Markdown, against the criteria
    comment        TEXT NOT NULL,                -- the decision's reason ('' until decided)
    proposed_by_id INTEGER REFERENCES account (id),
    proposed_at    TEXT NOT NULL,
    decided_by_id  INTEGER REFERENCES account (id),
    decided_at     TEXT
) STRICT;
CREATE INDEX closure_action ON closure (action_id);

-- Evidence of an update or a closure: a link or an uploaded document.
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    update_id   INTEGER REFERENCES progress_update (id),
    closure_id  INTEGER REFERENCES closure (id),
    label       TEXT NOT NULL,
    url         TEXT,
    document_id INTEGER REFERENCES document (id),
    CHECK ((url IS NULL) != (document_id IS NULL)),
    CHECK ((update_id IS NULL) != (closure_id IS NULL))
) STRICT;
CREATE INDEX evidence_update ON evidence (update_id);
CREATE INDEX evidence_closure ON evidence (closure_id);

-- The programme office's decisions on submitted updates, kept whole: an
-- update returned twice keeps both comments.
CREATE TABLE update_review (
    id         INTEGER PRIMARY KEY,
    update_id  INTEGER NOT NULL REFERENCES progress_update (id),
    decision   TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
    comment    TEXT NOT NULL,
    account_id INTEGER REFERENCES account (id),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX update_review_update ON update_review (update_id);

-- The panel's own rating of a theme or an action in a period.
CREATE TABLE assurance (
    id         INTEGER PRIMARY KEY,
    period_id  INTEGER NOT NULL REFERENCES period (id),
    theme_id   INTEGER REFERENCES theme (id),
    action_id  INTEGER REFERENCES action (id),
    account_id INTEGER NOT NULL REFERENCES account (id),
    level      TEXT NOT NULL,
    comment    TEXT NOT NULL,
    at         TEXT NOT NULL,
    CHECK ((theme_id IS NULL) != (action_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX assurance_one
    ON assurance (period_id, account_id, coalesce(theme_id, 0), coalesce(action_id, 0));

-- A plan version's content, item by item: each theme, action, milestone and
-- measure as its plan-format object (canonical JSON).  A draft's items are
-- edited; from submission they are frozen; the signed-off version's items are
-- what the live plan tables hold.  An item retired by a version keeps its
-- place with the reason.
CREATE TABLE version_item (
    id             INTEGER PRIMARY KEY,
    version_id     INTEGER NOT NULL REFERENCES plan_version (id),
    kind           TEXT NOT NULL CHECK (kind IN ('theme', 'action', 'milestone', 'measure')),
    ref            TEXT NOT NULL,
    body           TEXT NOT NULL,
    retired_reason TEXT,
    UNIQUE (version_id, kind, ref)
) STRICT;
