package io.cfnazure.backup.testbed;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.cfnazure.localcloud.LambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls a handler as Lambda's Java runtime does: JSON in, the runtime's own serialization library to turn it into the
 * handler's input type (with its mixins for Lambda's event classes) and the output back into JSON, and a context whose
 * remaining time counts down from the function's timeout.
 */
public final class LambdaRuntime {

    /** The function name of every context this runtime passes. */
    public static final String FUNCTION_NAME = "s3-to-azure-copy";

    private LambdaRuntime() {
    }

    public static <I, O> String invoke(final RequestHandler<I, O> handler, final Class<I> inputType,
                                       final Class<O> outputType, final String eventJson, final Duration timeout) {
        final I input = serializer(inputType).fromJson(eventJson);
        final O output = handler.handleRequest(input, context(timeout));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(outputType).toJson(output, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    public static String invoke(final RequestStreamHandler handler, final String eventJson, final Duration timeout) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                context(timeout));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> PojoSerializer<T> serializer(final Class<T> type) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
            ? LambdaEventSerializers.serializerFor(type, LambdaRuntime.class.getClassLoader())
            : JacksonFactory.getInstance().getSerializer(type);
    }

    /** A Lambda context of the copy function with {@code timeout}, invoked now, logging to standard output. */
    public static Context context(final Duration timeout) {
        return new LambdaContext(FUNCTION_NAME, 1024, timeout, new LambdaLogger() {
            @Override
            public void log(final String message) {
                System.out.print(message);
            }

            @Override
            public void log(final byte[] message) {
                System.out.write(message, 0, message.length);
            }
        });
    }
}
