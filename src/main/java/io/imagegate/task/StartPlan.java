package io.imagegate.task;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which accepted tasks start in the transaction that accepts them. A task starts at once when its model's lane
 * has a key whose lock this transaction got, the key has images free, and no task of the model is waiting (a
 * new task never overtakes one that waits). Otherwise it is accepted pending and the dispatcher claims it. The
 * key's lock is only tried, so a submission never waits for a dispatcher claiming on the same key.
 */
final class StartPlan {

    private static final StartPlan NONE = new StartPlan(Map.of(), Map.of(), Set.of());

    private final Map<String, StartSlot> slots;
    /** Free images on each key whose lock this transaction holds. */
    private final Map<String, Long> freeImages;
    private final Set<String> waitingModels;

    private StartPlan(Map<String, StartSlot> slots, Map<String, Long> freeImages, Set<String> waitingModels) {
        this.slots = slots;
        this.freeImages = freeImages;
        this.waitingModels = waitingModels;
    }

    /**
     * Tries the slots' key locks, reading what each locked key has in flight, then reads which models have tasks
     * waiting. The statements go out together and run in order, so the second sees every claim committed before
     * the locks.
     */
    static Uni<StartPlan> read(SqlClient tx, TaskRepository tasks, Map<String, StartSlot> slots) {
        if (slots.isEmpty()) {
            return Uni.createFrom().item(NONE);
        }
        List<String> keys = slots.values().stream().map(StartSlot::keyId).distinct().sorted().toList();
        return Uni.combine().all()
                .unis(tasks.tryLockKeys(tx, keys), tasks.waitingModels(tx, slots.keySet(), Instant.now()))
                .with((inFlight, waiting) -> {
                    Map<String, Long> free = new HashMap<>();
                    slots.values().stream().filter(slot -> inFlight.containsKey(slot.keyId()))
                            .forEach(slot -> free.put(slot.keyId(), slot.images() - inFlight.get(slot.keyId())));
                    return new StartPlan(slots, free, new HashSet<>(waiting));
                });
    }

    /** Where the task starts, taking its images from its key; empty if it waits (and so does the rest of its model). */
    Optional<StartSlot> take(NewTask task) {
        String model = task.request().model().id();
        StartSlot slot = slots.get(model);
        if (slot == null) {
            return Optional.empty();
        }
        Long free = freeImages.get(slot.keyId());
        if (waitingModels.contains(model) || free == null || free < task.request().numImages()) {
            waitingModels.add(model);
            return Optional.empty();
        }
        freeImages.merge(slot.keyId(), (long) -task.request().numImages(), Long::sum);
        return Optional.of(slot);
    }
}
