-- Per-customer analytics state kept by the analytics worker behind a
-- durable cursor on the events (and one on the merges), and rebuilt from
-- raw data by `cxm analytics rebuild`: the stages each customer passed and
-- when, every touch with the order it led to, the months each customer
-- ordered in, milestone progress, and daily browsing rollups. Times are
-- Unix milliseconds; days and months are in the workspace's time zone.

CREATE TABLE analytics_cursors (
    workspace_id  TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    last_event_id TEXT NOT NULL,
    last_merge_id TEXT NOT NULL,
    fingerprint   TEXT NOT NULL, -- the time zone, stages, stage rules and milestones the state was worked out with
    updated_at    BIGINT NOT NULL
);

CREATE TABLE analytics_settings (
    workspace_id    TEXT PRIMARY KEY REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    conversion_days BIGINT NOT NULL,
    churn_days      BIGINT NOT NULL
);

-- A customer passed a stage when they entered it or any later stage of its
-- journey; reached_at is the first time, previous_at that of the stage before.
CREATE TABLE customer_stage_reached (
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    journey_id   TEXT NOT NULL,
    stage_id     TEXT NOT NULL,
    reached_at   BIGINT NOT NULL,
    previous_at  BIGINT,
    gap_ms       BIGINT, -- reached_at − previous_at, indexed for the median
    PRIMARY KEY (workspace_id, customer_id, journey_id, stage_id)
);
CREATE INDEX customer_stage_reached_stage ON customer_stage_reached (workspace_id, journey_id, stage_id, reached_at);
CREATE INDEX customer_stage_reached_gap ON customer_stage_reached (workspace_id, journey_id, stage_id, gap_ms);

-- Every event at a touchpoint, with the first order placed at or after it.
CREATE TABLE customer_touches (
    workspace_id   TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    touchpoint_id  TEXT NOT NULL,
    touched_at     BIGINT NOT NULL,
    next_order_id  TEXT,
    next_order_at  BIGINT,
    next_order_vnd BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, event_id)
);
CREATE INDEX customer_touches_customer ON customer_touches (workspace_id, customer_id);
CREATE INDEX customer_touches_touchpoint ON customer_touches (workspace_id, touchpoint_id, touched_at, customer_id);
CREATE INDEX customer_touches_order ON customer_touches (workspace_id, next_order_at);

-- Every order with the times of the customer's two orders before it, so
-- that the customers with one and with two orders in a window are counted
-- in one pass over the window's orders, without grouping them.
CREATE TABLE customer_orders (
    workspace_id TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    placed_at    BIGINT NOT NULL,
    prev_at      BIGINT,
    prev2_at     BIGINT,
    vnd          BIGINT NOT NULL, -- 1 for a VND order
    total_vnd    BIGINT NOT NULL, -- 0 for another currency
    PRIMARY KEY (workspace_id, order_id)
);
CREATE INDEX customer_orders_placed ON customer_orders (workspace_id, placed_at, prev_at, prev2_at, vnd, total_vnd, customer_id);
CREATE INDEX customer_orders_customer ON customer_orders (workspace_id, customer_id);

-- The months a customer ordered in, with the month of their first order.
CREATE TABLE customer_order_months (
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    month        TEXT NOT NULL,
    cohort       TEXT NOT NULL,
    PRIMARY KEY (workspace_id, customer_id, month)
);
CREATE INDEX customer_order_months_cohort ON customer_order_months (workspace_id, cohort, month);

CREATE TABLE customer_milestones (
    workspace_id TEXT NOT NULL,
    milestone_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    due_at       BIGINT NOT NULL,
    achieved_at  BIGINT,
    PRIMARY KEY (workspace_id, milestone_id, customer_id)
);
CREATE INDEX customer_milestones_customer ON customer_milestones (workspace_id, customer_id);

-- Views and time on page per day: kind is page, product or entry.
CREATE TABLE browsing_daily (
    workspace_id    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    day             TEXT NOT NULL,
    item            TEXT NOT NULL,
    views           BIGINT NOT NULL,
    time_on_page_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, kind, day, item)
);
