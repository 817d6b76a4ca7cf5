package io.cfnazure.blobstorage.account.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.accepted;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.answer;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.error;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.cloudformation.Sha256;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class CreateHandlerTest extends HandlerTestSupport {

    private ProgressEvent<ResourceModel, CallbackContext> create(final ResourceModel model,
                                                                 final CallbackContext context) {
        return new CreateHandler(dependencies).handleRequest(invocation(request(model), context));
    }

    /** Azure without the account: the group exists, the name is free, the create runs as a long operation. */
    private void givenANewAccountIsCreatedThroughAPolledOperation() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, error(404, "ResourceNotFound", "The Resource was not found."));
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral", Map.of())));
        arm.on(HttpMethod.POST, CHECK_NAME_PATH, json(200, ArmHttpEdge.nameAvailable()));
        arm.on(HttpMethod.PUT, ACCOUNT_PATH, accepted(OPERATION_PATH));
        arm.on(HttpMethod.GET, OPERATION_PATH, accepted(OPERATION_PATH),
            json(200, ourAccount("Succeeded", "Standard_LRS", Map.of())));
        arm.on(HttpMethod.PUT, BLOB_SERVICE_PATH,
            json(200, ArmHttpEdge.blobService(GROUP, ACCOUNT, true, 7, 7)));
        arm.on(HttpMethod.GET, BLOB_SERVICE_PATH, json(200, ArmHttpEdge.blobService(GROUP, ACCOUNT, true, 7, 7)));
    }

    /** After the create request, Azure shows the account. */
    private void andThenAzureShowsIt() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, error(404, "ResourceNotFound", "The Resource was not found."),
            json(200, ourAccount("Succeeded", "Standard_LRS", Map.of())));
    }

    @Test
    void createsAHardenedAccountInTheStacksCountryFollowingAzuresOperationAndReturnsItAsAzureHasIt() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        andThenAzureShowsIt();

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        final JsonNode put = body(arm.sent(HttpMethod.PUT, ACCOUNT_PATH).get(0));
        assertThat(put.path("location").asText()).isEqualTo("germanywestcentral");
        assertThat(put.path("kind").asText()).isEqualTo("StorageV2");
        assertThat(put.path("sku").path("name").asText()).isEqualTo("Standard_LRS");
        final JsonNode settings = put.path("properties");
        assertThat(settings.path("minimumTlsVersion").asText()).isEqualTo("TLS1_2");
        assertThat(settings.path("allowBlobPublicAccess").asBoolean(true)).isFalse();
        assertThat(settings.path("allowSharedKeyAccess").asBoolean(true)).isFalse();
        assertThat(settings.path("supportsHttpsTrafficOnly").asBoolean(false)).isTrue();
        assertThat(settings.path("allowCrossTenantReplication").asBoolean(true)).isFalse();
        assertThat(put.path("tags").path("cfn-client-request-token").asText()).isEqualTo(Sha256.hex(TOKEN));
        assertThat(arm.exchanges().toString()).doesNotContain(TOKEN);
        assertThat(arm.sent(HttpMethod.GET, OPERATION_PATH)).as("the SDK followed the operation").hasSize(2);
        final JsonNode blobService = body(arm.sent(HttpMethod.PUT, BLOB_SERVICE_PATH).get(0)).path("properties");
        assertThat(blobService.path("isVersioningEnabled").asBoolean()).isTrue();
        assertThat(blobService.path("deleteRetentionPolicy").path("days").asInt()).isEqualTo(7);
        assertThat(blobService.path("containerDeleteRetentionPolicy").path("days").asInt()).isEqualTo(7);
        assertThat(event.getResourceModel()).isEqualTo(ResourceModel.builder()
            .id(ID).subscriptionId(ArmHttpEdge.SUBSCRIPTION).resourceGroupName(GROUP).accountName(ACCOUNT)
            .azureCloud("AzurePublicCloud").location("germanywestcentral").sku("Standard_LRS").kind("StorageV2")
            .accessTier("Hot").minimumTlsVersion("TLS1_2").allowBlobPublicAccess(false).allowSharedKeyAccess(false)
            .publicNetworkAccess("Enabled")
            .networkRules(io.cfnazure.blobstorage.account.model.NetworkRules.builder().defaultAction("Allow")
                .bypass(java.util.List.of("AzureServices")).ipRules(java.util.List.of())
                .virtualNetworkRules(java.util.List.of()).build())
            .requireInfrastructureEncryption(false).versionLevelImmutability(false).tags(Map.of())
            .blobEndpoint("https://drcopies01.blob.core.windows.net/").primaryLocation("germanywestcentral")
            .secondaryLocation("").blobVersioning(true).changeFeed(false).blobSoftDeleteRetentionDays(7)
            .containerSoftDeleteRetentionDays(7).build());
    }

    @Test
    void signsInForAzureResourceManagerOfTheCloud() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        andThenAzureShowsIt();

        create(fullModel().build(), null);

        verify(entraId).signIn(any(), eq(AzureCloud.AZURE_PUBLIC_CLOUD), eq("https://management.azure.com/.default"),
            any(), any(), any());
    }

    @Test
    void answersInProgressWhileAzureCreatesAndResumesWithoutASecondCreateRequest() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        arm.on(HttpMethod.GET, OPERATION_PATH, accepted(OPERATION_PATH));

        final ProgressEvent<ResourceModel, CallbackContext> first = new CreateHandler(dependencies).handleRequest(
            invocation(request(fullModel().build()), null, Duration.ofSeconds(11)));

        assertThat(first.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(first.getResourceModel().getId()).isEqualTo(ID);
        assertThat(first.getResourceModel().getLocation()).isEqualTo("germanywestcentral");
        assertThat(first.getCallbackContext().getCreateRequested()).isTrue();
        assertThat(first.getCallbackDelaySeconds()).isPositive();

        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ourAccount("Creating", "Standard_LRS", Map.of())));
        final ProgressEvent<ResourceModel, CallbackContext> second = create(first.getResourceModel(),
            first.getCallbackContext());
        assertThat(second.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);

        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ourAccount("Succeeded", "Standard_LRS", Map.of())));
        final ProgressEvent<ResourceModel, CallbackContext> third = create(second.getResourceModel(),
            second.getCallbackContext());
        assertThat(third.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(third.getResourceModel().getId()).isEqualTo(ID);
        assertThat(arm.sent(HttpMethod.PUT, ACCOUNT_PATH)).hasSize(1);
    }

    @Test
    void aCreateCalledAgainAfterALostAnswerRecognisesItsOwnAccount() {
        givenOurAccountIsReady();

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(arm.sent(HttpMethod.PUT, ACCOUNT_PATH)).isEmpty();
        assertThat(arm.sent(HttpMethod.POST, CHECK_NAME_PATH)).isEmpty();
    }

    @Test
    void anAccountOfThatNameThatThisRequestDidNotCreateIsAlreadyExistsAndIsLeftAlone() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ArmHttpEdge.account(GROUP, ACCOUNT, "germanywestcentral",
            "Succeeded", "Standard_LRS", Map.of("owner", "someone-else"))));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(event.getMessage()).contains("'drcopies01'", "resource group 'dr-rg'", "Import it");
        assertThat(arm.exchanges()).allMatch(exchange -> exchange.method() == HttpMethod.GET);
    }

    @Test
    void aNameTakenElsewhereIsAlreadyExistsBeforeAnythingIsCreated() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        arm.on(HttpMethod.POST, CHECK_NAME_PATH, json(200, ArmHttpEdge.nameUnavailable("AlreadyExists",
            "The storage account named drcopies01 is already taken.")));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(event.getMessage()).contains("'drcopies01' is taken", "Choose another AccountName");
        assertThat(arm.sent(HttpMethod.PUT, ACCOUNT_PATH)).isEmpty();
    }

    @Test
    void withoutARoleOnTheSubscriptionTheNameIsLeftToTheCreateRequestsAnswer() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        arm.on(HttpMethod.POST, CHECK_NAME_PATH, error(403, "AuthorizationFailed", "The client '" + CLIENT + "' with "
            + "object id 'f0e1d2c3' does not have authorization to perform action "
            + "'Microsoft.Storage/checknameavailability/read' over scope '/subscriptions/" + ArmHttpEdge.SUBSCRIPTION
            + "' or the scope is invalid."));
        arm.on(HttpMethod.PUT, ACCOUNT_PATH, error(409, "StorageAccountAlreadyTaken",
            "The storage account named drcopies01 is already taken."));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
        assertThat(event.getMessage()).contains("outside this subscription");
        assertThat(logLines).anyMatch(line -> line.contains("Could not check the name drcopies01"));
    }

    @Test
    void generatesAValidNameFromTheStackTheLogicalIdAndTheRequest() {
        final String generated = "drbackupdrcopi" + Sha256.hex(STACK_ID + "|DrCopies|" + TOKEN).substring(0, 10);
        final String path = ArmHttpEdge.accountPath(GROUP, generated);
        arm.on(HttpMethod.GET, GROUP_PATH, json(200, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral", Map.of())));
        arm.on(HttpMethod.GET, path, error(404, "ResourceNotFound", "The Resource was not found."));
        arm.on(HttpMethod.POST, CHECK_NAME_PATH, json(200, ArmHttpEdge.nameAvailable()));
        arm.on(HttpMethod.PUT, path, accepted(OPERATION_PATH));
        arm.on(HttpMethod.GET, OPERATION_PATH, accepted(OPERATION_PATH));

        final ProgressEvent<ResourceModel, CallbackContext> event = new CreateHandler(dependencies).handleRequest(
            invocation(request(fullModel().accountName(null).build()), null, Duration.ofSeconds(11)));

        assertThat(generated).matches("[a-z0-9]{24}");
        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getResourceModel().getAccountName()).isEqualTo(generated);
        assertThat(event.getResourceModel().getId()).isEqualTo(path);
        assertThat(body(arm.sent(HttpMethod.POST, CHECK_NAME_PATH).get(0)).path("name").asText()).isEqualTo(generated);
    }

    @Test
    void aMissingResourceGroupIsInvalidRequestUnlessTheTemplateAsksForIt() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        arm.on(HttpMethod.GET, GROUP_PATH, error(404, "ResourceGroupNotFound", "Resource group 'dr-rg' could not be "
            + "found."));

        final ProgressEvent<ResourceModel, CallbackContext> refused = create(fullModel().build(), null);

        assertThat(refused.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(refused.getMessage()).contains("'dr-rg' does not exist", "CreateResourceGroup: true");
        assertThat(arm.exchanges()).noneMatch(exchange -> exchange.method() == HttpMethod.PUT);
    }

    @Test
    void makesTheResourceGroupWhenAskedAndTagsItWithTheAccountItIsFor() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        andThenAzureShowsIt();
        arm.on(HttpMethod.GET, GROUP_PATH, error(404, "ResourceGroupNotFound", "Resource group 'dr-rg' could not be "
            + "found."));
        arm.on(HttpMethod.PUT, GROUP_PATH, json(201, ArmHttpEdge.resourceGroup(GROUP, "germanywestcentral",
            Map.of("cfn-created-for-account", ACCOUNT))));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(
            fullModel().createResourceGroup(true).build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
        final JsonNode group = body(arm.sent(HttpMethod.PUT, GROUP_PATH).get(0));
        assertThat(group.path("location").asText()).isEqualTo("germanywestcentral");
        assertThat(group.path("tags").path("cfn-created-for-account").asText()).isEqualTo(ACCOUNT);
        assertThat(event.getResourceModel().getCreateResourceGroup()).as("write-only").isNull();
    }

    @Test
    void aFailureAfterTheAccountExistsDeletesItSoNothingIsLeftThatTheStackDoesNotKnow() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        andThenAzureShowsIt();
        arm.on(HttpMethod.PUT, BLOB_SERVICE_PATH, json(403, "{\"error\":{\"code\":\"RequestDisallowedByPolicy\","
            + "\"message\":\"Resource 'default' was disallowed by policy.\",\"additionalInfo\":[{\"type\":"
            + "\"PolicyViolation\",\"info\":{\"policyAssignmentName\":\"no-change-feed\",\"policyAssignmentId\":"
            + "\"/subscriptions/x/providers/Microsoft.Authorization/policyAssignments/no-change-feed\"}}]}}"));
        arm.on(HttpMethod.DELETE, ACCOUNT_PATH, json(200, ""));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("no-change-feed", "The account it created was deleted again.");
        assertThat(arm.sent(HttpMethod.DELETE, ACCOUNT_PATH)).hasSize(1);
    }

    @Test
    void aGeoRedundantSkuThatWouldLeaveTheCountryIsRefusedBeforeAnyCall() {
        final ProgressEvent<ResourceModel, CallbackContext> event = new CreateHandler(dependencies).handleRequest(
            invocation(request(fullModel().sku("Standard_GRS").build()).toBuilder().region("sa-east-1").build(),
                null));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("brazilsouth (BR)", "southcentralus (US)");
        assertThat(arm.exchanges()).isEmpty();
        verifyNoInteractions(entraId);
    }

    @Test
    void throttlingIsCalledBackAfterAzuresRetryAfter() {
        givenANewAccountIsCreatedThroughAPolledOperation();
        arm.on(HttpMethod.PUT, ACCOUNT_PATH, answer(429, Map.of("Retry-After", "41"),
            "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"The request is being throttled.\"}}"));

        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().build(), null);

        assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
        assertThat(event.getCallbackDelaySeconds()).isEqualTo(41);
        assertThat(event.getResourceModel().getId()).isEqualTo(ID);
    }

    @Test
    void theIdIsReadOnly() {
        final ProgressEvent<ResourceModel, CallbackContext> event = create(fullModel().id(ID).build(), null);

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("Id is read-only");
    }
}
