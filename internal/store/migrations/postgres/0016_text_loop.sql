-- The text analysis learns from the workspace (docs/text.md): a member's
-- corrections of what it read, the model retrained on them, the aspects a
-- workspace adds to the default taxonomy, and how far the re-reading of
-- stored texts with a changed model has gone. Times are Unix milliseconds.

-- One correction a feedback text: the sentiment a member says it has and,
-- when they corrected them too, its aspects ("aspect:sentiment" separated
-- by commas); what the model had read; who and when.
CREATE TABLE text_corrections (
    workspace_id      TEXT NOT NULL,
    feedback_id       TEXT NOT NULL,
    sentiment         TEXT NOT NULL,
    aspects_corrected BOOLEAN NOT NULL,
    aspects           TEXT NOT NULL,
    model_sentiment   TEXT NOT NULL,
    corrected_by      TEXT NOT NULL,
    corrected_at      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, feedback_id),
    FOREIGN KEY (workspace_id, feedback_id) REFERENCES feedback (workspace_id, feedback_id) ON DELETE CASCADE
);
CREATE INDEX text_corrections_at ON text_corrections (workspace_id, corrected_at);

-- A workspace's own sentiment model: the shipped data and its corrections.
CREATE TABLE text_models (
    workspace_id    TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    version         TEXT NOT NULL,
    base_version    TEXT NOT NULL, -- the shipped model it was trained beside
    corrections     BIGINT NOT NULL,
    corrected_until BIGINT NOT NULL, -- the latest correction it learnt
    model           BYTEA NOT NULL,
    trained_at      BIGINT NOT NULL
);

-- The aspects a workspace adds (or phrases it adds to a default aspect).
CREATE TABLE text_aspects (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    aspect       TEXT NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    phrases      TEXT NOT NULL, -- one a line
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, aspect)
);

-- The version of the workspace's analyser the stored analyses are being
-- brought to, and how far that re-reading has gone (NULL once done).
ALTER TABLE text_analysis_cursors ADD COLUMN model_version TEXT NOT NULL DEFAULT '';
ALTER TABLE text_analysis_cursors ADD COLUMN reread_after TEXT;
