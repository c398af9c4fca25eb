-- Most tasks an account may have pending or in progress at once (NULL: no cap).
ALTER TABLE accounts ADD COLUMN max_concurrent_tasks integer CHECK (max_concurrent_tasks > 0);
