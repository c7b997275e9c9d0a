-- Customer search terms: folded name words, the e-mail, the phone and its
-- reversed digits (see store/customer_terms.go), so that search is an index
-- look-up rather than a scan of customers. Existing customers are indexed
-- by a Go step run in this migration's transaction.
CREATE TABLE customer_terms (
    workspace_id TEXT NOT NULL,
    term         TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    PRIMARY KEY (workspace_id, term, customer_id),
    FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX customer_terms_customer ON customer_terms (workspace_id, customer_id);
