-- An event now leaves the outbox once Redis took it, so the table holds only what still has to be published
-- instead of every event ever written. Rows already published go. published_at stays for this release, as
-- migrations never drop what the previous release still uses (it marks events during a rolling update); the
-- release after this one drops it with the rows such pods left.
DELETE FROM task_events WHERE published_at IS NOT NULL;
