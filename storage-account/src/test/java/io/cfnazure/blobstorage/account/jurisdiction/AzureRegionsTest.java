package io.cfnazure.blobstorage.account.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.jurisdiction.AzureRegions.Region;
import io.cfnazure.blobstorage.container.jurisdiction.AzureRegions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

/**
 * The tables against what AWS and Microsoft publish: every commercial AWS Region (AWS's list, 2025-09) is either in
 * the table with an open Azure region of its own country, or named as a country without an Azure region; and the
 * region pairs that cross a border are exactly the ones the documentation lists.
 */
class AzureRegionsTest {

    /** Each commercial AWS Region and the country it is in, from AWS's list of Regions. */
    static final Map<String, String> AWS_REGION_COUNTRIES = Map.ofEntries(
        Map.entry("us-east-1", "US"), Map.entry("us-east-2", "US"), Map.entry("us-west-1", "US"),
        Map.entry("us-west-2", "US"), Map.entry("ca-central-1", "CA"), Map.entry("ca-west-1", "CA"),
        Map.entry("mx-central-1", "MX"), Map.entry("sa-east-1", "BR"), Map.entry("eu-west-1", "IE"),
        Map.entry("eu-west-2", "GB"), Map.entry("eu-west-3", "FR"), Map.entry("eu-central-1", "DE"),
        Map.entry("eu-central-2", "CH"), Map.entry("eu-north-1", "SE"), Map.entry("eu-south-1", "IT"),
        Map.entry("eu-south-2", "ES"), Map.entry("il-central-1", "IL"), Map.entry("me-central-1", "AE"),
        Map.entry("me-south-1", "BH"), Map.entry("af-south-1", "ZA"), Map.entry("ap-east-1", "HK"),
        Map.entry("ap-east-2", "TW"), Map.entry("ap-south-1", "IN"), Map.entry("ap-south-2", "IN"),
        Map.entry("ap-southeast-1", "SG"), Map.entry("ap-southeast-2", "AU"), Map.entry("ap-southeast-3", "ID"),
        Map.entry("ap-southeast-4", "AU"), Map.entry("ap-southeast-5", "MY"), Map.entry("ap-southeast-6", "NZ"),
        Map.entry("ap-southeast-7", "TH"), Map.entry("ap-northeast-1", "JP"), Map.entry("ap-northeast-2", "KR"),
        Map.entry("ap-northeast-3", "JP"));

    static Set<String> awsRegions() {
        return new TreeSet<>(AWS_REGION_COUNTRIES.keySet());
    }

    @ParameterizedTest
    @MethodSource("awsRegions")
    void everyCommercialAwsRegionGetsAnOpenAzureRegionOfItsOwnCountryOrIsRefused(final String awsRegion) {
        final String country = AWS_REGION_COUNTRIES.get(awsRegion);
        if (AzureRegions.countryWithoutAzureRegion(awsRegion).isPresent()) {
            assertThat(AzureRegions.defaultFor(awsRegion)).isEmpty();
            assertThat(AzureRegions.all().values()).noneMatch(region -> region.country().equals(country));
            assertThatThrownBy(() -> Placement.locationFor(null, awsRegion, AzureCloud.AZURE_PUBLIC_CLOUD, null,
                "Standard_LRS")).isInstanceOf(CfnInvalidRequestException.class)
                .hasMessageContaining(awsRegion).hasMessageContaining("where Azure has no region")
                .hasMessageContaining("Set Location");
            return;
        }
        final Region region = AzureRegions.find(AzureRegions.defaultFor(awsRegion).orElseThrow()).orElseThrow();
        assertThat(region.country()).as("the country of %s's Azure region", awsRegion).isEqualTo(country);
        assertThat(region.restricted()).as("%s is open to everyone", region.name()).isFalse();
        assertThat(region.cloud()).isEqualTo(AzureCloud.AZURE_PUBLIC_CLOUD);
        assertThat(Placement.locationFor(null, awsRegion, AzureCloud.AZURE_PUBLIC_CLOUD, null, "Standard_LRS"))
            .isEqualTo(region.name());
    }

    @Test
    void theTablesCoverExactlyTheCommercialAwsRegions() {
        final Set<String> covered = new TreeSet<>(AzureRegions.DEFAULT_FOR_AWS_REGION.keySet());
        covered.addAll(AzureRegions.NO_AZURE_REGION_IN_COUNTRY.keySet());
        assertThat(covered).isEqualTo(awsRegions());
        assertThat(AzureRegions.NO_AZURE_REGION_IN_COUNTRY).containsOnlyKeys("me-south-1", "ap-east-2", "ap-southeast-7");
    }

    @Test
    void theReadmesTableIsTheCodes() throws IOException {
        final Map<String, String> documented = new TreeMap<>();
        final Matcher row = Pattern.compile("(?m)^\\| ([a-z]{2}-[a-z]+-\\d) \\| ([a-z0-9]+) \\| ([A-Z]{2}) \\|$")
            .matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
            assertThat(row.group(3)).as("the country of %s", row.group(1))
                .isEqualTo(AWS_REGION_COUNTRIES.get(row.group(1)));
        }
        assertThat(documented).isEqualTo(new TreeMap<>(AzureRegions.DEFAULT_FOR_AWS_REGION));
    }

    @Test
    void theDefaultsAreTheRegionsTheDocumentationNames() {
        assertThat(AzureRegions.DEFAULT_FOR_AWS_REGION).containsEntry("eu-central-1", "germanywestcentral")
            .containsEntry("eu-west-1", "northeurope").containsEntry("eu-west-2", "uksouth")
            .containsEntry("sa-east-1", "brazilsouth").containsEntry("ap-east-1", "eastasia")
            .containsEntry("ap-northeast-3", "japanwest").containsEntry("us-east-1", "eastus");
    }

    @Test
    void thePairsThatCrossABorderAreExactlyTheDocumentedOnes() {
        final Set<String> crossing = AzureRegions.all().values().stream()
            .filter(Region::paired)
            .filter(region -> !AzureRegions.find(region.secondary()).orElseThrow().country().equals(region.country()))
            .map(region -> region.name() + "->" + region.secondary())
            .collect(Collectors.toCollection(TreeSet::new));

        assertThat(crossing).containsExactly("brazilsouth->southcentralus", "eastasia->southeastasia",
            "northeurope->westeurope", "southeastasia->eastasia", "westeurope->northeurope");
    }

    @Test
    void everyPairNamesARegionOfTheTableInTheSameCloud() {
        for (final Region region : AzureRegions.all().values()) {
            if (region.paired()) {
                assertThat(AzureRegions.find(region.secondary())).as("the pair of %s", region.name())
                    .hasValueSatisfying(secondary -> assertThat(secondary.cloud()).isEqualTo(region.cloud()));
            }
        }
    }

    @Test
    void theEuDataBoundaryHoldsTheEuropeanUnionAndEftaButNotTheUnitedKingdom() {
        assertThat(AzureRegions.within(AzureRegions.find("northeurope").orElseThrow(), "EU")).isTrue();
        assertThat(AzureRegions.within(AzureRegions.find("switzerlandnorth").orElseThrow(), "EU")).isTrue();
        assertThat(AzureRegions.within(AzureRegions.find("norwayeast").orElseThrow(), "EU")).isTrue();
        assertThat(AzureRegions.within(AzureRegions.find("uksouth").orElseThrow(), "EU")).isFalse();
        assertThat(AzureRegions.within(AzureRegions.find("uksouth").orElseThrow(), "GB")).isTrue();
    }
}
