-- 010: e-mail — the relay's settings, each account's address and choices, the
-- public's subscriptions, and the outbox.
--
-- None of these tables goes through the ledger, on purpose, like `session`:
-- they are how the record is told to people, not part of it.  A mail is
-- written to `mail_outbox` in the same transaction as the change that causes
-- it (a returned update, an opened month), so a change that commits has its
-- mails queued and one that rolls back has none; a worker sends them later.

-- The organisation's mail settings: one row.  `relay` is an smtp:// or
-- smtps:// URL ("" sends nothing); the password is read from `password_file`
-- when sending, never stored here.  Updates of month M are due by day
-- `deadline_day` of month M+1; owners are reminded `reminder_days` before.
CREATE TABLE mail_setting (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    relay         TEXT NOT NULL,
    username      TEXT NOT NULL,
    password_file TEXT NOT NULL,
    sender        TEXT NOT NULL,
    base_url      TEXT NOT NULL,
    deadline_day  INTEGER NOT NULL CHECK (deadline_day BETWEEN 1 AND 28),
    reminder_days INTEGER NOT NULL CHECK (reminder_days BETWEEN 0 AND 27)
) STRICT;
INSERT INTO mail_setting VALUES (1, '', '', '', '', 'http://localhost', 10, 3);

-- An account's address and what it does not want: `muted` is a bit per kind
-- of mail (model/mail.h, enum mail_kind).
CREATE TABLE mail_address (
    account_id INTEGER PRIMARY KEY REFERENCES account (id),
    address    TEXT NOT NULL,
    muted      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Anyone's subscription to a topic: 'action:REF', 'theme:REF', 'reports',
-- 'meetings'.  Nothing is sent before `confirmed_at` (double opt-in); the
-- token is in the confirmation link and in every mail's unsubscribe link.
CREATE TABLE mail_subscription (
    id              INTEGER PRIMARY KEY,
    address         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    confirmed_at    INTEGER,
    unsubscribed_at INTEGER,
    UNIQUE (address, topic)
) STRICT;
CREATE INDEX mail_subscription_topic ON mail_subscription (topic);

-- One message to one recipient, rendered when queued.  `dedupe` keeps an
-- event that may be seen twice (a reminder checked every minute) to one
-- message.  A row goes queued → sending (claimed by process `claimed_by`)
-- → sent, or back to queued with `next_at` later (a retry), or to failed
-- (refused by the relay, or out of attempts).  `message_id` is fixed when
-- queued, so a message sent again after a crash is the same message.
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    dedupe      TEXT UNIQUE,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body_text   TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    unsubscribe TEXT NOT NULL,
    message_id  TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL,
    next_at     INTEGER NOT NULL,
    claimed_by  INTEGER,
    claimed_at  INTEGER,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    last_error  TEXT NOT NULL
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_at);
