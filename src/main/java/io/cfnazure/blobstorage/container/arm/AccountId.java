package io.cfnazure.blobstorage.container.arm;

import io.cfnazure.access.ContainerAddress;
import io.cfnazure.access.calls.SafeText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * A storage account's Azure Resource Manager resource ID:
 * {@code /subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{name}}. The
 * account type's primary identifier (Id), and the container type's StorageAccountId.
 */
public record AccountId(String subscriptionId, String resourceGroup, String accountName) {

    /** ARM compares the fixed segments without regard to case; its own answers spell them as {@link #value()} does. */
    private static final Pattern ID = Pattern.compile("/subscriptions/([0-9a-fA-F-]{36})/resourceGroups/([-\\w.()]{1,90})"
        + "/providers/Microsoft\\.Storage/storageAccounts/([a-z0-9]{3,24})", Pattern.CASE_INSENSITIVE);

    public AccountId {
        if (!ContainerAddress.isValidAccountName(accountName)) {
            throw new CfnInvalidRequestException(String.format("AccountName '%s' is not a valid Azure storage account "
                + "name: use 3-24 lowercase letters and digits.", SafeText.of(accountName)));
        }
    }

    public String value() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
            + "/providers/Microsoft.Storage/storageAccounts/" + accountName;
    }

    /** Reads an ID; {@code property} names where it came from in a refusal (e.g. Id, StorageAccountId). */
    public static AccountId parse(final String property, final String id) {
        final Matcher matcher = id == null ? null : ID.matcher(id);
        if (matcher == null || !matcher.matches()) {
            throw new CfnInvalidRequestException(String.format("%s '%s' is not the resource ID of a storage account: "
                + "expected /subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/"
                + "storageAccounts/{name}.", property, SafeText.of(id)));
        }
        return new AccountId(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    @Override
    public String toString() {
        return value();
    }
}
