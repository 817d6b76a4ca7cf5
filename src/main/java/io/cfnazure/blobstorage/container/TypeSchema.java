package io.cfnazure.blobstorage.container;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.ResourceTypeSchema;
import software.amazon.cloudformation.resource.Serializer;

/**
 * The type's schema ({@code azure-blobstorage-container.json} on the class path), read once per JVM, and what the
 * wrapper does with it to every response. Public and free of the handlers and their clients because the benchmark's
 * do-nothing handler uses it too: its floor then pays for the schema exactly what this type's handler pays.
 */
public final class TypeSchema {

    private static final String FILE = "azure-blobstorage-container.json";
    private static final JSONObject JSON = read();

    private TypeSchema() {
    }

    /** What the wrapper validates requests against. */
    public static JSONObject json() {
        return JSON;
    }

    /**
     * The model without the schema's write-only properties, as the wrapper's own {@code sanitizeModel} returns every
     * response's model, but with the schema loaded once rather than on every response (about 20 ms each time).
     */
    public static <T> T withoutWriteOnlyProperties(final T model, final Serializer serializer,
                                                   final TypeReference<T> modelType) throws IOException {
        final JSONObject json = new JSONObject(serializer.serialize(model));
        Loaded.SCHEMA.removeWriteOnlyProperties(json);
        return serializer.deserializeStrict(json.toString(), modelType);
    }

    private static JSONObject read() {
        try (InputStream in = TypeSchema.class.getClassLoader().getResourceAsStream(FILE)) {
            return new JSONObject(new JSONTokener(in));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loaded on first use: the first response, not the class's loading. */
    private static final class Loaded {
        static final ResourceTypeSchema SCHEMA = ResourceTypeSchema.load(JSON);
    }
}
