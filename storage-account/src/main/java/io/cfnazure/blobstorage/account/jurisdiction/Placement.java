package io.cfnazure.blobstorage.account.jurisdiction;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.access.calls.SafeText;
import io.cfnazure.blobstorage.container.jurisdiction.AzureRegions.Region;
import io.cfnazure.blobstorage.container.jurisdiction.AzureRegions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * Where an account goes and whether its copies stay in the jurisdiction: the location the template gives, or else the
 * Azure region in the same country as the stack's AWS Region; then the location and, for a geo-redundant SKU, the
 * region of the secondary copy, each checked against the jurisdiction. Refusals say what to set instead.
 */
public final class Placement {

    /** SKUs that keep a second copy in the region's pair. */
    static final Set<String> GEO_REDUNDANT_SKUS = Set.of(
        "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS");

    private Placement() {
    }

    /**
     * The location to create the account in, checked with the SKU against the jurisdiction.
     *
     * @param location     the template's Location, or null: the Azure region in the same country as the stack's AWS
     *                     Region is chosen
     * @param awsRegion    the stack's AWS Region
     * @param jurisdiction the template's Jurisdiction (a country code, or EU), or null (see {@link #effective})
     */
    public static String locationFor(final String location, final String awsRegion, final AzureCloud cloud,
                                     final String jurisdiction, final String sku) {
        final String chosen = location != null ? location : defaultLocation(awsRegion, cloud);
        check(chosen, cloud, effective(jurisdiction, location != null, chosen), sku);
        return chosen;
    }

    /**
     * The jurisdiction an account's copies must keep to: the template's; else, when the type chose the location, the
     * country it chose (a geo-redundant copy must not leave the country the type picked); else none.
     */
    public static String effective(final String jurisdiction, final boolean locationGiven, final String location) {
        if (jurisdiction != null || locationGiven) {
            return jurisdiction;
        }
        return AzureRegions.find(location).map(Region::country).orElse(null);
    }

    /**
     * Checks an account's location and SKU against a jurisdiction (null: none). A geo-redundant SKU is refused in a
     * region without a pair, whatever the jurisdiction: Azure offers none there.
     */
    public static void check(final String location, final AzureCloud cloud, final String jurisdiction,
                             final String sku) {
        final Optional<Region> region = AzureRegions.find(location);
        if (jurisdiction != null && region.isEmpty()) {
            throw new CfnInvalidRequestException(String.format("Location '%s' is not in this type's table of Azure "
                + "regions, so it cannot be checked against Jurisdiction '%s'. Choose one of: %s.",
                SafeText.of(location), SafeText.of(jurisdiction), regionsWithin(jurisdiction, cloud)));
        }
        if (jurisdiction != null && !AzureRegions.within(region.get(), jurisdiction)) {
            throw new CfnInvalidRequestException(String.format("Location '%s' is in %s, outside Jurisdiction '%s'. "
                + "Choose a region within it: %s.", location, region.get().country(), SafeText.of(jurisdiction),
                regionsWithin(jurisdiction, cloud)));
        }
        if (sku == null || !GEO_REDUNDANT_SKUS.contains(sku) || region.isEmpty()) {
            return;
        }
        final Region primary = region.get();
        if (!primary.paired()) {
            throw new CfnInvalidRequestException(String.format("Sku %s keeps a second copy in the region's pair, and "
                + "%s has none (a nonpaired region, where Azure offers no geo-redundant storage). Choose Standard_LRS "
                + "or Standard_ZRS, or another Location.", sku, location));
        }
        final Region secondary = AzureRegions.find(primary.secondary()).orElseThrow();
        if (jurisdiction != null && !AzureRegions.within(secondary, jurisdiction)) {
            throw new CfnInvalidRequestException(String.format("Sku %s would copy the account's data from %s (%s) to "
                + "its paired region %s (%s), outside Jurisdiction '%s'. Choose Standard_LRS or Standard_ZRS, which "
                + "keep every copy in %s, or a Location whose pair is within the jurisdiction.", sku, location,
                primary.country(), secondary.name(), secondary.country(), SafeText.of(jurisdiction), location));
        }
    }

    private static String defaultLocation(final String awsRegion, final AzureCloud cloud) {
        if (cloud != AzureCloud.AZURE_PUBLIC_CLOUD) {
            throw new CfnInvalidRequestException(String.format("Set Location: the type chooses a region from the "
                + "stack's AWS Region only in AzurePublicCloud, not in %s.", cloud.schemaName()));
        }
        final Optional<String> country = AzureRegions.countryWithoutAzureRegion(awsRegion);
        if (country.isPresent()) {
            throw new CfnInvalidRequestException(String.format("The stack's AWS Region %s is in %s, where Azure has no "
                + "region, and this type never chooses a region in another country. Set Location to the Azure region "
                + "you want, and Jurisdiction to the country (or EU) whose rules it must meet.", awsRegion,
                country.get()));
        }
        return AzureRegions.defaultFor(awsRegion).orElseThrow(() -> new CfnInvalidRequestException(String.format(
            "This type has no Azure region in the same country as the AWS Region %s (its table covers the commercial "
                + "AWS Regions). Set Location.", SafeText.of(awsRegion))));
    }

    /** The regions of the cloud open to all within a jurisdiction, for messages. */
    private static String regionsWithin(final String jurisdiction, final AzureCloud cloud) {
        final String regions = AzureRegions.all().values().stream()
            .filter(region -> region.cloud() == cloud && !region.restricted()
                && AzureRegions.within(region, jurisdiction))
            .map(Region::name).sorted().collect(Collectors.joining(", "));
        return regions.isEmpty() ? "none is in this type's table" : regions;
    }
}
