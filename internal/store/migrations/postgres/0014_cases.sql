-- Closing the loop: stage and touchpoint owners become workspace members,
-- and follow-up cases with the rules that open them, their feedback and
-- history, the workspace's SLA settings, holidays and root causes, and the
-- cursor of the worker that reads new feedback. Times are Unix milliseconds.

-- An owner is a member (owner_id); owner keeps the old free text where no
-- member's name or e-mail matched it, until an admin picks a member.
ALTER TABLE stages ADD COLUMN owner_id TEXT;
ALTER TABLE touchpoints ADD COLUMN owner_id TEXT;
UPDATE stages SET owner_id = (SELECT m.user_id FROM memberships m JOIN users u ON u.user_id = m.user_id
    WHERE m.workspace_id = stages.workspace_id AND stages.owner <> ''
      AND (lower(u.name) = lower(trim(stages.owner)) OR lower(u.email) = lower(trim(stages.owner)))
    ORDER BY m.created_at LIMIT 1);
UPDATE stages SET owner = '' WHERE owner_id IS NOT NULL;
UPDATE touchpoints SET owner_id = (SELECT m.user_id FROM memberships m JOIN users u ON u.user_id = m.user_id
    WHERE m.workspace_id = touchpoints.workspace_id AND touchpoints.owner <> ''
      AND (lower(u.name) = lower(trim(touchpoints.owner)) OR lower(u.email) = lower(trim(touchpoints.owner)))
    ORDER BY m.created_at LIMIT 1);
UPDATE touchpoints SET owner = '' WHERE owner_id IS NOT NULL;

CREATE TABLE case_rules (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    rule_id       TEXT NOT NULL,
    kind          TEXT NOT NULL, -- nps, csat, review, aspect
    max_score     DOUBLE PRECISION NOT NULL,
    aspect        TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL, -- '' for every touchpoint
    priority      TEXT NOT NULL,
    enabled       BOOLEAN NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, rule_id)
);
-- The two rules every workspace starts with (new ones get them when created).
INSERT INTO case_rules (workspace_id, rule_id, kind, max_score, aspect, touchpoint_id, priority, enabled, created_at, updated_at)
    SELECT workspace_id, 'cr_default_nps', 'nps', 6, '', '', 'high', TRUE, created_at, created_at FROM workspaces;
INSERT INTO case_rules (workspace_id, rule_id, kind, max_score, aspect, touchpoint_id, priority, enabled, created_at, updated_at)
    SELECT workspace_id, 'cr_default_review', 'review', 2, '', '', 'high', TRUE, created_at, created_at FROM workspaces;

CREATE TABLE cases (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    case_id       TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    rule_id       TEXT NOT NULL, -- a case rule's id, or 'manual'
    title         TEXT NOT NULL,
    status        TEXT NOT NULL,
    priority      TEXT NOT NULL,
    owner_id      TEXT NOT NULL, -- '' when nobody has it
    touchpoint_id TEXT NOT NULL,
    stage_id      TEXT NOT NULL,
    root_cause_id TEXT NOT NULL,
    resolution    TEXT NOT NULL,
    detractor     BOOLEAN NOT NULL,
    recovered     BOOLEAN,       -- after a re-survey of a detractor
    opened_at     BIGINT NOT NULL,
    contact_due   BIGINT NOT NULL,
    resolve_due   BIGINT NOT NULL,
    due_at        BIGINT,       -- the next deadline; NULL once resolved
    contacted_at  BIGINT,
    resolved_at   BIGINT,
    closed_at     BIGINT,
    reminded_at   BIGINT,       -- the owner was told the deadline due_at is near
    escalated_at  BIGINT,
    resurvey_invitation_id TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, case_id)
);
-- One open case per customer and rule.
CREATE UNIQUE INDEX cases_open_one ON cases (workspace_id, customer_id, rule_id)
    WHERE status IN ('new', 'contacted', 'in_progress', 'reopened');
CREATE INDEX cases_customer ON cases (workspace_id, customer_id, case_id);
CREATE INDEX cases_owner ON cases (workspace_id, owner_id, status);
CREATE INDEX cases_due ON cases (due_at);

CREATE TABLE case_feedback (
    workspace_id TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    feedback_id  TEXT NOT NULL,
    added_at     BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, case_id, feedback_id),
    FOREIGN KEY (workspace_id, case_id) REFERENCES cases (workspace_id, case_id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, feedback_id) REFERENCES feedback (workspace_id, feedback_id) ON DELETE CASCADE
);
CREATE INDEX case_feedback_feedback ON case_feedback (workspace_id, feedback_id);

CREATE TABLE case_entries (
    workspace_id TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    text         TEXT NOT NULL,
    from_value   TEXT NOT NULL,
    to_value     TEXT NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, case_id, entry_id),
    FOREIGN KEY (workspace_id, case_id) REFERENCES cases (workspace_id, case_id) ON DELETE CASCADE
);

CREATE TABLE case_settings (
    workspace_id        TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    first_contact_hours BIGINT NOT NULL,
    resolve_days        BIGINT NOT NULL,
    remind_minutes      BIGINT NOT NULL,
    work_start          TEXT NOT NULL,
    work_end            TEXT NOT NULL,
    work_days           TEXT NOT NULL, -- JSON list, 0 = Sunday
    resurvey_survey_id  TEXT NOT NULL,
    last_assignee       TEXT NOT NULL, -- the round-robin's last pick
    updated_at          BIGINT NOT NULL
);

CREATE TABLE case_holidays (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    day          TEXT NOT NULL, -- YYYY-MM-DD in the workspace's time zone
    name         TEXT NOT NULL,
    PRIMARY KEY (workspace_id, day)
);

CREATE TABLE root_causes (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    root_cause_id TEXT NOT NULL,
    name_vi       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL,
    PRIMARY KEY (workspace_id, root_cause_id)
);

CREATE TABLE case_cursors (
    workspace_id     TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    last_feedback_id TEXT NOT NULL,
    updated_at       BIGINT NOT NULL
);
-- Existing feedback opens no case: the worker starts after it.
INSERT INTO case_cursors (workspace_id, last_feedback_id, updated_at)
    SELECT w.workspace_id, COALESCE((SELECT MAX(f.feedback_id) FROM feedback f WHERE f.workspace_id = w.workspace_id), ''), w.created_at
    FROM workspaces w;
