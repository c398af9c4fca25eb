package io.imagegate.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated, normalised generation request: what the task row stores and the providers read.
 * {@code input} holds the parameters in canonical spellings, without model, operation and callback.
 */
public record TaskRequest(CatalogModel model, Operation operation, int numImages, ObjectNode input,
                          String callbackUrl) {

    public long credits() {
        return (long) model.credits() * numImages;
    }
}
