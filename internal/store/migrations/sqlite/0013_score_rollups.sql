-- Score rollups: per day, measure and everything a score is broken down by,
-- the count, sum and sum of squares of the answers and how many are at the
-- top and the bottom of the scale, so that NPS, CSAT, CES, stars and
-- criteria over any window are exact sums of a few rows (store/score_rollups.go
-- keeps them in the transaction that stores or replaces the feedback).
-- Days are in the time zone the rollups were built in (score_rollup_state);
-- a workspace whose zone differs is rebuilt in the background.

-- How an answer came: link, qr, email, widget, api, import, zalo, sms.
ALTER TABLE feedback ADD COLUMN channel TEXT NOT NULL DEFAULT '';
UPDATE feedback SET channel = COALESCE((SELECT r.channel FROM responses r
    WHERE r.workspace_id = feedback.workspace_id AND r.response_id = feedback.response_id), '');

CREATE TABLE score_rollups (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    measure       TEXT NOT NULL, -- nps, csat, ces, stars, criterion
    day           INTEGER NOT NULL, -- YYYYMMDD in the rollups' time zone
    week          INTEGER NOT NULL, -- YYYYMMDD of that week's Monday
    survey_id     TEXT NOT NULL,
    question_key  TEXT NOT NULL,
    criterion     TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL,
    stage_id      TEXT NOT NULL,
    phase         TEXT NOT NULL,
    channel       TEXT NOT NULL,
    source        TEXT NOT NULL,
    n             INTEGER NOT NULL, -- answers
    total         INTEGER NOT NULL, -- sum of the values (stars converted to 1–5), in millionths
    total_sq      INTEGER NOT NULL, -- sum of their squares, in millionths
    high          INTEGER NOT NULL, -- answers at the top: NPS 9–10, CES 5–7, others 4–5
    low           INTEGER NOT NULL, -- NPS answers 0–6
    PRIMARY KEY (workspace_id, measure, day, survey_id, question_key, criterion, touchpoint_id, stage_id, phase, channel, source)
) WITHOUT ROWID; -- the key holds the rows: a window is one contiguous range

CREATE TABLE score_rollup_state (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    timezone     TEXT NOT NULL, -- '' until built
    built_at     INTEGER NOT NULL
);
INSERT INTO score_rollup_state (workspace_id, timezone, built_at) SELECT workspace_id, '', 0 FROM workspaces;

-- What a goal's actual value is measured over: rolling_30d, month, quarter.
ALTER TABLE goals ADD COLUMN goal_window TEXT NOT NULL DEFAULT 'rolling_30d';
