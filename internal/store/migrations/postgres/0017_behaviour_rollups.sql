-- Day-level rollups of the per-customer analytics state, kept by the
-- analytics worker in the transaction that replaces a customer's state
-- (store/behaviour_rollups.go), so that loyalty and funnel measures read
-- O(days) rows instead of every order or stage passed in the window.
-- Days are day numbers: days from 1970-01-01 to the local date in the
-- workspace's time zone. The worker rebuilds every workspace's state after
-- this upgrade (the state's fingerprint names its version).

-- Each order's day and the days since the customer's previous order and the
-- one before it: 0–366, 367 for 367 days or more, 368 for none.
ALTER TABLE customer_orders ADD COLUMN day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customer_orders ADD COLUMN gap1 BIGINT NOT NULL DEFAULT 368;
ALTER TABLE customer_orders ADD COLUMN gap2 BIGINT NOT NULL DEFAULT 368;

-- Orders per day and gap: kind p1 counts orders by the gap to the previous
-- order (with their VND orders and revenue), p2 by the gap to the one before
-- (gaps up to 366 only); kind life (day 0, gap 0) holds the customers who
-- ever ordered (orders), every VND order and the lifetime VND revenue.
CREATE TABLE order_days (
    workspace_id TEXT NOT NULL,
    day          BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    gap          BIGINT NOT NULL,
    orders       BIGINT NOT NULL,
    vnd_orders   BIGINT NOT NULL,
    revenue_vnd  BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, day, kind, gap)
);

-- The day each customer passed a stage, and customers per stage and day.
ALTER TABLE customer_stage_reached ADD COLUMN day BIGINT NOT NULL DEFAULT 0;
CREATE TABLE stage_days (
    workspace_id TEXT NOT NULL,
    journey_id   TEXT NOT NULL,
    stage_id     TEXT NOT NULL,
    day          BIGINT NOT NULL,
    customers    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, journey_id, stage_id, day)
);

-- RFM reads (last order, orders, revenue) of every customer who ordered
-- from this index alone, in index order, never the customers' rows.
CREATE INDEX customers_rfm ON customers (workspace_id, last_order_at, orders, revenue_vnd, customer_id) WHERE orders > 0;

-- Each touch's day, the days since the customer's previous touch at the
-- same touchpoint (capped as the order gaps), and for a touch followed by
-- an order within the workspace's conversion days, the days since the
-- previous such touch there (-1 for a touch that converts nothing).
ALTER TABLE customer_touches ADD COLUMN day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customer_touches ADD COLUMN gap BIGINT NOT NULL DEFAULT 368;
ALTER TABLE customer_touches ADD COLUMN conv_gap BIGINT NOT NULL DEFAULT -1;

-- Touches per touchpoint, day and gap: kind all counts every touch, kind
-- conv the converting ones by their conv_gap.
CREATE TABLE touch_days (
    workspace_id  TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL,
    day           BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    gap           BIGINT NOT NULL,
    touches       BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, touchpoint_id, day, kind, gap)
);

-- The conversion days the state was worked out with (0: before this upgrade).
ALTER TABLE analytics_cursors ADD COLUMN conversion_days BIGINT NOT NULL DEFAULT 0;

-- The median days between stages reads the gaps of a window from the index alone.
DROP INDEX customer_stage_reached_gap;
CREATE INDEX customer_stage_reached_gap ON customer_stage_reached (workspace_id, journey_id, stage_id, gap_ms, reached_at);

-- Attribution: for a touch credited with the order after it (within the
-- conversion days), the number of touches that share the order, whether it
-- is the first and the last of them, and the order's day.
ALTER TABLE customer_touches ADD COLUMN credit_k BIGINT NOT NULL DEFAULT 0; -- 0: credited with nothing
ALTER TABLE customer_touches ADD COLUMN credit_first BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customer_touches ADD COLUMN credit_last BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customer_touches ADD COLUMN order_day BIGINT NOT NULL DEFAULT 0;

-- What the orders of a day credit to a touchpoint, by the number k of
-- touches sharing an order: first- and last-touch orders and VND revenue,
-- and the touches and their orders' VND revenue (linear credit = ÷ k).
CREATE TABLE credit_days (
    workspace_id  TEXT NOT NULL,
    touchpoint_id TEXT NOT NULL,
    day           BIGINT NOT NULL,
    k             BIGINT NOT NULL,
    first_orders  BIGINT NOT NULL,
    last_orders   BIGINT NOT NULL,
    first_vnd     BIGINT NOT NULL,
    last_vnd      BIGINT NOT NULL,
    touches       BIGINT NOT NULL,
    touches_vnd   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, day, touchpoint_id, k)
);
