package io.cfnazure.blobstorage.container.model;

import io.cfnazure.cloudformation.Sha256;
import java.util.Locale;

/**
 * Names for containers whose template leaves ContainerName out: {@code {stack}-{logical id}-{suffix}}, as AWS names
 * buckets. The suffix derives from the client request token, so a Create that CloudFormation invokes again for the
 * same operation picks the same name, while a replacement (a new operation) picks a new one.
 */
public final class ContainerNames {

    static final int MAX_LENGTH = 63;
    private static final int SUFFIX_LENGTH = 12;

    private ContainerNames() {
    }

    public static String generate(final String stackId, final String logicalResourceId, final String clientRequestToken) {
        final String stack = sanitize(stackName(stackId));
        final String logical = sanitize(logicalResourceId);
        String prefix = String.join("-", stack, logical).replaceAll("^-+|-+$", "");
        if (prefix.isEmpty()) {
            prefix = "container";
        }
        final int maxPrefix = MAX_LENGTH - SUFFIX_LENGTH - 1;
        if (prefix.length() > maxPrefix) {
            prefix = prefix.substring(0, maxPrefix).replaceAll("-+$", "");
        }
        return prefix + "-" + suffix(stackId + "|" + logicalResourceId + "|" + clientRequestToken);
    }

    private static String stackName(final String stackId) {
        // arn:aws:cloudformation:{region}:{account}:stack/{name}/{guid}
        if (stackId == null) {
            return "";
        }
        final String[] parts = stackId.split("/");
        return parts.length >= 2 ? parts[1] : "";
    }

    private static String sanitize(final String value) {
        if (value == null) {
            return "";
        }
        return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    private static String suffix(final String seed) {
        return Sha256.hex(seed).substring(0, SUFFIX_LENGTH);
    }
}
