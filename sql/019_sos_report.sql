-- 019: the panel's reports and letters to the Secretary of State
-- (issue 12, point 2).
--
-- The secretariat starts a report over a span of signed-off months
-- (covers_from..covers_to); its sections are pre-filled with the figures of
-- that span from the months' records, frozen as Markdown in sos_section.figures
-- when the report is started or refreshed (only while it is a draft).  The
-- panel writes an assessment per section (Markdown); the chair approves
-- (state 'approved': nothing can change any more); the secretariat publishes
-- (state 'published'), which stores the page's text and the PDF as public
-- documents (their hashes on the ledger) served byte for byte from then on.
-- The Secretary of State's response is attached to a published report.
-- Nothing of a report that is not published is public.
CREATE TABLE sos_report (
    id               INTEGER PRIMARY KEY,
    ref              TEXT NOT NULL UNIQUE,  -- "SOS-2015-12"
    kind             TEXT NOT NULL CHECK (kind IN ('scheduled', 'requested', 'letter')),
    title            TEXT NOT NULL,
    covers_from      TEXT NOT NULL,         -- YYYY-MM, a signed-off month
    covers_to        TEXT NOT NULL,         -- YYYY-MM, a signed-off month, >= covers_from
    state            TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'published')),
    started_on       TEXT NOT NULL,         -- YYYY-MM-DD
    started_by_id    INTEGER REFERENCES account (id),
    refreshed_at     TEXT NOT NULL,         -- when the figures were frozen, UTC
    approved_on      TEXT,
    approved_by_id   INTEGER REFERENCES account (id),
    published_on     TEXT,
    html_document_id INTEGER REFERENCES document (id),  -- the published page's text
    pdf_document_id  INTEGER REFERENCES document (id),  -- the published PDF
    response_on      TEXT,                  -- the Secretary of State's response: its date
    response         TEXT                   -- and its text (Markdown)
) STRICT;

CREATE TABLE sos_section (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES sos_report (id),
    position   INTEGER NOT NULL,
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    figures    TEXT NOT NULL,  -- Markdown, frozen at start or refresh
    assessment TEXT NOT NULL,  -- Markdown, the panel's
    UNIQUE (report_id, position),
    UNIQUE (report_id, key)
) STRICT;
