package io.cfnazure.backup;

import io.cfnazure.access.signin.AzureSignInResolver;
import io.cfnazure.access.signin.AzureSignInSettings;
import java.util.Locale;
import java.util.Map;

/**
 * The function's settings, from its environment (the CDK construct sets them). Invalid settings fail every item with
 * the reason rather than the function's start, so the reason reaches the log next to the items it stopped.
 *
 * @param containerUrl            CONTAINER_URL: {@code https://{account}.blob.{cloud suffix}/{container}}
 * @param azureCredentials        how the function signs in to Azure (azure-access's settings):
 *                                AZURE_AUTHENTICATION ({@code ClientSecret}, the default, or {@code AwsWebIdentity});
 *                                AZURE_TENANT_ID and AZURE_CLIENT_ID (with a secret, optional when its JSON holds
 *                                them); AZURE_CLIENT_SECRET_NAME, the Secrets Manager secret (name or ARN), only with
 *                                a secret; AZURE_WEB_IDENTITY_AUDIENCE, only without one (default
 *                                {@code api://AzureADTokenExchange})
 * @param mirrorDeletes           MIRROR_DELETES: delete the copy when the object is deleted (default false)
 * @param blockSizeBytes          BLOCK_SIZE_BYTES: size of the staged blocks (default 8 MiB)
 * @param assumedBytesPerSecond   ASSUMED_THROUGHPUT_MIB_PER_SECOND: copy rate the size limit is computed from
 * @param concurrentCopies        CONCURRENT_COPIES: items (SQS messages, Batch Operations tasks) of one batch copied
 *                                at once (default 16; {@link #concurrentCopiesWithin} caps it by the block buffers)
 */
public record CopyServiceConfig(String containerUrl, AzureSignInSettings azureCredentials, boolean mirrorDeletes,
                                int blockSizeBytes, long assumedBytesPerSecond, int concurrentCopies) {

    static final int MIB = 1024 * 1024;
    static final int DEFAULT_BLOCK_SIZE = 8 * MIB;
    /** Azure takes blocks up to 4000 MiB; a block is held in memory while it uploads, so stay far below. */
    static final int MIN_BLOCK_SIZE = 64 * 1024;
    static final int MAX_BLOCK_SIZE = 256 * MIB;
    /** A conservative cross-cloud rate for a 1,024 MB function (README, Limits); the local benchmark measures more. */
    static final int DEFAULT_THROUGHPUT_MIB_PER_SECOND = 25;
    /** Enough to keep both services busy with small objects (README, Benchmark); more only queues at the servers. */
    static final int DEFAULT_CONCURRENT_COPIES = 16;
    static final int MAX_CONCURRENT_COPIES = 64;

    public static CopyServiceConfig fromEnvironment(final Map<String, String> environment) {
        return new CopyServiceConfig(
            required(environment, "CONTAINER_URL"),
            azureCredentials(environment),
            flag(environment, "MIRROR_DELETES"),
            (int) number(environment, "BLOCK_SIZE_BYTES", DEFAULT_BLOCK_SIZE, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE),
            number(environment, "ASSUMED_THROUGHPUT_MIB_PER_SECOND", DEFAULT_THROUGHPUT_MIB_PER_SECOND, 1, 10_000)
                * MIB,
            (int) number(environment, "CONCURRENT_COPIES", DEFAULT_CONCURRENT_COPIES, 1, MAX_CONCURRENT_COPIES));
    }

    /**
     * The copies run at once with {@code bufferBudgetBytes} for blocks in flight: the setting, but no more than the
     * budget holds blocks, so that every copy running can hold one block while it waits for nothing else.
     */
    int concurrentCopiesWithin(final long bufferBudgetBytes) {
        return (int) Math.max(1, Math.min(concurrentCopies, bufferBudgetBytes / blockSizeBytes));
    }

    /**
     * The sign-in settings, checked here with the function's setting names (the provider's resolver would name the
     * resource's properties): each method's own settings, and none of the other's.
     */
    private static AzureSignInSettings azureCredentials(final Map<String, String> environment) {
        final String method = optional(environment, "AZURE_AUTHENTICATION");
        final String tenantId = optional(environment, "AZURE_TENANT_ID");
        final String clientId = optional(environment, "AZURE_CLIENT_ID");
        if (method == null || AzureSignInResolver.CLIENT_SECRET.equals(method)) {
            forbidden(environment, "AZURE_WEB_IDENTITY_AUDIENCE", AzureSignInResolver.CLIENT_SECRET);
            return new AzureSignInSettings(tenantId, clientId, required(environment, "AZURE_CLIENT_SECRET_NAME"),
                AzureSignInResolver.CLIENT_SECRET, null);
        }
        if (AzureSignInResolver.AWS_WEB_IDENTITY.equals(method)) {
            forbidden(environment, "AZURE_CLIENT_SECRET_NAME", AzureSignInResolver.AWS_WEB_IDENTITY);
            required(environment, "AZURE_TENANT_ID");
            required(environment, "AZURE_CLIENT_ID");
            return new AzureSignInSettings(tenantId, clientId, null, AzureSignInResolver.AWS_WEB_IDENTITY,
                optional(environment, "AZURE_WEB_IDENTITY_AUDIENCE"));
        }
        throw new InvalidSettingException(String.format("AZURE_AUTHENTICATION must be %s or %s, not '%s'.",
            AzureSignInResolver.CLIENT_SECRET, AzureSignInResolver.AWS_WEB_IDENTITY, Texts.bounded(method)));
    }

    /** A setting of the other sign-in method: an error, so the function never signs in otherwise than meant. */
    private static void forbidden(final Map<String, String> environment, final String name, final String method) {
        if (optional(environment, name) != null) {
            throw new InvalidSettingException(String.format("%s is set, but AZURE_AUTHENTICATION is %s, which does "
                + "not use it: remove it, or set AZURE_AUTHENTICATION to the method it belongs to.", name, method));
        }
    }

    public static String required(final Map<String, String> environment, final String name) {
        final String value = optional(environment, name);
        if (value == null) {
            throw new InvalidSettingException(name + " is not set.");
        }
        return value;
    }

    public static String optional(final Map<String, String> environment, final String name) {
        final String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public static boolean flag(final Map<String, String> environment, final String name) {
        final String value = optional(environment, name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(name + " must be true or false, not '" + value + "'.");
        };
    }

    public static long number(final Map<String, String> environment, final String name, final long fallback,
                               final long min, final long max) {
        final String value = optional(environment, name);
        if (value == null) {
            return fallback;
        }
        try {
            final long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (final NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new InvalidSettingException(String.format("%s must be a whole number from %d to %d, not '%s'.",
            name, min, max, value));
    }

    /** A setting the function cannot work with; every item fails permanently with this message. */
    public static final class InvalidSettingException extends RuntimeException {
        public InvalidSettingException(final String message) {
            super("Invalid function setting: " + message);
        }
    }
}
