-- Standard Webhooks signing secrets, per account; the previous one keeps signing during a grace period.
ALTER TABLE accounts
    ADD COLUMN webhook_secret             text,
    ADD COLUMN previous_webhook_secret    text,
    ADD COLUMN previous_secret_expires_at timestamptz;
UPDATE accounts SET webhook_secret = 'whsec_' || encode(decode(
        replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64')
WHERE webhook_secret IS NULL;
ALTER TABLE accounts ALTER COLUMN webhook_secret SET NOT NULL;

-- One delivery per task with a callback_url, written in the transaction that ends the task.
CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    message_id       text        NOT NULL UNIQUE,
    task_id          text        NOT NULL UNIQUE,
    account_id       text        NOT NULL REFERENCES accounts (id),
    url              text        NOT NULL,
    body             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'disabled')),
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    owner            text,
    lease_until      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Every attempt: when, how long, and the status code or error; never the receiver's body.
CREATE TABLE webhook_attempts (
    id           bigserial PRIMARY KEY,
    delivery_id  bigint      NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at timestamptz NOT NULL,
    duration_ms  integer     NOT NULL,
    status_code  integer,
    error        text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
