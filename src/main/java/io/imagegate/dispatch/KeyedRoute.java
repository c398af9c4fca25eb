package io.imagegate.dispatch;

import io.imagegate.catalog.Route;

/** A route and one key of its pool: the unit the dispatcher claims work for. */
record KeyedRoute(Route route, String pool, UpstreamKey key, String baseUrl) {
}
