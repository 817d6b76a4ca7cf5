package io.cfnazure.blobstorage.account.model;

import io.cfnazure.cloudformation.Sha256;
import java.util.Locale;

/**
 * Names for accounts whose template leaves AccountName out: the stack's name and the logical ID in lowercase letters
 * and digits, cut to fit, then a hash of the request. The hash derives from the client request token, so a Create that
 * CloudFormation invokes again for the same operation picks the same name, while a replacement (a new operation) picks
 * a new one. Ten hexadecimal characters make a name another request takes by chance unlikely; Create checks anyway.
 */
public final class AccountNames {

    static final int MAX_LENGTH = 24;
    private static final int SUFFIX_LENGTH = 10;

    private AccountNames() {
    }

    public static String generate(final String stackId, final String logicalResourceId, final String clientRequestToken) {
        final String prefix = alphanumeric(stackName(stackId)) + alphanumeric(logicalResourceId);
        return prefix.substring(0, Math.min(prefix.length(), MAX_LENGTH - SUFFIX_LENGTH))
            + Sha256.hex(stackId + "|" + logicalResourceId + "|" + clientRequestToken).substring(0, SUFFIX_LENGTH);
    }

    /** The name in arn:aws:cloudformation:{region}:{account}:stack/{name}/{guid}. */
    private static String stackName(final String stackId) {
        final String[] parts = stackId == null ? new String[0] : stackId.split("/");
        return parts.length >= 2 ? parts[1] : "";
    }

    private static String alphanumeric(final String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
