-- Consent per customer, purpose and channel; a pair with no row was never asked.
CREATE TABLE customer_consents (
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    channel      TEXT NOT NULL,
    granted      INTEGER NOT NULL,
    source       TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, customer_id, purpose, channel),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
