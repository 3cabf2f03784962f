-- 002: a covering index of accepted updates, so that "each action's latest
-- accepted update up to a month" (status, forecasts, pages) reads the index
-- alone instead of every update row and its period.
CREATE INDEX progress_update_accepted
    ON progress_update (action_id, period_id, confidence, forecast_finish)
    WHERE state = 'accepted';
