package io.cfnazure.blobstorage.container.jurisdiction;

import io.cfnazure.access.AzureCloud;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where Azure's regions are, which region keeps a geo-redundant account's secondary copy, and which Azure region is in
 * the same country as each AWS Region. The tables follow Microsoft's regions list and its region-pairs and
 * nonpaired-regions pages, and AWS's list of Regions (as of 2025-09; see storage-account/README.md). A region or AWS
 * Region missing from them is never guessed: the caller refuses what it cannot place. The account type places and
 * checks accounts with it; the container type checks the account it writes to.
 */
public final class AzureRegions {

    /**
     * One Azure region.
     *
     * @param country    ISO 3166-1 alpha-2 code of the country it is in (HK for Hong Kong SAR)
     * @param secondary  where Azure keeps the secondary copy of a geo-redundant account (its pair); null for a
     *                   nonpaired region, which offers no geo-redundant SKU
     * @param restricted only open to customers who ask Microsoft for access: never chosen as a default
     * @param cloud      the Azure cloud it belongs to
     */
    public record Region(String name, String country, String secondary, boolean restricted, AzureCloud cloud) {

        public boolean paired() {
            return secondary != null;
        }
    }

    /** Microsoft's EU Data Boundary: the countries of the European Union and of EFTA. */
    static final Set<String> EU_DATA_BOUNDARY = Set.of(
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
        "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH");
    /** The Jurisdiction value that stands for {@link #EU_DATA_BOUNDARY}. */
    public static final String EU = "EU";

    private static final Map<String, Region> REGIONS = Stream.of(
        // The Americas. brazilsouth's pair is in the United States.
        region("eastus", "US", "westus"),
        region("eastus2", "US", "centralus"),
        region("centralus", "US", "eastus2"),
        region("northcentralus", "US", "southcentralus"),
        region("southcentralus", "US", "northcentralus"),
        region("westus", "US", "eastus"),
        region("westus2", "US", "westcentralus"),
        region("westus3", "US", "eastus"),
        region("westcentralus", "US", "westus2"),
        region("canadacentral", "CA", "canadaeast"),
        region("canadaeast", "CA", "canadacentral"),
        region("mexicocentral", "MX", null),
        region("brazilsouth", "BR", "southcentralus"),
        restricted("brazilsoutheast", "BR", "brazilsouth"),
        region("chilecentral", "CL", null),
        // Europe. northeurope (Ireland) and westeurope (the Netherlands) are each other's pair.
        region("northeurope", "IE", "westeurope"),
        region("westeurope", "NL", "northeurope"),
        region("uksouth", "GB", "ukwest"),
        region("ukwest", "GB", "uksouth"),
        region("francecentral", "FR", "francesouth"),
        restricted("francesouth", "FR", "francecentral"),
        region("germanywestcentral", "DE", "germanynorth"),
        restricted("germanynorth", "DE", "germanywestcentral"),
        region("switzerlandnorth", "CH", "switzerlandwest"),
        restricted("switzerlandwest", "CH", "switzerlandnorth"),
        region("norwayeast", "NO", "norwaywest"),
        restricted("norwaywest", "NO", "norwayeast"),
        region("swedencentral", "SE", "swedensouth"),
        restricted("swedensouth", "SE", "swedencentral"),
        region("italynorth", "IT", null),
        region("spaincentral", "ES", null),
        region("polandcentral", "PL", null),
        region("austriaeast", "AT", null),
        region("belgiumcentral", "BE", null),
        // The Middle East and Africa.
        region("israelcentral", "IL", null),
        region("qatarcentral", "QA", null),
        region("uaenorth", "AE", "uaecentral"),
        restricted("uaecentral", "AE", "uaenorth"),
        region("southafricanorth", "ZA", "southafricawest"),
        restricted("southafricawest", "ZA", "southafricanorth"),
        // Asia Pacific. eastasia (Hong Kong SAR) and southeastasia (Singapore) are each other's pair.
        region("eastasia", "HK", "southeastasia"),
        region("southeastasia", "SG", "eastasia"),
        region("centralindia", "IN", "southindia"),
        region("southindia", "IN", "centralindia"),
        region("westindia", "IN", "southindia"),
        restricted("jioindiawest", "IN", "jioindiacentral"),
        restricted("jioindiacentral", "IN", "jioindiawest"),
        region("japaneast", "JP", "japanwest"),
        region("japanwest", "JP", "japaneast"),
        region("koreacentral", "KR", "koreasouth"),
        region("koreasouth", "KR", "koreacentral"),
        region("australiaeast", "AU", "australiasoutheast"),
        region("australiasoutheast", "AU", "australiaeast"),
        region("australiacentral", "AU", "australiacentral2"),
        restricted("australiacentral2", "AU", "australiacentral"),
        region("indonesiacentral", "ID", null),
        region("malaysiawest", "MY", null),
        region("newzealandnorth", "NZ", null),
        // Azure Government and Azure operated by 21Vianet (China): clouds of their own, each in one country.
        sovereign("usgovvirginia", "US", "usgovtexas", AzureCloud.AZURE_US_GOVERNMENT),
        sovereign("usgovtexas", "US", "usgovvirginia", AzureCloud.AZURE_US_GOVERNMENT),
        sovereign("usgovarizona", "US", "usgovtexas", AzureCloud.AZURE_US_GOVERNMENT),
        sovereign("chinanorth", "CN", "chinaeast", AzureCloud.AZURE_CHINA_CLOUD),
        sovereign("chinaeast", "CN", "chinanorth", AzureCloud.AZURE_CHINA_CLOUD),
        sovereign("chinanorth2", "CN", "chinaeast2", AzureCloud.AZURE_CHINA_CLOUD),
        sovereign("chinaeast2", "CN", "chinanorth2", AzureCloud.AZURE_CHINA_CLOUD),
        sovereign("chinanorth3", "CN", "chinaeast3", AzureCloud.AZURE_CHINA_CLOUD),
        sovereign("chinaeast3", "CN", "chinanorth3", AzureCloud.AZURE_CHINA_CLOUD)
    ).collect(Collectors.toUnmodifiableMap(Region::name, region -> region));

