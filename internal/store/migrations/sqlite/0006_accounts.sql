-- Accounts hardening (issue 8).

-- Adding someone to a workspace is an invitation, pending until they accept
-- it through a one-time link (signed in when they have an account, choosing
-- a name and password when they have none). Nothing joins a workspace
-- before that; accepting turns the row into a membership and deletes it.
CREATE TABLE user_invitations (
    workspace_id  TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    invitation_id TEXT NOT NULL,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL,
    language      TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, invitation_id),
    UNIQUE (workspace_id, email)
);

-- Sign-in lands in the workspace used last.
ALTER TABLE memberships ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;

-- Failed sign-ins, kept across restarts (a reference table, like sessions:
-- about the server, not a tenant): one row per (account, address)
-- and one per address, keyed by a hash so that mistyped addresses are not
-- stored in clear.
CREATE TABLE sign_in_failures (
    throttle_key   TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL
);
