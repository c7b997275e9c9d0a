-- What cxm read in each feedback text (internal/text): its language,
-- sentiment, score, whether it mixes praise and complaint, a copy with
-- personal data replaced, and the model that read it; one row per aspect
-- it mentions; and how far each workspace's analysis has read the
-- feedback table. Times are Unix milliseconds.

CREATE TABLE feedback_analysis (
    workspace_id  TEXT NOT NULL,
    feedback_id   TEXT NOT NULL,
    language      TEXT NOT NULL, -- vi, en, other
    sentiment     TEXT NOT NULL, -- positive, neutral, negative
    score         DOUBLE PRECISION NOT NULL,
    mixed         BOOLEAN NOT NULL,
    redacted      TEXT NOT NULL,
    model_version TEXT NOT NULL,
    analyzed_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, feedback_id),
    FOREIGN KEY (workspace_id, feedback_id) REFERENCES feedback (workspace_id, feedback_id) ON DELETE CASCADE
);
CREATE INDEX feedback_analysis_sentiment ON feedback_analysis (workspace_id, sentiment, feedback_id);
CREATE INDEX feedback_analysis_language ON feedback_analysis (workspace_id, language, feedback_id);

CREATE TABLE feedback_aspects (
    workspace_id TEXT NOT NULL,
    feedback_id  TEXT NOT NULL,
    position     BIGINT NOT NULL, -- order of first mention
    aspect       TEXT NOT NULL,
    sentiment    TEXT NOT NULL,
    PRIMARY KEY (workspace_id, feedback_id, aspect),
    FOREIGN KEY (workspace_id, feedback_id) REFERENCES feedback_analysis (workspace_id, feedback_id) ON DELETE CASCADE
);
CREATE INDEX feedback_aspects_aspect ON feedback_aspects (workspace_id, aspect, feedback_id);

CREATE TABLE text_analysis_cursors (
    workspace_id     TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    last_feedback_id TEXT NOT NULL,
    updated_at       BIGINT NOT NULL
);
