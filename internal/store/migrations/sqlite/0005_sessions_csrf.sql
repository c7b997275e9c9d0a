-- The CSRF token is derived from the session cookie (secret.CSRFToken), not
-- stored. Sessions stay signed in; forms opened before this migration carry
-- the old token and ask once to be reloaded.
ALTER TABLE sessions DROP COLUMN csrf_token;
