import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Plays the Lambda Java runtime in a JVM whose class path is the provider's Lambda jar alone. Run with the JDK's
 * source-file launcher ({@code java -cp <jar> LambdaRuntimeStandIn.java <port> <class>::<method>}), so that this file
 * is compiled against the jar and nothing else. It loads the handler as Lambda does (the entry point's class by name,
 * one instance kept warm) and invokes it once per request the test sends over 127.0.0.1:port, with a Context whose time
 * counts down from the budget the test gives. The handler's Lambda log lines and its response go back to the test;
 * stdout and stderr are the libraries' alone, as in Lambda's log.
 *
 * <p>Frames, test to runtime: remaining time in ms (long), request id (UTF), request length (int), request bytes.
 * Runtime to test: kind ('L' a Lambda log line, 'R' the response), length (int), bytes. The test closing the connection
 * ends the JVM; a handler that throws ends it too, with the stack trace on stderr.
 */
public final class LambdaRuntimeStandIn {

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(args[0]);
        final String[] entrypoint = args[1].split("::");
        final Class<?> handlerClass = Class.forName(entrypoint[0]);
        final Object handler = handlerClass.getDeclaredConstructor().newInstance();
        final Method handleRequest = handlerClass.getMethod(entrypoint[1], InputStream.class, OutputStream.class,
            Context.class);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
             DataInputStream requests = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
             DataOutputStream answers = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()))) {
            while (true) {
                final long remainingMillis;
                try {
                    remainingMillis = requests.readLong();
                } catch (final EOFException e) {
                    return;
                }
                final String requestId = requests.readUTF();
                final byte[] request = requests.readNBytes(requests.readInt());
                final ByteArrayOutputStream response = new ByteArrayOutputStream();
                handleRequest.invoke(handler, new ByteArrayInputStream(request), response,
                    new InvocationContext(requestId, remainingMillis, answers));
                frame(answers, 'R', response.toByteArray());
                answers.flush();
            }
        }
    }

    private static void frame(final DataOutputStream answers, final char kind, final byte[] bytes) throws IOException {
        answers.writeByte(kind);
        answers.writeInt(bytes.length);
        answers.write(bytes);
    }

    private static final class InvocationContext implements Context, LambdaLogger {

        private static final String FUNCTION_NAME = "azure-blobstorage-container-TypeFunction";

        private final String requestId;
        private final long deadlineMillis;
        private final DataOutputStream answers;

        InvocationContext(final String requestId, final long remainingMillis, final DataOutputStream answers) {
            this.requestId = requestId;
            this.deadlineMillis = System.currentTimeMillis() + remainingMillis;
            this.answers = answers;
        }

        @Override
        public void log(final String message) {
            log(message.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void log(final byte[] message) {
            try {
                frame(answers, 'L', message);
            } catch (final IOException e) {
                throw new UncheckedIOException("The test stopped listening", e);
            }
        }

        @Override
        public LambdaLogger getLogger() {
            return this;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + FUNCTION_NAME;
        }

        @Override
        public String getLogStreamName() {
            return requestId;
        }

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512; // template.yml
        }
    }
}
