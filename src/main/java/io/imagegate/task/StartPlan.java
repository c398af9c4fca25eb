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

    private static final StartPlan NONE = new StartPlan(Map.of(), Set.of(), Map.of(), Set.of());

    private final Map<String, StartSlot> slots;
    private final Set<String> lockedKeys;
    private final Map<String, Long> freeImages;
    private final Set<String> waitingModels;

    private StartPlan(Map<String, StartSlot> slots, Set<String> lockedKeys, Map<String, Long> freeImages,
                      Set<String> waitingModels) {
        this.slots = slots;
        this.lockedKeys = lockedKeys;
        this.freeImages = freeImages;
        this.waitingModels = waitingModels;
    }

    /**
     * Tries the slots' key locks, then reads what their keys have in flight and which models have tasks waiting.
     * The statements go out together and run in order, so the reads see every claim committed before the lock.
     */
    static Uni<StartPlan> read(SqlClient tx, TaskRepository tasks, Map<String, StartSlot> slots) {
        if (slots.isEmpty()) {
            return Uni.createFrom().item(NONE);
        }
        List<String> keys = slots.values().stream().map(StartSlot::keyId).distinct().sorted().toList();
        return Uni.combine().all()
                .unis(tasks.tryLockKeys(tx, keys), tasks.imagesInFlight(tx, keys),
                        tasks.waitingModels(tx, slots.keySet(), Instant.now()))
                .with((locked, inFlight, waiting) -> {
                    Map<String, Long> free = new HashMap<>();
                    slots.values().forEach(slot -> free.put(slot.keyId(),
                            slot.images() - inFlight.getOrDefault(slot.keyId(), 0L)));
                    return new StartPlan(slots, locked, free, new HashSet<>(waiting));
                });
    }

    /** Where the task starts, taking its images from its key; empty if it waits (and so does the rest of its model). */
    Optional<StartSlot> take(NewTask task) {
        String model = task.request().model().id();
        StartSlot slot = slots.get(model);
        if (slot == null) {
            return Optional.empty();
        }
        if (waitingModels.contains(model) || !lockedKeys.contains(slot.keyId())
                || freeImages.get(slot.keyId()) < task.request().numImages()) {
            waitingModels.add(model);
            return Optional.empty();
        }
        freeImages.merge(slot.keyId(), (long) -task.request().numImages(), Long::sum);
        return Optional.of(slot);
    }
}
