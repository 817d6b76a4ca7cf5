package io.cfnazure.blobstorage.container.localrunner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A resource type's handler run from its own Lambda package (the shaded jar {@code cfn submit} uploads), in a class
 * loader of its own, as Lambda runs each type in a function of its own. Needed because the types are built on
 * different versions of the same libraries (azure-core): on one class path one of them would run with the other's.
 * Only the Lambda runtime's interfaces ({@code com.amazonaws.services.lambda.runtime}) are shared, so that the
 * CloudFormation driver can call the handler and pass it a context.
 */
final class IsolatedHandler implements RequestStreamHandler {

    private static final String LAMBDA_RUNTIME = "com.amazonaws.services.lambda.runtime.";

    private final ClassLoader classLoader;
    private final String handlerClass;
    /** Made on first use, and kept: one handler object for the whole command, as a warm Lambda function keeps it. */
    private RequestStreamHandler handler;

    private IsolatedHandler(final ClassLoader classLoader, final String handlerClass) {
        this.classLoader = classLoader;
        this.handlerClass = handlerClass;
    }

    /**
     * @param packageResource the Lambda package, a resource of cfn-local's jar (built into it by the pom)
     * @param handlerClass    the package's entry point, a {@link RequestStreamHandler}
     */
    static IsolatedHandler load(final String packageResource, final String handlerClass) {
        final URL packaged = IsolatedHandler.class.getClassLoader().getResource(packageResource);
        if (packaged == null) {
            throw new IllegalStateException(packageResource + " is not on the class path: build local-runner with "
                + "mvn -f all -pl :local-runner -am package");
        }
        try {
            return new IsolatedHandler(new URLClassLoader(new URL[] {packageFile(packaged).toUri().toURL()},
                new LambdaRuntimeOnly(IsolatedHandler.class.getClassLoader())), handlerClass);
        } catch (final MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class loader of the package: its schema is read from here. */
    ClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public void handleRequest(final InputStream input, final OutputStream output, final Context context)
        throws IOException {
        final Thread thread = Thread.currentThread();
        final ClassLoader caller = thread.getContextClassLoader();
        // Libraries that look up services or configuration through the context class loader find the package's own.
        thread.setContextClassLoader(classLoader);
        try {
            handler().handleRequest(input, output, context);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private synchronized RequestStreamHandler handler() {
        if (handler == null) {
            try {
                handler = (RequestStreamHandler) classLoader.loadClass(handlerClass).getConstructor().newInstance();
            } catch (final ReflectiveOperationException e) {
                throw new IllegalStateException("The Lambda package has no handler " + handlerClass, e);
            }
        }
        return handler;
    }

    /**
     * The package as a file: in place when the resource is one (Maven's tests), otherwise copied out of cfn-local's
     * jar beside java.io.tmpdir, which the CloudFormation wrapper empties on every invocation.
     */
    private static Path packageFile(final URL packaged) {
        try {
            if (packaged.getProtocol().equals("file")) {
                return Path.of(packaged.toURI());
            }
            final Path tmpdir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            final Path copy = Files.createTempFile(tmpdir.getParent(), "cfn-local-handler-", ".jar");
            copy.toFile().deleteOnExit();
            try (InputStream in = packaged.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK, and from cfn-local's own class path the Lambda runtime's interfaces only. */
    private static final class LambdaRuntimeOnly extends ClassLoader {
        private final ClassLoader runner;

        LambdaRuntimeOnly(final ClassLoader runner) {
            super(ClassLoader.getPlatformClassLoader());
            this.runner = runner;
        }

        @Override
        protected Class<?> findClass(final String name) throws ClassNotFoundException {
            if (name.startsWith(LAMBDA_RUNTIME)) {
                return runner.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }
}