    /**
     * Each commercial AWS Region and the Azure public-cloud region in the same country (in the same city or state
     * where Azure has one; otherwise the nearest region with availability zones). Absent: AWS Regions in a country
     * without an Azure region ({@link #NO_AZURE_REGION_IN_COUNTRY}), and other AWS partitions.
     */
    public static final Map<String, String> DEFAULT_FOR_AWS_REGION = Map.ofEntries(
        Map.entry("us-east-1", "eastus"),                 // Virginia
        Map.entry("us-east-2", "centralus"),              // Ohio: no Azure region in the state
        Map.entry("us-west-1", "westus"),                 // California
        Map.entry("us-west-2", "westus2"),                // Oregon: Washington state
        Map.entry("ca-central-1", "canadacentral"),       // Montréal: Toronto (canadaeast, Québec City, has no zones)
        Map.entry("ca-west-1", "canadacentral"),          // Calgary
        Map.entry("mx-central-1", "mexicocentral"),
        Map.entry("sa-east-1", "brazilsouth"),            // São Paulo
        Map.entry("eu-west-1", "northeurope"),            // Ireland
        Map.entry("eu-west-2", "uksouth"),                // London
        Map.entry("eu-west-3", "francecentral"),          // Paris
        Map.entry("eu-central-1", "germanywestcentral"),  // Frankfurt
        Map.entry("eu-central-2", "switzerlandnorth"),    // Zurich
        Map.entry("eu-north-1", "swedencentral"),         // Stockholm: Gävle
        Map.entry("eu-south-1", "italynorth"),            // Milan
        Map.entry("eu-south-2", "spaincentral"),          // Aragón: Madrid
        Map.entry("il-central-1", "israelcentral"),
        Map.entry("me-central-1", "uaenorth"),            // UAE: Dubai
        Map.entry("af-south-1", "southafricanorth"),      // Cape Town: Johannesburg
        Map.entry("ap-east-1", "eastasia"),               // Hong Kong SAR
        Map.entry("ap-south-1", "centralindia"),          // Mumbai: Pune
        Map.entry("ap-south-2", "centralindia"),          // Hyderabad: Pune
        Map.entry("ap-southeast-1", "southeastasia"),     // Singapore
        Map.entry("ap-southeast-2", "australiaeast"),     // Sydney
        Map.entry("ap-southeast-4", "australiasoutheast"), // Melbourne
        Map.entry("ap-southeast-3", "indonesiacentral"),  // Jakarta
        Map.entry("ap-southeast-5", "malaysiawest"),      // Malaysia
        Map.entry("ap-southeast-6", "newzealandnorth"),   // New Zealand
        Map.entry("ap-northeast-1", "japaneast"),         // Tokyo
        Map.entry("ap-northeast-3", "japanwest"),         // Osaka
        Map.entry("ap-northeast-2", "koreacentral"));     // Seoul

    /** Commercial AWS Regions in a country where Azure has no region, by the country's name (for messages). */
    public static final Map<String, String> NO_AZURE_REGION_IN_COUNTRY = Map.of(
        "me-south-1", "Bahrain",
        "ap-east-2", "Taiwan",
        "ap-southeast-7", "Thailand");

    private AzureRegions() {
    }

    public static Optional<Region> find(final String azureRegion) {
        return Optional.ofNullable(REGIONS.get(azureRegion));
    }

    /** The Azure region of the table for an AWS Region, if the table has one. */
    public static Optional<String> defaultFor(final String awsRegion) {
        return Optional.ofNullable(DEFAULT_FOR_AWS_REGION.get(awsRegion));
    }

    /** The country of an AWS Region that has no Azure region, if it is one of those. */
    public static Optional<String> countryWithoutAzureRegion(final String awsRegion) {
        return Optional.ofNullable(NO_AZURE_REGION_IN_COUNTRY.get(awsRegion));
    }

    /** Whether a region's country lies within a jurisdiction: a country code, or EU for the EU Data Boundary. */
    public static boolean within(final Region region, final String jurisdiction) {
        return EU.equals(jurisdiction) ? EU_DATA_BOUNDARY.contains(region.country())
            : region.country().equals(jurisdiction);
    }

    /** Every region of the table (for tests and messages). */
    public static Map<String, Region> all() {
        return REGIONS;
    }

    private static Region region(final String name, final String country, final String secondary) {
        return new Region(name, country, secondary, false, AzureCloud.AZURE_PUBLIC_CLOUD);
    }

    private static Region restricted(final String name, final String country, final String secondary) {
        return new Region(name, country, secondary, true, AzureCloud.AZURE_PUBLIC_CLOUD);
    }

    private static Region sovereign(final String name, final String country, final String secondary,
                                    final AzureCloud cloud) {
        return new Region(name, country, secondary, false, cloud);
    }
}
