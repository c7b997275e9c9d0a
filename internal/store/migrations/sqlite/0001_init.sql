-- Workspaces, accounts and the CX model. Times are Unix milliseconds.
-- Tables of tenant data lead with workspace_id; workspaces, users and
-- sessions are about the server itself (reference tables).

CREATE TABLE workspaces (
    workspace_id     TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    timezone         TEXT NOT NULL,
    language         TEXT NOT NULL,
    currency         TEXT NOT NULL,
    vision_vi        TEXT NOT NULL DEFAULT '',
    vision_en        TEXT NOT NULL DEFAULT '',
    model_updated_at INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);

CREATE TABLE users (
    user_id              TEXT PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    language             TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL,
    created_at           INTEGER NOT NULL
);

CREATE TABLE memberships (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    role         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    key_id       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    PRIMARY KEY (workspace_id, key_id)
);

CREATE TABLE journeys (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    journey_id   TEXT NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    template     TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, journey_id)
);

CREATE TABLE stages (
    workspace_id     TEXT NOT NULL,
    stage_id         TEXT NOT NULL,
    journey_id       TEXT NOT NULL,
    stage_key        TEXT NOT NULL,
    name_vi          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    phase            TEXT NOT NULL,
    position         INTEGER NOT NULL,
    desired_emotions TEXT NOT NULL,
    desired_actions  TEXT NOT NULL,
    owner            TEXT NOT NULL,
    PRIMARY KEY (workspace_id, stage_id),
    UNIQUE (workspace_id, journey_id, stage_key),
    FOREIGN KEY (workspace_id, journey_id) REFERENCES journeys (workspace_id, journey_id) ON DELETE CASCADE
);

CREATE TABLE touchpoints (
    workspace_id   TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    touchpoint_id  TEXT NOT NULL,
    touchpoint_key TEXT NOT NULL,
    name_vi        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    phase          TEXT NOT NULL,
    stage_id       TEXT,
    channel        TEXT NOT NULL,
    mode           TEXT NOT NULL,
    owner          TEXT NOT NULL,
    status         TEXT NOT NULL,
    position       INTEGER NOT NULL,
    targets        TEXT NOT NULL,
    content        TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, touchpoint_id),
    UNIQUE (workspace_id, touchpoint_key),
    FOREIGN KEY (workspace_id, stage_id) REFERENCES stages (workspace_id, stage_id)
);

CREATE TABLE standards (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    standard_id  TEXT NOT NULL,
    position     INTEGER NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    metric       TEXT NOT NULL,
    comparator   TEXT NOT NULL,
    threshold    REAL NOT NULL,
    unit         TEXT NOT NULL,
    scope_kind   TEXT NOT NULL,
    scope_id     TEXT NOT NULL,
    owner        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, standard_id)
);

CREATE TABLE goals (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    goal_id      TEXT NOT NULL,
    position     INTEGER NOT NULL,
    name_vi      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    kpi          TEXT NOT NULL,
    comparator   TEXT NOT NULL,
    target       REAL NOT NULL,
    scope_kind   TEXT NOT NULL,
    scope_id     TEXT NOT NULL,
    due          TEXT NOT NULL,
    owner        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, goal_id)
);

CREATE TABLE milestones (
    workspace_id   TEXT NOT NULL,
    milestone_id   TEXT NOT NULL,
    name_vi        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    description_vi TEXT NOT NULL,
    description_en TEXT NOT NULL,
    journey_id     TEXT NOT NULL,
    stage_id       TEXT NOT NULL,
    due_days       INTEGER NOT NULL,
    -- what achieves the milestone: an event done N times, or a stage reached
    condition_type     TEXT NOT NULL,
    condition_event    TEXT NOT NULL,
    condition_count    INTEGER NOT NULL,
    condition_stage_id TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, milestone_id),
    FOREIGN KEY (workspace_id, journey_id) REFERENCES journeys (workspace_id, journey_id),
    FOREIGN KEY (workspace_id, stage_id) REFERENCES stages (workspace_id, stage_id),
    FOREIGN KEY (workspace_id, condition_stage_id) REFERENCES stages (workspace_id, stage_id)
);
