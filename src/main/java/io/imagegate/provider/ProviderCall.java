package io.imagegate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.catalog.Operation;

/** One task as a provider sees it: whose it is, the validated, normalised input, and the upstream it goes to. */
public record ProviderCall(String taskId, String accountId, String model, Operation operation, int numImages, ObjectNode input,
                           UpstreamTarget target) {
}
