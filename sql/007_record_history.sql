-- 007: the history of the plan's rows, so that the record of a signed-off month
-- can be read as the plan stood when it was signed off (model/record.h).
--
-- For each table whose rows the public sees and the plan can change later, a
-- table NAME_h keeps every state a row has had, with the span of ledger
-- entries over which it held: it was written by entry `from_seq` (or just
-- before, inside the same transaction) and held until `to_seq` (NULL: it still
-- holds).  The state at ledger head H is the row whose span contains H:
--   from_seq <= H AND (to_seq IS NULL OR to_seq > H).
-- Triggers keep the history, so every write, whatever its path, is recorded;
-- the ledger is the authority and `verify` checks the history against it.
--
-- A write's position is the number of the ledger entry about to be appended:
-- max(seq) + 1.  Every change committed after month M was sealed at head H is
-- therefore at a position > H, and every change before it at <= H.
--
-- Periods and progress updates need no history: once a month is sealed its
-- period and updates are frozen (the triggers at the end refuse any change),
-- and the record of a month shows only the accepted updates of signed-off
-- months up to it.

CREATE TABLE person_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    name,
    role,
    kind
);
CREATE INDEX person_h_id ON person_h (id, from_seq);
CREATE INDEX person_h_ref ON person_h (ref);
INSERT INTO person_h (from_seq, to_seq, id, ref, name, role, kind)
    SELECT 0, NULL, id, ref, name, role, kind FROM person;
CREATE TRIGGER person_h_ai AFTER INSERT ON person BEGIN
    INSERT INTO person_h (from_seq, to_seq, id, ref, name, role, kind)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.name, new.role, new.kind);
END;
CREATE TRIGGER person_h_au AFTER UPDATE ON person BEGIN
    UPDATE person_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO person_h (from_seq, to_seq, id, ref, name, role, kind)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.name, new.role, new.kind);
END;
CREATE TRIGGER person_h_ad AFTER DELETE ON person BEGIN
    UPDATE person_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE review_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    title,
    author,
    published_on,
    url
);
CREATE INDEX review_h_id ON review_h (id, from_seq);
CREATE INDEX review_h_ref ON review_h (ref);
INSERT INTO review_h (from_seq, to_seq, id, ref, title, author, published_on, url)
    SELECT 0, NULL, id, ref, title, author, published_on, url FROM review;
CREATE TRIGGER review_h_ai AFTER INSERT ON review BEGIN
    INSERT INTO review_h (from_seq, to_seq, id, ref, title, author, published_on, url)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.title, new.author, new.published_on, new.url);
END;
CREATE TRIGGER review_h_au AFTER UPDATE ON review BEGIN
    UPDATE review_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO review_h (from_seq, to_seq, id, ref, title, author, published_on, url)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.title, new.author, new.published_on, new.url);
END;
CREATE TRIGGER review_h_ad AFTER DELETE ON review BEGIN
    UPDATE review_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE recommendation_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    review_id,
    text
);
CREATE INDEX recommendation_h_id ON recommendation_h (id, from_seq);
CREATE INDEX recommendation_h_ref ON recommendation_h (ref);
CREATE INDEX recommendation_h_review_id ON recommendation_h (review_id);
INSERT INTO recommendation_h (from_seq, to_seq, id, ref, review_id, text)
    SELECT 0, NULL, id, ref, review_id, text FROM recommendation;
CREATE TRIGGER recommendation_h_ai AFTER INSERT ON recommendation BEGIN
    INSERT INTO recommendation_h (from_seq, to_seq, id, ref, review_id, text)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.review_id, new.text);
END;
CREATE TRIGGER recommendation_h_au AFTER UPDATE ON recommendation BEGIN
    UPDATE recommendation_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO recommendation_h (from_seq, to_seq, id, ref, review_id, text)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.review_id, new.text);
END;
CREATE TRIGGER recommendation_h_ad AFTER DELETE ON recommendation BEGIN
    UPDATE recommendation_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE plan_version_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    number,
    title,
    status,
    approved_on,
    approval_ref,
    signed_off_on
);
CREATE INDEX plan_version_h_id ON plan_version_h (id, from_seq);
INSERT INTO plan_version_h (from_seq, to_seq, id, number, title, status, approved_on, approval_ref, signed_off_on)
    SELECT 0, NULL, id, number, title, status, approved_on, approval_ref, signed_off_on FROM plan_version;
