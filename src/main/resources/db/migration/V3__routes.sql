-- Where each model's tasks go: an operator-editable list of routes, tried by priority (then weight).
-- Upstream keys are secrets and live in the environment; a route names the key pool it uses.
CREATE TABLE routes (
    id              text PRIMARY KEY,
    model_id        text        NOT NULL REFERENCES models (id),
    provider        text        NOT NULL,
    upstream_model  text,
    base_url        text,
    key_pool        text,
    priority        integer     NOT NULL DEFAULT 0,
    weight          integer     NOT NULL DEFAULT 1 CHECK (weight > 0),
    timeout_ms      integer     NOT NULL DEFAULT 120000 CHECK (timeout_ms > 0),
    enabled         boolean     NOT NULL DEFAULT true,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routes_model ON routes (model_id);

INSERT INTO routes (id, model_id, provider, upstream_model, key_pool, timeout_ms) VALUES
    ('ideogram-v3-turbo.ideogram',    'ideogram-v3-turbo',    'ideogram', 'V_3:TURBO',        'ideogram', 120000),
    ('ideogram-v3-balanced.ideogram', 'ideogram-v3-balanced', 'ideogram', 'V_3:DEFAULT',      'ideogram', 120000),
    ('ideogram-v3-quality.ideogram',  'ideogram-v3-quality',  'ideogram', 'V_3:QUALITY',      'ideogram', 180000),
    ('ideogram-v4.ideogram',          'ideogram-v4',          'ideogram', 'V_4',              'ideogram', 180000),
    ('cogview-4.zhipu',               'cogview-4',            'openai-images', 'cogview-4-250304', 'cogview', 120000),
    ('sandbox-image.sandbox',         'sandbox-image',        'sandbox',  NULL,               NULL,       60000);

-- The route and upstream key an attempt went to (written before the provider is called), and the routes
-- that already failed this task with a retryable error, so a re-claim fails over to another.
ALTER TABLE tasks
    ADD COLUMN route_id     text,
    ADD COLUMN upstream_key text,
    ADD COLUMN avoid_routes text[] NOT NULL DEFAULT '{}';
CREATE INDEX tasks_inflight_by_key ON tasks (upstream_key) WHERE status = 'in_progress';
