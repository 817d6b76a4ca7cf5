package io.cfnazure.blobstorage.container.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.util.logging.ClientLogger;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.signin.AwsWebIdentityTokens;
import io.cfnazure.access.signin.AzureSignIn;
import io.cfnazure.access.signin.EntraIdHttpEdge;
import io.cfnazure.access.signin.EntraIdSignIn;
import io.cfnazure.access.calls.Deadline;
import io.cfnazure.access.signin.SignInFailure;
import io.cfnazure.blobstorage.container.credentials.CallerSignIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import software.amazon.awssdk.utils.Logger;
import software.amazon.cloudformation.loggers.JavaLogPublisher;

/**
 * The libraries' own log lines, from WARN up and never below, through each library's own logging front end and
 * {@link LibraryLogs}: during an invocation to the handler's logger (the user's log group, in a registered type), one
 * line each; otherwise to stdout, which Lambda writes to the function's log. A secret or a token that passes through
 * them on a sign-in is never written.
 */
class LibraryLoggingTest {

    private static final String TENANT_ID = "3f2b8c1e-5d47-4a9b-8e61-0c7d2a4f9b15";
    private static final String CLIENT_ID = "b7e4d2a9-1c6f-4e83-9a50-6d2f8b3c1e74";
    private static final String CLIENT_SECRET = "s3cr3t~Client.Secret-value";
    /** What Entra ID hands out, and what AWS STS signs for the secretless sign-in: both are bearer credentials. */
    private static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.access-token-value.signature";
    private static final String AWS_WEB_IDENTITY_TOKEN = "eyJraWQiOiJhd3MiLCJhbGciOiJSUzI1NiJ9.aws-web-identity.sig";
    private static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    /** A library's logging front end: how its code writes a line. */
    @FunctionalInterface
    interface LoggingFrontEnd {
        void log(String loggerName, Level level, String message);
    }

    /** Loggers of the libraries the handler runs, each through the front end that library logs with. */
    enum LibraryLogger {
        AWS_SDK("software.amazon.awssdk.core.internal.retry.RetryableStageHelper", LibraryLoggingTest::awsSdk),
        AZURE_CORE("com.azure.core.http.policy.RetryPolicy", LibraryLoggingTest::azureCore),
        MSAL("com.microsoft.aad.msal4j.ConfidentialClientApplication", LibraryLoggingTest::slf4j),
        // Commons Logging, bridged: Apache HttpClient (its DEBUG "wire" logger prints whole bodies) and AWS SDK v1.
        APACHE_HTTP_CLIENT("org.apache.http.wire", LibraryLoggingTest::commonsLogging),
        AWS_SDK_V1("com.amazonaws.retry.ClockSkewAdjuster", LibraryLoggingTest::commonsLogging);

        private final String loggerName;
        private final LoggingFrontEnd frontEnd;

        LibraryLogger(final String loggerName, final LoggingFrontEnd frontEnd) {
            this.loggerName = loggerName;
            this.frontEnd = frontEnd;
        }

        void log(final Level level, final String message) {
            frontEnd.log(loggerName, level, message);
        }
    }

    @ParameterizedTest
    @EnumSource(LibraryLogger.class)
    void warningsOfTheLibrariesReachStdoutAndTheirInfoAndDebugDoNot(final LibraryLogger library) {
        final String stdout = stdoutOf(() -> {
            library.log(Level.WARN, "a retry was given up");
            library.log(Level.INFO, "request sent with header Authorization");
            library.log(Level.DEBUG, "<< \"{\"SecretString\":\"value\"}\"");
        });

        assertThat(stdout).contains("WARN " + library.loggerName + " - a retry was given up")
            .doesNotContain("Authorization", "SecretString");
    }

    @ParameterizedTest
    @EnumSource(LibraryLogger.class)
    void duringAnInvocationTheLibrariesWarningsReachItsLoggerInsteadOfStdoutAndAfterItStdoutAgain(
        final LibraryLogger library) {
        final List<String> handlerLog = new CopyOnWriteArrayList<>();

        final String stdoutDuring = stdoutOf(() -> LibraryLogs.during(handlerLog::add, () -> {
            library.log(Level.WARN, "a retry was given up");
            library.log(Level.INFO, "request sent with header Authorization");
            library.log(Level.DEBUG, "<< \"{\"SecretString\":\"value\"}\"");
            return null;
        }));
        final String stdoutAfter = stdoutOf(() -> library.log(Level.WARN, "another retry was given up"));

        assertThat(handlerLog).containsExactly("WARN " + library.loggerName + " - a retry was given up");
        assertThat(stdoutDuring).isEmpty();
        assertThat(stdoutAfter).contains("WARN " + library.loggerName + " - another retry was given up");
    }