CREATE TRIGGER plan_version_h_ai AFTER INSERT ON plan_version BEGIN
    INSERT INTO plan_version_h (from_seq, to_seq, id, number, title, status, approved_on, approval_ref, signed_off_on)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.number, new.title, new.status, new.approved_on, new.approval_ref, new.signed_off_on);
END;
CREATE TRIGGER plan_version_h_au AFTER UPDATE ON plan_version BEGIN
    UPDATE plan_version_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO plan_version_h (from_seq, to_seq, id, number, title, status, approved_on, approval_ref, signed_off_on)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.number, new.title, new.status, new.approved_on, new.approval_ref, new.signed_off_on);
END;
CREATE TRIGGER plan_version_h_ad AFTER DELETE ON plan_version BEGIN
    UPDATE plan_version_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE theme_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    title,
    lead_id
);
CREATE INDEX theme_h_id ON theme_h (id, from_seq);
CREATE INDEX theme_h_ref ON theme_h (ref);
INSERT INTO theme_h (from_seq, to_seq, id, ref, title, lead_id)
    SELECT 0, NULL, id, ref, title, lead_id FROM theme;
CREATE TRIGGER theme_h_ai AFTER INSERT ON theme BEGIN
    INSERT INTO theme_h (from_seq, to_seq, id, ref, title, lead_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.title, new.lead_id);
END;
CREATE TRIGGER theme_h_au AFTER UPDATE ON theme BEGIN
    UPDATE theme_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO theme_h (from_seq, to_seq, id, ref, title, lead_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.title, new.lead_id);
END;
CREATE TRIGGER theme_h_ad AFTER DELETE ON theme BEGIN
    UPDATE theme_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE action_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    theme_id,
    title,
    description,
    owner_id,
    member_id,
    panel_lead_id,
    start,
    finish,
    baseline_finish,
    status,
    completed_on,
    closure_criteria
);
CREATE INDEX action_h_id ON action_h (id, from_seq);
CREATE INDEX action_h_ref ON action_h (ref);
CREATE INDEX action_h_theme_id ON action_h (theme_id);
INSERT INTO action_h (from_seq, to_seq, id, ref, theme_id, title, description, owner_id, member_id, panel_lead_id, start, finish, baseline_finish, status, completed_on, closure_criteria)
    SELECT 0, NULL, id, ref, theme_id, title, description, owner_id, member_id, panel_lead_id, start, finish, baseline_finish, status, completed_on, closure_criteria FROM action;
CREATE TRIGGER action_h_ai AFTER INSERT ON action BEGIN
    INSERT INTO action_h (from_seq, to_seq, id, ref, theme_id, title, description, owner_id, member_id, panel_lead_id, start, finish, baseline_finish, status, completed_on, closure_criteria)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.theme_id, new.title, new.description, new.owner_id, new.member_id, new.panel_lead_id, new.start, new.finish, new.baseline_finish, new.status, new.completed_on, new.closure_criteria);
END;
CREATE TRIGGER action_h_au AFTER UPDATE ON action BEGIN
    UPDATE action_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO action_h (from_seq, to_seq, id, ref, theme_id, title, description, owner_id, member_id, panel_lead_id, start, finish, baseline_finish, status, completed_on, closure_criteria)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.theme_id, new.title, new.description, new.owner_id, new.member_id, new.panel_lead_id, new.start, new.finish, new.baseline_finish, new.status, new.completed_on, new.closure_criteria);
END;
CREATE TRIGGER action_h_ad AFTER DELETE ON action BEGIN
    UPDATE action_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE action_answer_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    action_id,
    recommendation_id
);
CREATE INDEX action_answer_h_id ON action_answer_h (id, from_seq);
CREATE INDEX action_answer_h_action_id ON action_answer_h (action_id);
CREATE INDEX action_answer_h_recommendation_id ON action_answer_h (recommendation_id);
INSERT INTO action_answer_h (from_seq, to_seq, id, action_id, recommendation_id)
    SELECT 0, NULL, id, action_id, recommendation_id FROM action_answer;
