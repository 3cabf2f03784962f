-- 013: money (DESIGN.md, "Expense and cost agreement", "Expense split").
--
-- The panel's expenses are shared between the council and the department by
-- a cost agreement in force on the day each was incurred; programme costs
-- (an interim role's day rate times days) are shared the same way.  Money is
-- integer pence.  A share is in basis points (hundredths of a percent), so
-- 50 % is 5000 and an agreement's shares add up to 10000.
CREATE TABLE cost_agreement (
    id        INTEGER PRIMARY KEY,
    ref       TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    starts_on TEXT NOT NULL,     -- the first day it covers
    ends_on   TEXT,              -- the last day it covers; NULL: until a later one starts
    agreed_on TEXT NOT NULL
) STRICT;

CREATE TABLE agreement_share (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES cost_agreement (id),
    position     INTEGER NOT NULL,
    party        TEXT NOT NULL CHECK (party IN ('council', 'department')),
    share_bp     INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
    UNIQUE (agreement_id, position),
    UNIQUE (agreement_id, party)
) STRICT;

CREATE TABLE expense (
    id             INTEGER PRIMARY KEY,
    ref            TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('panel', 'programme')),
    incurred_on    TEXT NOT NULL,
    claimant       TEXT NOT NULL,   -- who claimed it, or the interim role
    category       TEXT NOT NULL CHECK (category IN ('travel', 'accommodation', 'subsistence',
                                                     'venue', 'fees', 'interim', 'other')),
    description    TEXT NOT NULL,
    amount_pence   INTEGER NOT NULL CHECK (amount_pence > 0),
    day_rate_pence INTEGER CHECK (day_rate_pence > 0),   -- programme costs: the rate ...
    days_x100      INTEGER CHECK (days_x100 > 0),        -- ... times days (in hundredths)
    paid_by        TEXT NOT NULL CHECK (paid_by IN ('council', 'department')),
    receipt_id     INTEGER REFERENCES document (id)      -- a restricted document
) STRICT;
CREATE INDEX expense_incurred ON expense (incurred_on);
