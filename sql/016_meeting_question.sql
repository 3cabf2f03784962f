-- 016: residents' questions to a public meeting of the panel (DESIGN.md,
-- "Meeting"): sent in advance through the meeting's page, moderated by the
-- secretariat, published with the answer.
--
-- A question arrives 'pending' and is seen by the secretariat alone; it is
-- 'accepted' (shown on the meeting's page, with its answer once given) or
-- 'rejected' with a reason the public never sees.  The asker's e-mail address
-- is kept for the secretariat to reply and for the per-address limit, and
-- reaches no public surface.  Times are UTC text, "YYYY-MM-DDTHH:MM:SSZ".
CREATE TABLE meeting_question (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meeting (id),
    asked_at    TEXT NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,  -- lower-cased
    question    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected')),
    reason      TEXT NOT NULL,  -- why it was rejected ('' otherwise)
    answer      TEXT NOT NULL,  -- '' until answered
    answered_at TEXT
) STRICT;
CREATE INDEX meeting_question_meeting ON meeting_question (meeting_id, id);
CREATE INDEX meeting_question_email ON meeting_question (email, asked_at);