    @Test
    void aWarningOnALibrarysOwnThreadReachesTheOneInvocationInProgress() throws Exception {
        final List<String> handlerLog = new CopyOnWriteArrayList<>();
        final ExecutorService libraryThread = Executors.newSingleThreadExecutor();
        try {
            LibraryLogs.during(handlerLog::add, () -> joined(libraryThread.submit(
                () -> LibraryLogger.MSAL.log(Level.WARN, "token request failed"))));
        } finally {
            libraryThread.shutdown();
        }

        assertThat(handlerLog).containsExactly("WARN " + LibraryLogger.MSAL.loggerName + " - token request failed");
    }

    @Test
    void whileTwoInvocationsRunAWarningOnAnotherThreadGoesToStdoutNotToEitherLog() {
        final List<String> first = new CopyOnWriteArrayList<>();
        final List<String> second = new CopyOnWriteArrayList<>();
        final ExecutorService libraryThread = Executors.newSingleThreadExecutor();
        final String stdout;
        try {
            stdout = stdoutOf(() -> LibraryLogs.during(first::add, () -> joined(
                CompletableFuture.runAsync(() -> LibraryLogs.during(second::add, () -> joined(libraryThread.submit(
                    () -> LibraryLogger.AZURE_CORE.log(Level.WARN, "whose is this?"))))))));
        } finally {
            libraryThread.shutdown();
        }

        assertThat(first).isEmpty();
        assertThat(second).isEmpty();
        assertThat(stdout).contains("WARN " + LibraryLogger.AZURE_CORE.loggerName + " - whose is this?");
    }

    @Test
    void aWarningLoggedWhileTheHandlersLoggerPublishesGoesToStdoutRatherThanBackIntoIt() {
        final List<String> handlerLog = new CopyOnWriteArrayList<>();
        // As the wrapper's CloudWatch Logs publisher may: its AWS SDK client warns while it sends a line.
        final software.amazon.cloudformation.proxy.Logger publishingWarns = line -> {
            handlerLog.add(line);
            LibraryLogger.AWS_SDK.log(Level.WARN, "PutLogEvents was retried");
        };

        final String stdout = stdoutOf(() -> LibraryLogs.during(publishingWarns, () -> {
            LibraryLogger.AZURE_CORE.log(Level.WARN, "a retry was given up");
            return null;
        }));

        assertThat(handlerLog).containsExactly("WARN " + LibraryLogger.AZURE_CORE.loggerName + " - a retry was given up");
        assertThat(stdout).contains("WARN " + LibraryLogger.AWS_SDK.loggerName + " - PutLogEvents was retried");
    }

    @Test
    void aWarningWithAnExceptionIsOneLineWithTheExceptionsCauses() {
        final List<String> handlerLog = new CopyOnWriteArrayList<>();

        LibraryLogs.during(handlerLog::add, () -> {
            LoggerFactory.getLogger("com.azure.core.http.policy.RetryPolicy").warn("Retry attempts exhausted",
                new IllegalStateException("request failed\n  at line two", new java.io.IOException("Connection reset")));
            return null;
        });

        assertThat(handlerLog).singleElement().asString()
            .startsWith("WARN com.azure.core.http.policy.RetryPolicy - Retry attempts exhausted: "
                + "java.lang.IllegalStateException: request failed?  at line two <- caused by java.io.IOException: "
                + "Connection reset")
            .doesNotContain("\n", "\tat ");
    }

    @Test
    void theExecutableEntryPointWritesTheHandlersLinesToStdout() {
        // ExecutableWrapper publishes the handler's log through this logger, as the Lambda entry point does to Lambda's.
        final JavaLogPublisher publisher = new JavaLogPublisher(LoggerFactory.getLogger("GLOBAL"));

        final String stdout = stdoutOf(() -> publisher.publishLogEvent("Created container cfn-contract-test-1"));

        assertThat(stdout).contains("DEBUG GLOBAL - Created container cfn-contract-test-1");
    }

