package io.cfnazure.localcloud;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The public cloud's regions as the Azure Resource Manager stand-in knows them: each region's pair (Microsoft's
 * "Azure region pairs and nonpaired regions" page; some pairs are one-way, e.g. brazilsouth → southcentralus,
 * westus3 → eastus, westindia → southindia) and whether it has availability zones. That decides where a
 * storage account's geo-redundant copy lives (its secondaryLocation) and which SKUs a region refuses: nonpaired
 * regions have no GRS/RA-GRS/GZRS/RA-GZRS, regions without zones no ZRS/GZRS.
 */
final class AzureRegions {

    /** Region name → its pair, or null for a nonpaired region. */
    private static final Map<String, String> PAIRS = new LinkedHashMap<>();
    /** Region name → whether it has availability zones. */
    private static final Map<String, Boolean> ZONES = new LinkedHashMap<>();

    static {
        // Americas
        region("eastus", "westus", true);
        region("eastus2", "centralus", true);
        region("centralus", "eastus2", true);
        region("northcentralus", "southcentralus", false);
        region("southcentralus", "northcentralus", true);
        region("westcentralus", "westus2", false);
        region("westus", "eastus", false);
        region("westus2", "westcentralus", true);
        region("westus3", "eastus", true);
        region("canadacentral", "canadaeast", true);
        region("canadaeast", "canadacentral", false);
        region("brazilsouth", "southcentralus", true);
        region("brazilsoutheast", "brazilsouth", false);
        region("mexicocentral", null, true);
        region("chilecentral", null, true);
        // Europe
        region("northeurope", "westeurope", true);
        region("westeurope", "northeurope", true);
        region("uksouth", "ukwest", true);
        region("ukwest", "uksouth", false);
        region("francecentral", "francesouth", true);
        region("francesouth", "francecentral", false);
        region("germanywestcentral", "germanynorth", true);
        region("germanynorth", "germanywestcentral", false);
        region("norwayeast", "norwaywest", true);
        region("norwaywest", "norwayeast", false);
        region("switzerlandnorth", "switzerlandwest", true);
        region("switzerlandwest", "switzerlandnorth", false);
        region("swedencentral", "swedensouth", true);
        region("swedensouth", "swedencentral", false);
        region("italynorth", null, true);
        region("polandcentral", null, true);
        region("spaincentral", null, true);
        region("austriaeast", null, true);
        region("belgiumcentral", null, true);
        // Middle East and Africa
        region("uaenorth", "uaecentral", true);
        region("uaecentral", "uaenorth", false);
        region("qatarcentral", null, true);
        region("israelcentral", null, true);
        region("southafricanorth", "southafricawest", true);
        region("southafricawest", "southafricanorth", false);
        // Asia Pacific
        region("eastasia", "southeastasia", true);
        region("southeastasia", "eastasia", true);
        region("australiaeast", "australiasoutheast", true);
        region("australiasoutheast", "australiaeast", false);
        region("australiacentral", "australiacentral2", false);
        region("australiacentral2", "australiacentral", false);
        region("japaneast", "japanwest", true);
        region("japanwest", "japaneast", false);
        region("koreacentral", "koreasouth", true);
        region("koreasouth", "koreacentral", false);
        region("centralindia", "southindia", true);
        region("southindia", "centralindia", false);
        region("westindia", "southindia", false);
        region("jioindiawest", "jioindiacentral", false);
        region("jioindiacentral", "jioindiawest", false);
        region("indonesiacentral", null, true);
        region("malaysiawest", null, true);
        region("newzealandnorth", null, true);
    }

    private AzureRegions() {
    }

    /** ARM's spelling of a location: lower case without spaces ("West Europe" is "westeurope"); empty if unknown. */
    static Optional<String> normalize(final String location) {
        if (location == null) {
            return Optional.empty();
        }
        final String name = location.replace(" ", "").toLowerCase(Locale.ROOT);
        return PAIRS.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    /** Every region, comma-separated, as ARM lists them in LocationNotAvailableForResourceType. */
    static String names() {
        return String.join(",", PAIRS.keySet());
    }

    /** The region a geo-redundant SKU replicates to; empty in a nonpaired region. */
    static Optional<String> pair(final String region) {
        return Optional.ofNullable(PAIRS.get(region));
    }

    static boolean hasZones(final String region) {
        return ZONES.get(region);
    }

    private static void region(final String name, final String pair, final boolean zones) {
        PAIRS.put(name, pair);
        ZONES.put(name, zones);
    }
}
