-- Closing the loop, part one (issue 13): measurable standards and their
-- daily breaches, each customer's milestones as the scheduler last saw
-- them, a customer's CSM owner, and alert rules with the alerts they
-- fired. Times are Unix milliseconds.

-- What a standard is measured by: an event's numeric property
-- (measure_kind 'event') or a survey question's score ('question');
-- '' when it is not measured yet.
ALTER TABLE standards ADD COLUMN measure_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE standards ADD COLUMN measure_event TEXT NOT NULL DEFAULT '';
ALTER TABLE standards ADD COLUMN measure_property TEXT NOT NULL DEFAULT '';
ALTER TABLE standards ADD COLUMN measure_survey TEXT NOT NULL DEFAULT '';
ALTER TABLE standards ADD COLUMN measure_question TEXT NOT NULL DEFAULT '';

-- Per standard, touchpoint ('' for none) and day (YYYY-MM-DD in the
-- workspace's zone): how many values were measured and how many broke it.
CREATE TABLE standard_breaches (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    standard_id   TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL,
    day           TEXT NOT NULL,
    measured      BIGINT NOT NULL,
    breaches      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, standard_id, touchpoint_id, day)
);
CREATE INDEX standard_breaches_day ON standard_breaches (workspace_id, day);

-- How far the standards worker has read each workspace's events and feedback.
CREATE TABLE standard_cursors (
    workspace_id     TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    last_event_id    TEXT NOT NULL,
    last_feedback_id TEXT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- A customer's customer-success manager: a workspace member's user id.
ALTER TABLE customers ADD COLUMN csm_owner TEXT;
CREATE INDEX customers_csm_owner ON customers (workspace_id, csm_owner);

-- Each customer's status on each milestone as the scheduler last worked
-- it out (achieved, pending, overdue), with its dates.
CREATE TABLE customer_milestone_status (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    milestone_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    status       TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    due_at       BIGINT NOT NULL,
    achieved_at  BIGINT,
    changed_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, milestone_id, customer_id)
);
CREATE INDEX customer_milestone_status_customer ON customer_milestone_status (workspace_id, customer_id);
CREATE INDEX customer_milestone_status_status ON customer_milestone_status (workspace_id, status, due_at);

-- Alert rules: kind (goal_missed, score_drop, standard_breaches,
-- negative_aspect), its parameters as JSON, and the members it mails.
CREATE TABLE alert_rules (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    rule_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    enabled      BOOLEAN NOT NULL,
    params       TEXT NOT NULL,
    recipients   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, rule_id)
);

-- Alerts fired: one per rule, condition and period (dedupe_key).
CREATE TABLE alerts (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    alert_id     TEXT NOT NULL,
    rule_id      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL,
    subject_vi   TEXT NOT NULL,
    subject_en   TEXT NOT NULL,
    detail_vi    TEXT NOT NULL,
    detail_en    TEXT NOT NULL,
    link         TEXT NOT NULL,
    value        DOUBLE PRECISION,
    period       TEXT NOT NULL,
    fired_at     BIGINT NOT NULL,
    sent_to      TEXT NOT NULL,
    PRIMARY KEY (workspace_id, alert_id),
    UNIQUE (workspace_id, dedupe_key)
);
CREATE INDEX alerts_fired ON alerts (workspace_id, fired_at);