CREATE TRIGGER action_answer_h_ai AFTER INSERT ON action_answer BEGIN
    INSERT INTO action_answer_h (from_seq, to_seq, id, action_id, recommendation_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.action_id, new.recommendation_id);
END;
CREATE TRIGGER action_answer_h_au AFTER UPDATE ON action_answer BEGIN
    UPDATE action_answer_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO action_answer_h (from_seq, to_seq, id, action_id, recommendation_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.action_id, new.recommendation_id);
END;
CREATE TRIGGER action_answer_h_ad AFTER DELETE ON action_answer BEGIN
    UPDATE action_answer_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE action_dep_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    action_id,
    depends_on_id
);
CREATE INDEX action_dep_h_id ON action_dep_h (id, from_seq);
CREATE INDEX action_dep_h_action_id ON action_dep_h (action_id);
CREATE INDEX action_dep_h_depends_on_id ON action_dep_h (depends_on_id);
INSERT INTO action_dep_h (from_seq, to_seq, id, action_id, depends_on_id)
    SELECT 0, NULL, id, action_id, depends_on_id FROM action_dep;
CREATE TRIGGER action_dep_h_ai AFTER INSERT ON action_dep BEGIN
    INSERT INTO action_dep_h (from_seq, to_seq, id, action_id, depends_on_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.action_id, new.depends_on_id);
END;
CREATE TRIGGER action_dep_h_au AFTER UPDATE ON action_dep BEGIN
    UPDATE action_dep_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO action_dep_h (from_seq, to_seq, id, action_id, depends_on_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.action_id, new.depends_on_id);
END;
CREATE TRIGGER action_dep_h_ad AFTER DELETE ON action_dep BEGIN
    UPDATE action_dep_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE milestone_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    action_id,
    title,
    due,
    baseline_due,
    achieved_on,
    public
);
CREATE INDEX milestone_h_id ON milestone_h (id, from_seq);
CREATE INDEX milestone_h_ref ON milestone_h (ref);
CREATE INDEX milestone_h_action_id ON milestone_h (action_id);
INSERT INTO milestone_h (from_seq, to_seq, id, ref, action_id, title, due, baseline_due, achieved_on, public)
    SELECT 0, NULL, id, ref, action_id, title, due, baseline_due, achieved_on, public FROM milestone;
CREATE TRIGGER milestone_h_ai AFTER INSERT ON milestone BEGIN
    INSERT INTO milestone_h (from_seq, to_seq, id, ref, action_id, title, due, baseline_due, achieved_on, public)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.action_id, new.title, new.due, new.baseline_due, new.achieved_on, new.public);
END;
CREATE TRIGGER milestone_h_au AFTER UPDATE ON milestone BEGIN
    UPDATE milestone_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO milestone_h (from_seq, to_seq, id, ref, action_id, title, due, baseline_due, achieved_on, public)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.action_id, new.title, new.due, new.baseline_due, new.achieved_on, new.public);
END;
CREATE TRIGGER milestone_h_ad AFTER DELETE ON milestone BEGIN
    UPDATE milestone_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE measure_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    ref,
    title,
    unit,
    direction,
    baseline,
    baseline_date,
    target,
    target_date,
    tolerance_pct,
    theme_id
);
CREATE INDEX measure_h_id ON measure_h (id, from_seq);
CREATE INDEX measure_h_ref ON measure_h (ref);
INSERT INTO measure_h (from_seq, to_seq, id, ref, title, unit, direction, baseline, baseline_date, target, target_date, tolerance_pct, theme_id)
    SELECT 0, NULL, id, ref, title, unit, direction, baseline, baseline_date, target, target_date, tolerance_pct, theme_id FROM measure;
CREATE TRIGGER measure_h_ai AFTER INSERT ON measure BEGIN
    INSERT INTO measure_h (from_seq, to_seq, id, ref, title, unit, direction, baseline, baseline_date, target, target_date, tolerance_pct, theme_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.title, new.unit, new.direction, new.baseline, new.baseline_date, new.target, new.target_date, new.tolerance_pct, new.theme_id);
END;
CREATE TRIGGER measure_h_au AFTER UPDATE ON measure BEGIN
    UPDATE measure_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO measure_h (from_seq, to_seq, id, ref, title, unit, direction, baseline, baseline_date, target, target_date, tolerance_pct, theme_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.ref, new.title, new.unit, new.direction, new.baseline, new.baseline_date, new.target, new.target_date, new.tolerance_pct, new.theme_id);
