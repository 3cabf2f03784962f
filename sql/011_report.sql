-- 011: the monthly progress report.
--
-- The chief executive's covering statement of a month (Markdown), written in
-- the workspace before the month is signed off and fixed from then on: it is
-- public only with the month's sign-off, in the month's report.
CREATE TABLE report_statement (
    id            INTEGER PRIMARY KEY,
    month         TEXT NOT NULL UNIQUE,
    body          TEXT NOT NULL,
    written_by_id INTEGER REFERENCES account (id),
    written_at    TEXT NOT NULL
) STRICT;

-- The report of a signed-off month in each format, stored once as a document
-- (its bytes by content hash; the document row, with the hash, is on the
-- ledger) and served from there byte for byte from then on.
CREATE TABLE report_document (
    id          INTEGER PRIMARY KEY,
    month       TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('html', 'md', 'pdf')),
    document_id INTEGER NOT NULL REFERENCES document (id),
    UNIQUE (month, format)
) STRICT;
