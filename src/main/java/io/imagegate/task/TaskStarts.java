package io.imagegate.task;

import java.util.Optional;

/** Where the tasks a submission accepts go next: the dispatcher of this replica implements it. */
public interface TaskStarts {

    /** A slot a task of this model can start in as it is accepted, if a (route, key) has room now. */
    Optional<StartSlot> slotFor(String modelId);

    /** A commit accepted tasks that wait pending; the dispatcher may have room for them. */
    void pendingAdded();
}
