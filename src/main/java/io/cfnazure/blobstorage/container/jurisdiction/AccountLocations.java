package io.cfnazure.blobstorage.container.jurisdiction;

import io.cfnazure.access.calls.SafeText;
import io.cfnazure.blobstorage.container.jurisdiction.AzureRegions.Region;
import java.util.Optional;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Whether an existing storage account keeps its data within a jurisdiction: its primary location and, for a
 * geo-redundant account, the location of its secondary copy, as Azure Resource Manager reports them. A location this
 * type's table does not know is refused, never guessed.
 */
public final class AccountLocations {

    private AccountLocations() {
    }

    /**
     * Refuses the account when a location of its data lies outside {@code jurisdiction} (a country code, or EU).
     *
     * @param secondary the secondary location, null for an account with one copy region
     */
    public static void requireWithin(final String jurisdiction, final String accountName, final String primary,
                                     final String secondary) {
        check(jurisdiction, accountName, "primary location", primary);
        if (secondary != null) {
            check(jurisdiction, accountName, "secondary location (its geo-redundant copy)", secondary);
        }
    }

    private static void check(final String jurisdiction, final String accountName, final String which,
                              final String location) {
        final Optional<Region> region = AzureRegions.find(location);
        if (region.isEmpty()) {
            throw new CfnInvalidRequestException(String.format("The %s of storage account '%s', '%s', is not in this "
                + "type's table of Azure regions, so it cannot be checked against Jurisdiction '%s'. Nothing was "
                + "changed.", which, accountName, SafeText.of(location), SafeText.of(jurisdiction)));
        }
        if (!AzureRegions.within(region.get(), jurisdiction)) {
            throw new CfnInvalidRequestException(String.format("The %s of storage account '%s' is %s, in %s: outside "
                + "Jurisdiction '%s'. Nothing was changed. Use a storage account whose data stays within the "
                + "jurisdiction (an Azure::BlobStorage::Account with the same Jurisdiction places one so).", which,
                accountName, location, region.get().country(), SafeText.of(jurisdiction)));
        }
    }
}
