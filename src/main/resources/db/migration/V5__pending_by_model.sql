-- The dispatcher claims per model, oldest first: one index range per model instead of a walk past every
-- other model's backlog. Counting all pending tasks (the backlog gauge) uses it as well.
DROP INDEX tasks_pending;
CREATE INDEX tasks_pending ON tasks (model, created_at) WHERE status = 'pending';
