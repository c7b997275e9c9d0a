-- Customers and what they do: unified profiles with their identities and
-- summary counters, raw events, orders, stages reached, merges, and the rules
-- that map events to touchpoints and stages. Times are Unix milliseconds.

CREATE TABLE customers (
    workspace_id     TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    customer_id      TEXT NOT NULL,
    user_id          TEXT,
    full_name        TEXT NOT NULL DEFAULT '',
    given_name       TEXT NOT NULL DEFAULT '',
    salutation       TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    birthday         TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    traits           TEXT NOT NULL DEFAULT '{}',
    -- summary, kept in the same transaction as each event
    first_seen       BIGINT,
    last_seen        BIGINT,
    events           BIGINT NOT NULL DEFAULT 0,
    page_views       BIGINT NOT NULL DEFAULT 0,
    time_on_page_ms  BIGINT NOT NULL DEFAULT 0,
    products_viewed  BIGINT NOT NULL DEFAULT 0,
    orders           BIGINT NOT NULL DEFAULT 0,
    revenue_vnd      BIGINT NOT NULL DEFAULT 0,
    revenue_other    TEXT NOT NULL DEFAULT '{}',
    first_order_at   BIGINT,
    last_order_at    BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, customer_id)
);
CREATE INDEX customers_email ON customers (workspace_id, email);
CREATE INDEX customers_phone ON customers (workspace_id, phone);
CREATE INDEX customers_name ON customers (workspace_id, full_name);
CREATE INDEX customers_last_seen ON customers (workspace_id, last_seen);

-- Every way to recognise a customer; one value belongs to one customer.
CREATE TABLE identities (
    workspace_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, kind, value),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX identities_customer ON identities (workspace_id, customer_id);

CREATE TABLE events (
    workspace_id  TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    type          TEXT NOT NULL,
    name          TEXT NOT NULL,
    user_id       TEXT NOT NULL DEFAULT '', -- the ids as sent, so that a rebuild can replay them
    anonymous_id  TEXT NOT NULL DEFAULT '',
    previous_id   TEXT NOT NULL DEFAULT '', -- alias
    group_id      TEXT NOT NULL DEFAULT '', -- group
    touchpoint_id TEXT,
    source        TEXT NOT NULL DEFAULT '', -- context.channel, properties.source or utm_source: for unmapped events
    properties    TEXT NOT NULL, -- identify and group: the traits
    context       TEXT NOT NULL,
    occurred_at   BIGINT NOT NULL,
    received_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, event_id),
    UNIQUE (workspace_id, message_id),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX events_customer ON events (workspace_id, customer_id, occurred_at);
CREATE INDEX events_unmapped ON events (workspace_id, name, source) WHERE touchpoint_id IS NULL;

CREATE TABLE orders (
    workspace_id TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    total        BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    items        TEXT NOT NULL,
    placed_at    BIGINT NOT NULL,
    event_id     TEXT,
    PRIMARY KEY (workspace_id, order_id),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX orders_customer ON orders (workspace_id, customer_id, placed_at);

-- Where each customer stands in each journey, and how they got there.
CREATE TABLE customer_stages (
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    journey_id   TEXT NOT NULL,
    stage_id     TEXT NOT NULL,
    entered_at   BIGINT NOT NULL,
    event_id     TEXT NOT NULL,
    PRIMARY KEY (workspace_id, customer_id, journey_id),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX customer_stages_stage ON customer_stages (workspace_id, stage_id);

CREATE TABLE stage_transitions (
    workspace_id  TEXT NOT NULL,
    transition_id TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    journey_id    TEXT NOT NULL,
    from_stage_id TEXT,
    to_stage_id   TEXT NOT NULL,
    occurred_at   BIGINT NOT NULL,
    event_id      TEXT NOT NULL,
    PRIMARY KEY (workspace_id, transition_id),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX stage_transitions_customer ON stage_transitions (workspace_id, customer_id, occurred_at);

-- Profiles merged into another (alias, identify of an anonymous visitor).
CREATE TABLE customer_merges (
    workspace_id TEXT NOT NULL,
    merge_id     TEXT NOT NULL,
    survivor_id  TEXT NOT NULL,
    merged_id    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    event_id     TEXT,
    merged_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, merge_id)
);
CREATE INDEX customer_merges_survivor ON customer_merges (workspace_id, survivor_id);

-- Two profiles with different user ids that share an email or phone: never
-- merged silently, listed for a person to resolve.
CREATE TABLE identity_conflicts (
    workspace_id TEXT NOT NULL,
    conflict_id  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    customer_id  TEXT NOT NULL, -- who holds the identity
    claimant_id  TEXT NOT NULL, -- who also claimed it
    event_id     TEXT,
    status       TEXT NOT NULL, -- open, merged, dismissed
    created_at   BIGINT NOT NULL,
    resolved_at  BIGINT,
    PRIMARY KEY (workspace_id, conflict_id)
);
CREATE INDEX identity_conflicts_status ON identity_conflicts (workspace_id, status);

-- Rules that map an event to a touchpoint; the first that matches wins.
CREATE TABLE mapping_rules (
    workspace_id   TEXT NOT NULL,
    rule_id        TEXT NOT NULL,
    position       BIGINT NOT NULL,
    event_type     TEXT NOT NULL DEFAULT '', -- '' matches every type
    event_name     TEXT NOT NULL DEFAULT '', -- '' matches every name
    channel        TEXT NOT NULL DEFAULT '', -- context.channel
    property       TEXT NOT NULL DEFAULT '', -- a property name such as source or utm_source
    property_value TEXT NOT NULL DEFAULT '',
    path_prefix    TEXT NOT NULL DEFAULT '', -- page path
    touchpoint_id  TEXT NOT NULL,
    PRIMARY KEY (workspace_id, rule_id),
    FOREIGN KEY (workspace_id, touchpoint_id) REFERENCES touchpoints (workspace_id, touchpoint_id) ON DELETE CASCADE
);

-- Rules that move a customer into a stage: the nth time an event happens.
CREATE TABLE stage_rules (
    workspace_id TEXT NOT NULL,
    rule_id      TEXT NOT NULL,
    position     BIGINT NOT NULL,
    event_name   TEXT NOT NULL,
    occurrence   BIGINT NOT NULL, -- 1 for the first time, 2 for the second …
    journey_id   TEXT NOT NULL,
    stage_id     TEXT NOT NULL,
    PRIMARY KEY (workspace_id, rule_id),
    FOREIGN KEY (workspace_id, stage_id) REFERENCES stages (workspace_id, stage_id) ON DELETE CASCADE
);

-- Workspaces whose default mapping and stage rules were seeded, so that
-- rules a person deleted are not seeded again.
CREATE TABLE rule_seeds (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    seeded_at    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id)
);
