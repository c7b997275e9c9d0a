-- Customer search returns the first matches by last seen straight off an
-- index: each term row carries its customer's last_seen (0 when never seen)
-- and words (its name words and e-mail term, each between spaces, so that
-- the other words of a query are checked on the row read), and
-- customer_terms_seen keeps a term's customers in last-seen order. E-mail
-- terms get the mark @, so that a name word's prefix ranges hold name words
-- only. Two triggers keep last_seen in step, whatever statement writes
-- customers.last_seen or inserts a term.
CREATE TABLE customer_terms_new (
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    term         TEXT COLLATE "C" NOT NULL,
    last_seen    BIGINT NOT NULL DEFAULT 0,
    words        TEXT NOT NULL DEFAULT '',
    CONSTRAINT customer_terms_by_customer PRIMARY KEY (workspace_id, customer_id, term),
    CONSTRAINT customer_terms_customer_fk FOREIGN KEY (workspace_id, customer_id)
        REFERENCES customers (workspace_id, customer_id) ON DELETE CASCADE
);
-- Terms as 0008 wrote them: marks the e-mails, adds last seen and words.
CREATE TABLE customer_terms_old AS
    SELECT t.workspace_id, t.customer_id,
           CASE WHEN t.term LIKE '%@%' AND t.term NOT LIKE '=%' AND t.term NOT LIKE '@%' THEN '@' || t.term ELSE t.term END AS term
    FROM customer_terms t;
INSERT INTO customer_terms_new (workspace_id, customer_id, term, last_seen, words)
    SELECT t.workspace_id, t.customer_id, t.term, COALESCE(c.last_seen, 0), COALESCE(w.words, ' ')
    FROM customer_terms_old t
    JOIN customers c ON c.workspace_id = t.workspace_id AND c.customer_id = t.customer_id
    LEFT JOIN (SELECT w.workspace_id, w.customer_id, ' ' || string_agg(w.term, ' ') || ' ' AS words FROM customer_terms_old w
               WHERE w.term NOT LIKE '=%' AND w.term NOT LIKE '+%' AND w.term NOT LIKE '~%'
               GROUP BY w.workspace_id, w.customer_id) w
        ON w.workspace_id = t.workspace_id AND w.customer_id = t.customer_id;
DROP TABLE customer_terms_old;
DROP TABLE customer_terms;
ALTER TABLE customer_terms_new RENAME TO customer_terms;
CREATE INDEX customer_terms_seen ON customer_terms (workspace_id, term, last_seen, customer_id) INCLUDE (words);

CREATE FUNCTION customer_terms_follow_last_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customer_terms SET last_seen = COALESCE(NEW.last_seen, 0)
    WHERE workspace_id = NEW.workspace_id AND customer_id = NEW.customer_id;
    RETURN NULL;
END $$;
CREATE TRIGGER customer_terms_follow_last_seen AFTER UPDATE OF last_seen ON customers
    FOR EACH ROW WHEN (NEW.last_seen IS DISTINCT FROM OLD.last_seen)
    EXECUTE FUNCTION customer_terms_follow_last_seen();

CREATE FUNCTION customer_terms_take_last_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_seen := COALESCE((SELECT last_seen FROM customers
        WHERE workspace_id = NEW.workspace_id AND customer_id = NEW.customer_id), 0);
    RETURN NEW;
END $$;
CREATE TRIGGER customer_terms_take_last_seen BEFORE INSERT ON customer_terms
    FOR EACH ROW WHEN (NEW.last_seen = 0)
    EXECUTE FUNCTION customer_terms_take_last_seen();
