package io.cfnazure.backup;

import java.util.Locale;
import java.util.Map;

/**
 * The function's settings, from its environment (the CDK construct sets them). Invalid settings fail every item with
 * the reason rather than the function's start, so the reason reaches the log next to the items it stopped.
 *
 * @param containerUrl            CONTAINER_URL: {@code https://{account}.blob.{cloud suffix}/{container}}
 * @param tenantId                AZURE_TENANT_ID, optional when the secret's JSON holds {@code tenantId}
 * @param clientId                AZURE_CLIENT_ID, optional when the secret's JSON holds {@code clientId}
 * @param clientSecretName        AZURE_CLIENT_SECRET_NAME: Secrets Manager secret (name or ARN)
 * @param mirrorDeletes           MIRROR_DELETES: delete the copy when the object is deleted (default false)
 * @param blockSizeBytes          BLOCK_SIZE_BYTES: size of the staged blocks (default 8 MiB)
 * @param assumedBytesPerSecond   ASSUMED_THROUGHPUT_MIB_PER_SECOND: copy rate the size limit is computed from
 */
public record CopyServiceConfig(String containerUrl, String tenantId, String clientId, String clientSecretName,
                                boolean mirrorDeletes, int blockSizeBytes, long assumedBytesPerSecond) {

    static final int MIB = 1024 * 1024;
    static final int DEFAULT_BLOCK_SIZE = 8 * MIB;
    /** Azure takes blocks up to 4000 MiB; a block is held in memory while it uploads, so stay far below. */
    static final int MIN_BLOCK_SIZE = 64 * 1024;
    static final int MAX_BLOCK_SIZE = 256 * MIB;
    /** A conservative cross-cloud rate for a 1,024 MB function (README, Limits); the local benchmark measures more. */
    static final int DEFAULT_THROUGHPUT_MIB_PER_SECOND = 25;

    public static CopyServiceConfig fromEnvironment(final Map<String, String> environment) {
        return new CopyServiceConfig(
            required(environment, "CONTAINER_URL"),
            optional(environment, "AZURE_TENANT_ID"),
            optional(environment, "AZURE_CLIENT_ID"),
            required(environment, "AZURE_CLIENT_SECRET_NAME"),
            flag(environment, "MIRROR_DELETES"),
            (int) number(environment, "BLOCK_SIZE_BYTES", DEFAULT_BLOCK_SIZE, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE),
            number(environment, "ASSUMED_THROUGHPUT_MIB_PER_SECOND", DEFAULT_THROUGHPUT_MIB_PER_SECOND, 1, 10_000)
                * MIB);
    }

    private static String required(final Map<String, String> environment, final String name) {
        final String value = optional(environment, name);
        if (value == null) {
            throw new InvalidSettingException(name + " is not set.");
        }
        return value;
    }

    private static String optional(final Map<String, String> environment, final String name) {
        final String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean flag(final Map<String, String> environment, final String name) {
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

    private static long number(final Map<String, String> environment, final String name, final long fallback,
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
        InvalidSettingException(final String message) {
            super("Invalid function setting: " + message);
        }
    }
}
