package io.imagegate.task;

import java.util.List;
import java.util.function.Consumer;

/**
 * The lane that would take a model's next task now, offered by the dispatcher to submission: its route, its
 * upstream key with the key's image budget, the lease owner, and what runs the tasks once their acceptance has
 * committed.
 */
public record StartSlot(String routeId, String keyId, String provider, int images, String owner,
                        Consumer<List<Task>> run) {
}
