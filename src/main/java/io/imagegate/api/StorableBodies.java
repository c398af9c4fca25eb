package io.imagegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagegate.support.StorableText;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/** Refuses a JSON body with text Postgres cannot hold (see {@link StorableText}), on every route, before it is used. */
@Provider
public class StorableBodies implements ReaderInterceptor {

    private final ObjectMapper json;

    StorableBodies(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof JsonNode tree) {
            StorableText.requireTree(tree);
        } else if (body != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            StorableText.requireTree(json.valueToTree(body));
        }
        return body;
    }
}
