-- 003: the columns the forward pass reads, in ref order, so that status,
-- impact and pages scan a compact index instead of the wide action rows.
CREATE INDEX action_schedule
    ON action (ref, theme_id, status, start, finish, baseline_finish, completed_on);
