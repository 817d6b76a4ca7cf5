package io.cfnazure.blobstorage.account.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfnazure.access.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;

class PlacementTest {

    private static final AzureCloud PUBLIC = AzureCloud.AZURE_PUBLIC_CLOUD;

    @ParameterizedTest(name = "{1} in {0} copies to {2}, outside {3}")
    @CsvSource({
        "brazilsouth,   Standard_GRS,    southcentralus, BR",
        "brazilsouth,   Standard_RAGRS,  southcentralus, BR",
        "eastasia,      Standard_GZRS,   southeastasia,  HK",
        "southeastasia, Standard_RAGZRS, eastasia,       SG",
        "northeurope,   Standard_GRS,    westeurope,     IE",
        "westeurope,    Standard_GRS,    northeurope,    NL"})
    void aGeoRedundantSkuWhosePairCrossesTheJurisdictionIsRefused(final String location, final String sku,
                                                                 final String secondary, final String jurisdiction) {
        assertThatThrownBy(() -> Placement.check(location, PUBLIC, jurisdiction, sku))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("Sku " + sku)
            .hasMessageContaining("paired region " + secondary)
            .hasMessageContaining("outside Jurisdiction '" + jurisdiction + "'")
            .hasMessageContaining("Standard_LRS or Standard_ZRS");
    }

    @Test
    void locallyAndZoneRedundantSkusStayInTheRegionAndPass() {
        Placement.check("brazilsouth", PUBLIC, "BR", "Standard_LRS");
        Placement.check("eastasia", PUBLIC, "HK", "Standard_ZRS");
    }

    @Test
    void aPairWithinTheJurisdictionPasses() {
        Placement.check("germanywestcentral", PUBLIC, "DE", "Standard_GRS");
        Placement.check("northeurope", PUBLIC, "EU", "Standard_RAGRS");
    }

    @Test
    void aGeoRedundantSkuInANonpairedRegionIsRefusedWithOrWithoutJurisdiction() {
        assertThatThrownBy(() -> Placement.check("italynorth", PUBLIC, null, "Standard_GRS"))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("italynorth has none (a nonpaired region");
        assertThatThrownBy(() -> Placement.check("spaincentral", PUBLIC, "ES", "Standard_GZRS"))
            .isInstanceOf(CfnInvalidRequestException.class).hasMessageContaining("nonpaired");
    }

    @Test
    void aLocationOutsideTheJurisdictionIsRefusedAndTheRegionsWithinItAreNamed() {
        assertThatThrownBy(() -> Placement.check("westeurope", PUBLIC, "DE", "Standard_LRS"))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("Location 'westeurope' is in NL, outside Jurisdiction 'DE'")
            .hasMessageContaining("germanywestcentral")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("germanynorth"));
        assertThatThrownBy(() -> Placement.check("uksouth", PUBLIC, "EU", "Standard_LRS"))
            .hasMessageContaining("outside Jurisdiction 'EU'");
    }

    @Test
    void aLocationTheTableDoesNotKnowCannotBeCheckedAgainstAJurisdiction() {
        assertThatThrownBy(() -> Placement.check("atlantis", PUBLIC, "DE", "Standard_LRS"))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("cannot be checked against Jurisdiction 'DE'");
        // Without a jurisdiction, Azure itself judges the location.
        Placement.check("atlantis", PUBLIC, null, "Standard_GRS");
    }

    @Test
    void aLocationTheTemplateGivesWithoutJurisdictionMayUseAPairAcrossTheBorder() {
        assertThat(Placement.locationFor("brazilsouth", "sa-east-1", PUBLIC, null, "Standard_GRS"))
            .isEqualTo("brazilsouth");
    }

    @Test
    void aLocationTheTypeChoosesKeepsGeoRedundantCopiesInItsCountry() {
        assertThatThrownBy(() -> Placement.locationFor(null, "sa-east-1", PUBLIC, null, "Standard_GRS"))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("southcentralus (US), outside Jurisdiction 'BR'");
        assertThat(Placement.locationFor(null, "eu-central-1", PUBLIC, null, "Standard_GRS"))
            .isEqualTo("germanywestcentral");
        assertThat(Placement.locationFor(null, "eu-west-1", PUBLIC, "EU", "Standard_GRS")).isEqualTo("northeurope");
    }

    @Test
    void theChosenLocationIsCheckedAgainstTheJurisdictionToo() {
        assertThatThrownBy(() -> Placement.locationFor(null, "eu-west-2", PUBLIC, "EU", "Standard_LRS"))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("Location 'uksouth' is in GB, outside Jurisdiction 'EU'");
    }

    @Test
    void withoutATableEntryOrInAnotherCloudTheTemplateMustSetLocation() {
        assertThatThrownBy(() -> Placement.locationFor(null, "eusc-de-east-1", PUBLIC, null, "Standard_LRS"))
            .isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("eusc-de-east-1").hasMessageContaining("Set Location");
        assertThatThrownBy(() -> Placement.locationFor(null, "us-gov-west-1", AzureCloud.AZURE_US_GOVERNMENT, null,
            "Standard_LRS")).isInstanceOf(CfnInvalidRequestException.class)
            .hasMessageContaining("Set Location").hasMessageContaining("AzureUSGovernment");
    }
}
