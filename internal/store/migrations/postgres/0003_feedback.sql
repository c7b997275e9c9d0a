-- Feedback: surveys and their versions and questions, responses, one
-- feedback table for every source, personal invitations, the rules that
-- invite after an event, unsubscribes, a durable job table and the cursors
-- of the event triggers. Times are Unix milliseconds.

CREATE TABLE surveys (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    survey_id     TEXT NOT NULL,
    name_vi       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    intro_vi      TEXT NOT NULL DEFAULT '',
    intro_en      TEXT NOT NULL DEFAULT '',
    thanks_vi     TEXT NOT NULL DEFAULT '',
    thanks_en     TEXT NOT NULL DEFAULT '',
    next_url      TEXT NOT NULL DEFAULT '',
    next_label_vi TEXT NOT NULL DEFAULT '',
    next_label_en TEXT NOT NULL DEFAULT '',
    touchpoint_id TEXT,
    status        TEXT NOT NULL,
    version       BIGINT NOT NULL,
    public_key    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, survey_id),
    FOREIGN KEY (workspace_id, touchpoint_id) REFERENCES touchpoints (workspace_id, touchpoint_id)
);

-- A version is frozen once it has answers; editing then makes the next one.
CREATE TABLE survey_versions (
    workspace_id TEXT NOT NULL,
    survey_id    TEXT NOT NULL,
    version      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, survey_id, version),
    FOREIGN KEY (workspace_id, survey_id) REFERENCES surveys (workspace_id, survey_id) ON DELETE CASCADE
);

CREATE TABLE survey_questions (
    workspace_id TEXT NOT NULL,
    survey_id    TEXT NOT NULL,
    version      BIGINT NOT NULL,
    position     BIGINT NOT NULL,
    question_key TEXT NOT NULL,
    type         TEXT NOT NULL,
    title_vi     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    required     BOOLEAN NOT NULL,
    spec         TEXT NOT NULL, -- options, overall row and branch, as JSON
    PRIMARY KEY (workspace_id, survey_id, version, position),
    UNIQUE (workspace_id, survey_id, version, question_key),
    FOREIGN KEY (workspace_id, survey_id, version) REFERENCES survey_versions (workspace_id, survey_id, version) ON DELETE CASCADE
);

-- Personal invitations: the token is shown once and kept only as a hash.
CREATE TABLE invitations (
    workspace_id  TEXT NOT NULL,
    invitation_id TEXT NOT NULL,
    survey_id     TEXT NOT NULL,
    customer_id   TEXT,
    channel       TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL,
    order_id      TEXT NOT NULL DEFAULT '',
    rule_id       TEXT NOT NULL DEFAULT '',
    token_hash    TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL,
    response_id   TEXT,
    created_at    BIGINT NOT NULL,
    sent_at       BIGINT,
    reminded_at   BIGINT,
    responded_at  BIGINT,
    expires_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, invitation_id),
    FOREIGN KEY (workspace_id, survey_id) REFERENCES surveys (workspace_id, survey_id) ON DELETE CASCADE
);
CREATE INDEX invitations_survey ON invitations (workspace_id, survey_id, invitation_id);
CREATE INDEX invitations_customer ON invitations (workspace_id, customer_id, created_at);
CREATE INDEX invitations_order ON invitations (workspace_id, order_id);

CREATE TABLE responses (
    workspace_id  TEXT NOT NULL,
    response_id   TEXT NOT NULL,
    survey_id     TEXT NOT NULL,
    version       BIGINT NOT NULL,
    invitation_id TEXT,
    customer_id   TEXT,
    token_hash    TEXT NOT NULL UNIQUE, -- lets the respondent's next step find it
    channel       TEXT NOT NULL,
    language      TEXT NOT NULL,
    last_question TEXT NOT NULL DEFAULT '',
    started_at    BIGINT NOT NULL,
    completed_at  BIGINT,
    PRIMARY KEY (workspace_id, response_id),
    FOREIGN KEY (workspace_id, survey_id, version) REFERENCES survey_versions (workspace_id, survey_id, version) ON DELETE CASCADE
);
CREATE INDEX responses_survey ON responses (workspace_id, survey_id, response_id);

-- One row for everything a customer said: an answer to one question (one
-- a matrix criterion), a review, a comment, a note, a call.
CREATE TABLE feedback (
    workspace_id   TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    feedback_id    TEXT NOT NULL,
    source         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    survey_id      TEXT,
    survey_version BIGINT,
    response_id    TEXT,
    question_key   TEXT NOT NULL DEFAULT '',
    question_type  TEXT NOT NULL DEFAULT '',
    criterion      TEXT NOT NULL DEFAULT '',
    score          DOUBLE PRECISION,
    scale_min      DOUBLE PRECISION NOT NULL DEFAULT 0,
    scale_max      DOUBLE PRECISION NOT NULL DEFAULT 0,
    choices        TEXT NOT NULL DEFAULT '[]',
    text           TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    customer_id    TEXT,
    touchpoint_id  TEXT,
    stage_id       TEXT,
    phase          TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '',
    author         TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    agent          TEXT NOT NULL DEFAULT '',
    duration_s     BIGINT NOT NULL DEFAULT 0,
    external_id    TEXT NOT NULL DEFAULT '',
    external_key   TEXT, -- what makes a re-import add nothing twice
    occurred_at    BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, feedback_id),
    UNIQUE (workspace_id, response_id, question_key, criterion),
    UNIQUE (workspace_id, external_key)
);
CREATE INDEX feedback_time ON feedback (workspace_id, occurred_at);
CREATE INDEX feedback_customer ON feedback (workspace_id, customer_id, occurred_at);
CREATE INDEX feedback_survey ON feedback (workspace_id, survey_id, occurred_at);
CREATE INDEX feedback_touchpoint ON feedback (workspace_id, touchpoint_id, occurred_at);

CREATE TABLE invitation_rules (
    workspace_id  TEXT NOT NULL,
    rule_id       TEXT NOT NULL,
    survey_id     TEXT NOT NULL,
    event_name    TEXT NOT NULL,
    properties    TEXT NOT NULL,
    touchpoint_id TEXT,
    delay_minutes BIGINT NOT NULL,
    channel       TEXT NOT NULL,
    sample_rate   DOUBLE PRECISION NOT NULL,
    active        BOOLEAN NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, rule_id),
    FOREIGN KEY (workspace_id, survey_id) REFERENCES surveys (workspace_id, survey_id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, touchpoint_id) REFERENCES touchpoints (workspace_id, touchpoint_id) ON DELETE CASCADE
);

-- Who asked never to be surveyed again: by email, by customer, or both.
CREATE TABLE unsubscribes (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    kind         TEXT NOT NULL, -- email or customer
    value        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, kind, value)
);

CREATE TABLE feedback_settings (
    workspace_id  TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    fatigue_days  BIGINT NOT NULL,
    reminder_days BIGINT NOT NULL,
    expiry_days   BIGINT NOT NULL
);

-- Durable jobs: retried with exponential backoff, dead after max_attempts.
CREATE TABLE jobs (
    workspace_id TEXT NOT NULL,
    job_id       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL, -- queued, running, done, dead
    attempts     BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    run_at       BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    dedupe_key   TEXT, -- one job per key, such as a rule and an event
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, job_id),
    UNIQUE (workspace_id, dedupe_key)
);
CREATE INDEX jobs_due ON jobs (status, run_at);

-- How far each workspace's event triggers have read the events table.
CREATE TABLE trigger_cursors (
    workspace_id  TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    last_event_id TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);
