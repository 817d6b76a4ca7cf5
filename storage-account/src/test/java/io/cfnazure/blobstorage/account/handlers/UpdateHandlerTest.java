package io.cfnazure.blobstorage.account.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.cloudformation.Sha256;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class UpdateHandlerTest extends HandlerTestSupport {

    private ProgressEvent<ResourceModel, CallbackContext> update(final ResourceModel desired,
                                                                 final ResourceModel previous) {
        return new UpdateHandler(dependencies).handleRequest(invocation(request(desired, previous), null));
    }

    @Test
    void changesTheAccountsSettingsInOnePatchKeepingTheTypesOwnTag() {
        givenOurAccountIsReady();
        arm.on(HttpMethod.PATCH, ACCOUNT_PATH, json(200, ourAccount("Succeeded", "Standard_ZRS", Map.of("team", "dr"))));

        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().id(ID).sku("Standard_ZRS").tags(Map.of("team", "dr")).build(), fullModel().id(ID).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        final JsonNode patch = body(arm.sent(HttpMethod.PATCH, ACCOUNT_PATH).get(0));
        assertThat(patch.path("sku").path("name").asText()).isEqualTo("Standard_ZRS");
        assertThat(patch.path("tags").path("team").asText()).isEqualTo("dr");
        assertThat(patch.path("tags").path("cfn-client-request-token").asText()).isEqualTo(Sha256.hex(TOKEN));
        assertThat(patch.path("properties").path("supportsHttpsTrafficOnly").asBoolean(false)).isTrue();
        assertThat(arm.sent(HttpMethod.PUT, BLOB_SERVICE_PATH)).as("the blob service already is as asked").isEmpty();
    }

    @Test
    void changesTheBlobServiceAloneWhenOnlyItsSettingsDiffer() {
        givenOurAccountIsReady();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().id(ID).blobSoftDeleteRetentionDays(30).changeFeed(true).build(), fullModel().id(ID).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.sent(HttpMethod.PATCH, ACCOUNT_PATH)).isEmpty();
        final JsonNode blobService = body(arm.sent(HttpMethod.PUT, BLOB_SERVICE_PATH).get(0)).path("properties");
        assertThat(blobService.path("deleteRetentionPolicy").path("days").asInt()).isEqualTo(30);
        assertThat(blobService.path("changeFeed").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void aChangeOfWriteOnlyPropertiesAloneChangesNothingInAzure() {
        givenOurAccountIsReady();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().id(ID).autoDeleteBlobs(true).build(), fullModel().id(ID).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.exchanges()).allMatch(exchange -> exchange.method() == HttpMethod.GET);
    }

    @Test
    void aCreateOnlyPropertyCannotChange() {
        givenOurAccountIsReady();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().id(ID).location("francecentral").build(), fullModel().id(ID).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(event.getMessage()).contains("Location is create-only");
        assertThat(arm.sent(HttpMethod.PATCH, ACCOUNT_PATH)).isEmpty();
    }

    @Test
    void aSkuThatWouldCopyTheDataOutOfTheJurisdictionIsRefusedBeforeAnyChange() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ArmHttpEdge.account(GROUP, ACCOUNT, "brazilsouth", "Succeeded",
            "Standard_LRS", Map.of())));
        arm.on(HttpMethod.GET, BLOB_SERVICE_PATH, json(200, ArmHttpEdge.blobService(GROUP, ACCOUNT, true, 7, 7)));

        // The template gave no Location: the type chose brazilsouth for a stack in sa-east-1, and keeps to Brazil.
        final ProgressEvent<ResourceModel, CallbackContext> event = update(
            fullModel().id(ID).sku("Standard_GRS").build(), fullModel().id(ID).build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("southcentralus (US), outside Jurisdiction 'BR'");
        assertThat(arm.sent(HttpMethod.PATCH, ACCOUNT_PATH)).isEmpty();
    }
}
