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
    events       INTEGER NOT NULL,
    first_seen   INTEGER NOT NULL, -- received_at, Unix ms
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, type, name)
);
INSERT INTO event_names (workspace_id, type, name, events, first_seen, last_seen)
    SELECT workspace_id, type, name, COUNT(*), MIN(received_at), MAX(received_at) FROM events
    WHERE name <> '' AND type IN ('track', 'page', 'screen') GROUP BY workspace_id, type, name;

-- A stage's desired emotions and actions in both languages: the lists of
-- strings become lists of {"vi", "en"}, each string kept as the Vietnamese text.
UPDATE stages SET desired_emotions = (SELECT json_group_array(CASE WHEN type = 'text' THEN json_object('vi', value, 'en', '') ELSE json(value) END)
    FROM json_each(stages.desired_emotions)) WHERE json_valid(desired_emotions) AND json_type(desired_emotions) = 'array';
UPDATE stages SET desired_actions = (SELECT json_group_array(CASE WHEN type = 'text' THEN json_object('vi', value, 'en', '') ELSE json(value) END)
    FROM json_each(stages.desired_actions)) WHERE json_valid(desired_actions) AND json_type(desired_actions) = 'array';