END;
CREATE TRIGGER measure_h_ad AFTER DELETE ON measure BEGIN
    UPDATE measure_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE measure_action_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    measure_id,
    action_id
);
CREATE INDEX measure_action_h_id ON measure_action_h (id, from_seq);
CREATE INDEX measure_action_h_measure_id ON measure_action_h (measure_id);
CREATE INDEX measure_action_h_action_id ON measure_action_h (action_id);
INSERT INTO measure_action_h (from_seq, to_seq, id, measure_id, action_id)
    SELECT 0, NULL, id, measure_id, action_id FROM measure_action;
CREATE TRIGGER measure_action_h_ai AFTER INSERT ON measure_action BEGIN
    INSERT INTO measure_action_h (from_seq, to_seq, id, measure_id, action_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.measure_id, new.action_id);
END;
CREATE TRIGGER measure_action_h_au AFTER UPDATE ON measure_action BEGIN
    UPDATE measure_action_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO measure_action_h (from_seq, to_seq, id, measure_id, action_id)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.measure_id, new.action_id);
END;
CREATE TRIGGER measure_action_h_ad AFTER DELETE ON measure_action BEGIN
    UPDATE measure_action_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

CREATE TABLE measure_value_h (
    from_seq INTEGER NOT NULL,
    to_seq   INTEGER,
    id       INTEGER NOT NULL,
    measure_id,
    date,
    value
);
CREATE INDEX measure_value_h_id ON measure_value_h (id, from_seq);
CREATE INDEX measure_value_h_measure_id ON measure_value_h (measure_id);
INSERT INTO measure_value_h (from_seq, to_seq, id, measure_id, date, value)
    SELECT 0, NULL, id, measure_id, date, value FROM measure_value;
CREATE TRIGGER measure_value_h_ai AFTER INSERT ON measure_value BEGIN
    INSERT INTO measure_value_h (from_seq, to_seq, id, measure_id, date, value)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.measure_id, new.date, new.value);
END;
CREATE TRIGGER measure_value_h_au AFTER UPDATE ON measure_value BEGIN
    UPDATE measure_value_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
    INSERT INTO measure_value_h (from_seq, to_seq, id, measure_id, date, value)
        VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM ledger), NULL, new.id, new.measure_id, new.date, new.value);
END;
CREATE TRIGGER measure_value_h_ad AFTER DELETE ON measure_value BEGIN
    UPDATE measure_value_h SET to_seq = (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
        WHERE id = old.id AND to_seq IS NULL;
END;

-- Once a month's record is sealed (month_record), its period and its updates
-- never change: a correction is a new record.  (Before that, an import may
-- write a signed-off month's updates; it seals the month when it ends.)
CREATE TRIGGER period_frozen_u BEFORE UPDATE ON period
    WHEN EXISTS (SELECT 1 FROM month_record WHERE period_id = old.id)
BEGIN SELECT RAISE(ABORT, 'a signed-off month never changes'); END;
CREATE TRIGGER period_frozen_d BEFORE DELETE ON period
    WHEN EXISTS (SELECT 1 FROM month_record WHERE period_id = old.id)
BEGIN SELECT RAISE(ABORT, 'a signed-off month never changes'); END;
CREATE TRIGGER progress_update_frozen_u BEFORE UPDATE ON progress_update
    WHEN EXISTS (SELECT 1 FROM month_record WHERE period_id = old.period_id)
BEGIN SELECT RAISE(ABORT, 'the updates of a signed-off month never change'); END;
CREATE TRIGGER progress_update_frozen_d BEFORE DELETE ON progress_update
    WHEN EXISTS (SELECT 1 FROM month_record WHERE period_id = old.period_id)
BEGIN SELECT RAISE(ABORT, 'the updates of a signed-off month never change'); END;
CREATE TRIGGER progress_update_frozen_i BEFORE INSERT ON progress_update
    WHEN EXISTS (SELECT 1 FROM month_record WHERE period_id = new.period_id)
BEGIN SELECT RAISE(ABORT, 'the updates of a signed-off month never change'); END;