    /** The two ways the handler signs in to Entra ID, each with the credential it sends. */
    enum SignIn {
        CLIENT_SECRET_SIGN_IN(new AzureSignIn.WithClientSecret(TENANT_ID, CLIENT_ID, CLIENT_SECRET,
            "azure/blobstorage/client-secret"), CLIENT_SECRET),
        AWS_WEB_IDENTITY_SIGN_IN(new AzureSignIn.WithAwsWebIdentity(TENANT_ID, CLIENT_ID, "api://AzureADTokenExchange"),
            AWS_WEB_IDENTITY_TOKEN);

        private final AzureSignIn signIn;
        private final String credentialSent;

        SignIn(final AzureSignIn signIn, final String credentialSent) {
            this.signIn = signIn;
            this.credentialSent = credentialSent;
        }

        AccessToken with(final EntraIdSignIn entraId) {
            return entraId.signIn(signIn, AzureCloud.AZURE_PUBLIC_CLOUD, STORAGE_SCOPE,
                Deadline.in(Clock.systemUTC(), Duration.ofSeconds(30)), "caller-identity-hash",
                () -> new AwsWebIdentityTokens.Token(AWS_WEB_IDENTITY_TOKEN, Instant.now().plusSeconds(300),
                    "https://sts.example.test", "arn:aws:iam::123456789012:role/caller"));
        }
    }

    @ParameterizedTest
    @EnumSource(SignIn.class)
    void aRefusedSignInIsLoggedByAzureIdentityWithoutTheCredentialSent(final SignIn signIn) {
        final EntraIdSignIn entraId = new EntraIdSignIn(EntraIdHttpEdge.answering(401, """
            {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.",
             "error_codes":[7000215]}"""), CallerSignIn.TERMS);

        final String stdout = stdoutOf(() -> assertThatThrownBy(() -> signIn.with(entraId))
            .isInstanceOf(SignInFailure.class));

        assertThat(stdout).contains("ERROR com.azure.identity", "AADSTS7000215").doesNotContain(signIn.credentialSent);
    }

    @ParameterizedTest
    @EnumSource(SignIn.class)
    void aSuccessfulSignInLogsNeitherTheCredentialSentNorTheToken(final SignIn signIn) {
        final EntraIdSignIn entraId = new EntraIdSignIn(EntraIdHttpEdge.answering(200, """
            {"token_type":"Bearer","expires_in":3599,"access_token":"%s"}""".formatted(ACCESS_TOKEN)),
            CallerSignIn.TERMS);

        final AtomicReference<AccessToken> token = new AtomicReference<>();
        final String stdout = stdoutOf(() -> token.set(signIn.with(entraId)));

        assertThat(token.get().getToken()).isEqualTo(ACCESS_TOKEN);
        assertThat(stdout).doesNotContain(signIn.credentialSent, ACCESS_TOKEN);
    }

    private static void awsSdk(final String name, final Level level, final String message) {
        final Logger logger = Logger.loggerFor(name);
        switch (level) {
            case WARN -> logger.warn(() -> message);
            case INFO -> logger.info(() -> message);
            default -> logger.debug(() -> message);
        }
    }

    private static void azureCore(final String name, final Level level, final String message) {
        final ClientLogger logger = new ClientLogger(name);
        switch (level) {
            case WARN -> logger.warning(message);
            case INFO -> logger.info(message);
            default -> logger.verbose(message);
        }
    }

    private static void slf4j(final String name, final Level level, final String message) {
        final org.slf4j.Logger logger = LoggerFactory.getLogger(name);
        switch (level) {
            case WARN -> logger.warn(message);
            case INFO -> logger.info(message);
            default -> logger.debug(message);
        }
    }

    private static void commonsLogging(final String name, final Level level, final String message) {
        final org.apache.commons.logging.Log logger = LogFactory.getLog(name);
        switch (level) {
            case WARN -> logger.warn(message);
            case INFO -> logger.info(message);
            default -> logger.debug(message);
        }
    }

    private static Void joined(final Future<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is written to stdout while {@code action} runs: LibraryLogs looks up System.out on every line. */
    private static synchronized String stdoutOf(final Runnable action) {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        final String stdout = captured.toString(StandardCharsets.UTF_8);
        original.print(stdout);
        return stdout;
    }
}
