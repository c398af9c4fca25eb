-- The images in progress on each upstream key, kept as a sum of changes instead of summed over its running
-- tasks on every claim and every submission that starts tasks: that sum read every running task of the key,
-- 4.3 ms per submission group with 10,000 in flight. Statement triggers on tasks write one change per key per
-- statement, whichever code (or operator's SQL) changes a task, in the transaction that changes it. Changes are
-- rows of their own, not updates of one counter per key, so finishing and starting transactions never wait on
-- each other; images_in_flight() folds a key's changes into one row once they pile up.
-- tasks_inflight_by_key stays for this release, as the previous one sums over it during a rolling update; the
-- release after this one drops it.
CREATE TABLE in_flight_images (
    upstream_key text   NOT NULL,
    images       bigint NOT NULL
);
CREATE INDEX in_flight_images_key ON in_flight_images (upstream_key);

CREATE FUNCTION record_in_flight_images() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO in_flight_images
        SELECT upstream_key, sum(num_images) FROM new_rows
        WHERE status = 'in_progress' AND upstream_key IS NOT NULL GROUP BY upstream_key;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO in_flight_images
        SELECT upstream_key, -sum(num_images) FROM old_rows
        WHERE status = 'in_progress' AND upstream_key IS NOT NULL GROUP BY upstream_key;
    ELSE
        INSERT INTO in_flight_images
        SELECT upstream_key, sum(images) FROM (
            SELECT upstream_key, num_images AS images FROM new_rows WHERE status = 'in_progress'
            UNION ALL
            SELECT upstream_key, -num_images FROM old_rows WHERE status = 'in_progress') AS change
        WHERE upstream_key IS NOT NULL GROUP BY upstream_key HAVING sum(images) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tasks_in_flight_inserted AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_in_flight_images();
CREATE TRIGGER tasks_in_flight_updated AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_in_flight_images();
CREATE TRIGGER tasks_in_flight_deleted AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_in_flight_images();

-- The triggers' lock on tasks holds off every writer until this migration commits, so nothing is counted twice
-- or missed.
INSERT INTO in_flight_images
SELECT upstream_key, sum(num_images) FROM tasks
WHERE status = 'in_progress' AND upstream_key IS NOT NULL GROUP BY upstream_key;

-- Images in progress on key_id. Call it holding the key's lock (pg_advisory_xact_lock(hashtext(key_id))),
-- after taking it: the lock keeps two transactions from folding the same rows, and each statement here reads
-- what was committed before it (the function is volatile), so every start committed before the lock counts.
CREATE FUNCTION images_in_flight(key_id text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    changes bigint;
    total   bigint;
BEGIN
    SELECT count(*), coalesce(sum(images), 0) INTO changes, total FROM in_flight_images WHERE upstream_key = key_id;
    IF changes > 32 THEN
        WITH folded AS (DELETE FROM in_flight_images WHERE upstream_key = key_id RETURNING images)
        INSERT INTO in_flight_images SELECT key_id, coalesce(sum(images), 0) FROM folded RETURNING images INTO total;
    END IF;
    RETURN total;
END $$;
