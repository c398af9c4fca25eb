-- Accounts hold prepaid credits. `balance` is spendable, `reserved` is held for accepted tasks.
-- Both are caches of the append-only ledger: balance + reserved = sum(amount), reserved = sum(hold).
CREATE TABLE accounts (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    balance     bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    reserved    bigint      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- kind: topup | adjustment | reserve | capture | release.
-- amount moves balance + reserved; hold moves reserved.
CREATE TABLE ledger_entries (
    id          bigserial PRIMARY KEY,
    account_id  text        NOT NULL REFERENCES accounts (id),
    task_id     text,
    kind        text        NOT NULL CHECK (kind IN ('topup', 'adjustment', 'reserve', 'capture', 'release')),
    amount      bigint      NOT NULL,
    hold        bigint      NOT NULL DEFAULT 0,
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id DESC);
-- A task is reserved once and resolved (captured or released) once: a database guarantee.
CREATE UNIQUE INDEX ledger_entries_task_reserve ON ledger_entries (task_id) WHERE kind = 'reserve';
CREATE UNIQUE INDEX ledger_entries_task_resolve ON ledger_entries (task_id) WHERE kind IN ('capture', 'release');

CREATE TABLE api_keys (
    id                    text PRIMARY KEY,
    account_id            text        NOT NULL REFERENCES accounts (id),
    name                  text        NOT NULL,
    lookup                text        NOT NULL UNIQUE,
    secret_hash           bytea       NOT NULL,
    allowed_models        text[],
    rate_limit_per_minute integer,
    expires_at            timestamptz,
    revoked_at            timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_account ON api_keys (account_id);

-- The catalog rows operators edit; parameter rules live in code per family.
CREATE TABLE models (
    id                text PRIMARY KEY,
    family            text        NOT NULL,
    provider          text        NOT NULL,
    credits           integer     NOT NULL CHECK (credits >= 0),
    enabled           boolean     NOT NULL DEFAULT true,
    supports_callback boolean     NOT NULL DEFAULT false,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

INSERT INTO models (id, family, provider, credits, supports_callback) VALUES
    ('ideogram-v3-turbo',    'ideogram-v3', 'ideogram', 8,  true),
    ('ideogram-v3-balanced', 'ideogram-v3', 'ideogram', 13, true),
    ('ideogram-v3-quality',  'ideogram-v3', 'ideogram', 20, true),
    ('ideogram-v4',          'ideogram-v4', 'ideogram', 12, true),
    ('cogview-4',            'cogview',     'cogview',  4,  false),
    ('sandbox-image',        'sandbox',     'sandbox',  0,  true);

CREATE TABLE tasks (
    id               text PRIMARY KEY,
    account_id       text        NOT NULL REFERENCES accounts (id),
    api_key_id       text        NOT NULL,
    model            text        NOT NULL,
    operation        text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'canceled')),
    input            jsonb       NOT NULL,
    num_images       integer     NOT NULL,
    credits_reserved bigint      NOT NULL,
    credits_consumed bigint      NOT NULL DEFAULT 0,
    output           jsonb,
    error            jsonb,
    callback_url     text,
    provider         text,
    owner            text,
    lease_until      timestamptz,
    attempt          integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz
);
CREATE INDEX tasks_pending ON tasks (created_at) WHERE status = 'pending';
CREATE INDEX tasks_leases ON tasks (lease_until) WHERE status = 'in_progress';
CREATE INDEX tasks_account ON tasks (account_id, created_at DESC, id DESC);

-- Idempotency-Key, scoped per API key, kept for 24 h.
CREATE TABLE idempotency_keys (
    api_key_id    text        NOT NULL,
    key           text        NOT NULL,
    request_hash  bytea       NOT NULL,
    task_id       text        NOT NULL,
    response      jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (api_key_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Outbox of terminal task events, written in the transaction that ends the task and relayed to Redis.
CREATE TABLE task_events (
    id            bigserial PRIMARY KEY,
    task_id       text        NOT NULL,
    account_id    text        NOT NULL,
    status        text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX task_events_unpublished ON task_events (id) WHERE published_at IS NULL;
