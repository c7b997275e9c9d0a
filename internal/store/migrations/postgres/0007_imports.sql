-- Files uploaded in the dashboard are imported in the background: one row
-- per upload, with its progress and, when it ends, its report. The file
-- waits under the data directory (path) until the import ends.
CREATE TABLE imports (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    import_id    TEXT NOT NULL,
    kind         TEXT NOT NULL, -- customers, orders, feedback
    file_name    TEXT NOT NULL,
    path         TEXT NOT NULL, -- '' once the file is removed
    size         BIGINT NOT NULL,
    options      TEXT NOT NULL, -- JSON: the column map
    status       TEXT NOT NULL, -- queued, running, done, failed
    bytes_read   BIGINT NOT NULL DEFAULT 0,
    runs         BIGINT NOT NULL DEFAULT 0, -- more than one: resumed after a restart
    report       TEXT NOT NULL DEFAULT '', -- JSON, when done
    error        TEXT NOT NULL DEFAULT '', -- JSON of the error, when failed
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, import_id)
);
