package io.cfnazure.cloudformation;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.resource.ResourceTypeSchema;
import software.amazon.cloudformation.resource.Serializer;

/**
 * A type's schema (a JSON file on the class path), read once per JVM, and what the wrapper does with it to every
 * response. Each type holds its own (ContainerSchema, AccountSchema). Free of the handlers and their clients because
 * the benchmark's do-nothing handler of each type uses it too: its floor then pays for the schema exactly what that
 * type's handler pays.
 */
public final class TypeSchema {

    private final JSONObject json;
    /** Loaded on first use: the first response, not the schema's reading. */
    private ResourceTypeSchema loaded;

    private TypeSchema(final JSONObject json) {
        this.json = json;
    }

    /** The schema in {@code file} at the root of this class's class path (the type's jar). */
    public static TypeSchema onClassPath(final String file) {
        try (InputStream in = TypeSchema.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("No " + file + " on the class path");
            }
            return new TypeSchema(new JSONObject(new JSONTokener(in)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the wrapper validates requests against. */
    public JSONObject json() {
        return json;
    }

    /**
     * The model without the schema's write-only properties, as the wrapper's own {@code sanitizeModel} returns every
     * response's model, but with the schema loaded once rather than on every response (about 20 ms each time).
     */
    public <T> T withoutWriteOnlyProperties(final T model, final Serializer serializer,
                                            final TypeReference<T> modelType) throws IOException {
        final JSONObject cleaned = new JSONObject(serializer.serialize(model));
        loaded().removeWriteOnlyProperties(cleaned);
        return serializer.deserializeStrict(cleaned.toString(), modelType);
    }

    private synchronized ResourceTypeSchema loaded() {
        if (loaded == null) {
            loaded = ResourceTypeSchema.load(json);
        }
        return loaded;
    }
}
