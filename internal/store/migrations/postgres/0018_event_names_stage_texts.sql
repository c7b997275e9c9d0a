-- The words an owner meets instead of jargon.
--
-- event_names: how many events of each type and name a workspace has
-- received, and when it first and last received one, so that the rule and
-- milestone forms offer the events seen with their counts without counting
-- millions of events. The ingestion writer adds to it in the transaction
-- that stores the events; erasing a customer's events does not lower it.
CREATE TABLE event_names (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    type         TEXT NOT NULL, -- track, page or screen
    name         TEXT NOT NULL,
    events       BIGINT NOT NULL,
    first_seen   BIGINT NOT NULL, -- received_at, Unix ms
    last_seen    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, type, name)
);
INSERT INTO event_names (workspace_id, type, name, events, first_seen, last_seen)
    SELECT workspace_id, type, name, COUNT(*), MIN(received_at), MAX(received_at) FROM events
    WHERE name <> '' AND type IN ('track', 'page', 'screen') GROUP BY workspace_id, type, name;

-- A stage's desired emotions and actions in both languages: the lists of
-- strings become lists of {"vi", "en"}, each string kept as the Vietnamese text.
UPDATE stages SET desired_emotions = COALESCE((SELECT json_agg(CASE WHEN json_typeof(x.e) = 'string' THEN json_build_object('vi', x.e #>> '{}', 'en', '') ELSE x.e END ORDER BY x.o)
    FROM json_array_elements(stages.desired_emotions::json) WITH ORDINALITY AS x(e, o)), '[]')::text WHERE desired_emotions LIKE '[%';
UPDATE stages SET desired_actions = COALESCE((SELECT json_agg(CASE WHEN json_typeof(x.e) = 'string' THEN json_build_object('vi', x.e #>> '{}', 'en', '') ELSE x.e END ORDER BY x.o)
    FROM json_array_elements(stages.desired_actions::json) WITH ORDINALITY AS x(e, o)), '[]')::text WHERE desired_actions LIKE '[%';
