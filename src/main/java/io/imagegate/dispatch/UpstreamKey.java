package io.imagegate.dispatch;

/** One key of a pool. {@code id} (pool name and a hash prefix) is what Postgres and logs see; never the secret. */
record UpstreamKey(String id, String secret) {
}
