-- Input images sent inline (data: URIs, multipart files) are kept once per account by content hash. A task's
-- input refers to them as {"sha256", "content_type", "bytes", "url"}, so task views, events, outbox rows,
-- webhook bodies and the Redis stream stay small however large the images are.
CREATE TABLE input_images (
    account_id   text        NOT NULL REFERENCES accounts (id),
    sha256       text        NOT NULL,
    content_type text        NOT NULL,
    bytes        integer     NOT NULL,
    data         bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, sha256)
);
