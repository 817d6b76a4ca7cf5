package io.cfnazure.blobstorage.container.azure;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.access.calls.SafeText;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Azure's naming rules, checked before any request leaves the handler: a bad name fails with the rule spelled out,
 * and an account name is the only user input that becomes part of a host name.
 */
public final class AzureNamingRules {

    /**
     * C# identifiers, in lowercase: Azure treats metadata names case-insensitively and they travel as HTTP header
     * names, which come back lowercase; lowercase keeps what Read returns equal to the template.
     */
    private static final Pattern METADATA_KEY = Pattern.compile("[a-z_][a-z0-9_]{0,254}");
    /** Printable ASCII without leading or trailing spaces, which HTTP would trim. */
    private static final Pattern METADATA_VALUE = Pattern.compile("([!-~]([ -~]*[!-~])?)?");
    private static final Pattern ENCRYPTION_SCOPE = Pattern.compile("\\$account-encryption-key|[A-Za-z0-9-]{3,63}");
    /** Azure's limit for all names and values of a container's metadata together. */
    static final int METADATA_MAX_BYTES = 8 * 1024;

    private AzureNamingRules() {
    }

    public static String requireAccountName(final String name) {
        if (!ContainerAddress.isValidAccountName(name)) {
            throw new CfnInvalidRequestException(String.format(
                "StorageAccountName '%s' is not a valid Azure storage account name: use 3-24 lowercase letters and digits.",
                SafeText.of(name)));
        }
        return name;
    }

    public static String requireContainerName(final String name) {
        if (!ContainerAddress.isValidContainerName(name)) {
            throw new CfnInvalidRequestException(String.format(
                "ContainerName '%s' is not a valid Azure container name: use 3-63 lowercase letters, digits and "
                    + "single hyphens, starting and ending with a letter or digit.", SafeText.of(name)));
        }
        return name;
    }

    /** @param reservedBytes what this type's own metadata takes of Azure's size limit */
    public static void requireValidMetadata(final Map<String, String> metadata, final int reservedBytes) {
        if (metadata == null) {
            return;
        }
        int bytes = reservedBytes;
        for (final Map.Entry<String, String> entry : metadata.entrySet()) {
            if (!METADATA_KEY.matcher(entry.getKey()).matches()) {
                throw new CfnInvalidRequestException(String.format(
                    "Metadata key '%s' is not valid: use up to 255 lowercase letters, digits and underscores, starting "
                        + "with a letter or underscore (Azure metadata names are case-insensitive C# identifiers).",
                    SafeText.of(entry.getKey())));
            }
            if (entry.getValue() == null || !METADATA_VALUE.matcher(entry.getValue()).matches()) {
                throw new CfnInvalidRequestException(String.format(
                    "Metadata value of '%s' must be printable ASCII without leading or trailing spaces (Azure sends "
                        + "metadata as HTTP headers).", SafeText.of(entry.getKey())));
            }
            bytes += entry.getKey().length() + entry.getValue().length();
        }
        if (bytes > METADATA_MAX_BYTES) {
            throw new CfnInvalidRequestException(String.format(
                "Metadata is %d bytes; Azure allows %d bytes for all names and values together, of which this resource "
                    + "type keeps %d for itself.", bytes - reservedBytes, METADATA_MAX_BYTES, reservedBytes));
        }
    }

    public static void requireValidEncryptionScope(final String scope) {
        if (scope != null && !ENCRYPTION_SCOPE.matcher(scope).matches()) {
            throw new CfnInvalidRequestException(String.format(
                "DefaultEncryptionScope '%s' is not a valid encryption scope name: use 3-63 letters, digits and hyphens, "
                    + "or $account-encryption-key.", SafeText.of(scope)));
        }
    }
}
