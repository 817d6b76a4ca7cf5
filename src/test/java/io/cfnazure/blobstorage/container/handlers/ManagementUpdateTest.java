package io.cfnazure.blobstorage.container.handlers;

import static io.cfnazure.blobstorage.container.arm.ArmContainers.ACCOUNT_PATH;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.container;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.containerPath;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.legalHoldAnswer;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.policyAnswer;
import static io.cfnazure.blobstorage.container.arm.ArmContainers.policyPath;
import static io.cfnazure.blobstorage.container.arm.ArmHttpEdge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpMethod;
import io.cfnazure.blobstorage.container.arm.ArmContainers;
import io.cfnazure.blobstorage.container.arm.ArmHttpEdge;
import io.cfnazure.blobstorage.container.model.ImmutabilityPolicy;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Update with StorageAccountId: metadata, access level, retention policy and legal holds through Azure Resource
 * Manager, as Azure allows them to change. What Azure would refuse (a locked policy shortened, unlocked, removed or
 * extended a sixth time) is refused with NotUpdatable before any change, and never retried.
 */
class ManagementUpdateTest extends HandlerTestSupport {

    private static final ResourceModel BEFORE = managedModel().containerUrl(URL).build();

    private ProgressEvent<ResourceModel, CallbackContext> update(final ResourceModel desired) {
        return new UpdateHandler(dependencies).handleRequest(invocation(request(desired, BEFORE), null, null));
    }

    /** ARM describes the container as {@code current}, then as {@code after} once changed. */
    private void armHas(final ArmContainers.Container current, final ArmContainers.Container after) {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, current.json()), json(200, after.json()));
    }

    private void armAnswersPolicyChanges() {
        final ArmContainers.Policy answer = new ArmContainers.Policy(40, true, false, "new", 1);
        arm.on(HttpMethod.PUT, policyPath(CONTAINER), json(200, policyAnswer(CONTAINER, answer)));
        arm.on(HttpMethod.POST, policyPath(CONTAINER) + "/lock", json(200, policyAnswer(CONTAINER, answer)));
        arm.on(HttpMethod.POST, policyPath(CONTAINER) + "/extend", json(200, policyAnswer(CONTAINER, answer)));
        arm.on(HttpMethod.DELETE, policyPath(CONTAINER), json(200, policyAnswer(CONTAINER, answer)));
        arm.on(HttpMethod.POST, containerPath(CONTAINER) + "/setLegalHold", json(200, legalHoldAnswer("holdb")));
        arm.on(HttpMethod.POST, containerPath(CONTAINER) + "/clearLegalHold", json(200, legalHoldAnswer()));
        arm.on(HttpMethod.PATCH, containerPath(CONTAINER), json(200, container(CONTAINER).json()));
    }

    private List<String> writes() {
        return arm.exchanges().stream().filter(e -> e.method() != HttpMethod.GET)
            .map(e -> e.method() + " " + e.path().substring(containerPath(CONTAINER).length())
                + (e.ifMatch() == null ? "" : " If-Match " + e.ifMatch())).toList();
    }

    private static ResourceModel withPolicy(final int days, final boolean locked) {
        return managedModel().containerUrl(URL).immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(days)
            .locked(locked).build()).build();
    }

    @Test
    void shorteningALockedPolicyIsNotUpdatableAndChangesNothing() {
        armHas(container(CONTAINER).policy(30, true, "e1"), container(CONTAINER));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(managedModel().containerUrl(URL)
            .metadata(Map.of("purpose", "changed")).immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(20)
                .locked(true).build()).build());

        assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(event.getMessage()).contains("locked (30 days)", "only be extended, never shortened",
            "at least 30", "Nothing was changed");
        assertThat(writes()).as("not even the metadata").isEmpty();
    }

    @Test
    void aLockedPolicyCannotBeUnlockedRemovedOrGetAppendWritesNow() {
        arm.on(HttpMethod.GET, containerPath(CONTAINER), json(200, container(CONTAINER).policy(30, true, "e1").json()));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> unlocked = update(withPolicy(30, false));
        final ProgressEvent<ResourceModel, CallbackContext> removed = update(managedModel().containerUrl(URL).build());
        final ProgressEvent<ResourceModel, CallbackContext> appendWrites = update(managedModel().containerUrl(URL)
            .immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(30).locked(true)
                .allowProtectedAppendWrites(true).build()).build());

        assertThat(unlocked.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(unlocked.getMessage()).contains("irreversible", "Locked back to true");
        assertThat(removed.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(removed.getMessage()).contains("can never be removed", "RetentionDays of at least 30");
        assertThat(appendWrites.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(appendWrites.getMessage()).contains("AllowProtectedAppendWrites", "unlocked");
        assertThat(writes()).isEmpty();
    }

    @Test
    void aLockedPolicyIsExtendedWithItsEtag() {
        armHas(container(CONTAINER).policy(30, true, "e1"), container(CONTAINER)
            .policy(new ArmContainers.Policy(40, true, false, "new", 1)));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(withPolicy(40, true));

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).containsExactly("POST /immutabilityPolicies/default/extend If-Match \"e1\"");
        assertThat(event.getResourceModel().getImmutabilityPolicy().getRetentionDays()).isEqualTo(40);
    }

    @Test
    void aSixthExtensionIsRefusedBecauseAzureAllowsFive() {
        armHas(container(CONTAINER).policy(new ArmContainers.Policy(30, true, false, "e1",
            Immutability.MAX_EXTENSIONS)), container(CONTAINER));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(withPolicy(60, true));

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(event.getMessage()).contains("5 extensions", "has had 5", "Keep RetentionDays at 30");
        assertThat(writes()).isEmpty();
    }

    @Test
    void anUnlockedPolicyIsShortenedThenLockedEachWithTheEtagOfTheStepBefore() {
        armHas(container(CONTAINER).policy(60, false, "e1"), container(CONTAINER));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(withPolicy(30, true));

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).containsExactly("PUT /immutabilityPolicies/default If-Match \"e1\"",
            "POST /immutabilityPolicies/default/lock If-Match \"new\"");
        assertThat(arm.sent(HttpMethod.PUT, policyPath(CONTAINER))).singleElement().satisfies(put ->
            assertThat(put.body()).contains("\"immutabilityPeriodSinceCreationInDays\":30"));
    }

    @Test
    void anUnlockedPolicyLeftOutOfTheTemplateIsRemoved() {
        armHas(container(CONTAINER).policy(60, false, "e1"), container(CONTAINER));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(managedModel().containerUrl(URL).build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).containsExactly("DELETE /immutabilityPolicies/default If-Match \"e1\"");
        assertThat(event.getResourceModel().getImmutabilityPolicy()).isNull();
    }

    @Test
    void legalHoldsFollowTheTemplateAndMetadataAndAccessChangeThroughArm() {
        armHas(container(CONTAINER).legalHold("holda"), container(CONTAINER).legalHold("holdb"));
        armAnswersPolicyChanges();

        final ProgressEvent<ResourceModel, CallbackContext> event = update(managedModel().containerUrl(URL)
            .metadata(Map.of("purpose", "archive")).legalHoldTags(List.of("holdb")).build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).containsExactly("PATCH ", "POST /clearLegalHold", "POST /setLegalHold");
        assertThat(arm.sent(HttpMethod.POST, containerPath(CONTAINER) + "/clearLegalHold")).singleElement()
            .extracting(ArmHttpEdge.Exchange::body).asString().contains("\"holda\"");
        assertThat(arm.sent(HttpMethod.PATCH, containerPath(CONTAINER))).singleElement()
            .extracting(ArmHttpEdge.Exchange::body).asString().contains("\"purpose\":\"archive\"");
        assertThat(event.getResourceModel().getLegalHoldTags()).containsExactly("holdb");
    }

    @Test
    void nothingToChangeSendsNothing() {
        armHas(container(CONTAINER).policy(30, true, "e1").legalHold("holda"), container(CONTAINER));

        final ProgressEvent<ResourceModel, CallbackContext> event = update(managedModel().containerUrl(URL)
            .legalHoldTags(List.of("holda")).immutabilityPolicy(ImmutabilityPolicy.builder().retentionDays(30).locked(true)
                .build()).build());

        assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(writes()).isEmpty();
    }

    @Test
    void switchingToOrFromStorageAccountIdOrVersionLevelImmutabilityIsNotUpdatable() {
        final ResourceModel dataPlane = fullModel().containerUrl(URL).build();
        final ProgressEvent<ResourceModel, CallbackContext> toManagement = new UpdateHandler(dependencies)
            .handleRequest(invocation(request(managedModel().containerUrl(URL).build(), dataPlane), null, null));
        final ProgressEvent<ResourceModel, CallbackContext> versionLevel = update(managedModel().containerUrl(URL)
            .versionLevelImmutability(true).build());

        assertThat(toManagement.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(toManagement.getMessage()).contains("StorageAccountId is create-only");
        assertThat(versionLevel.getErrorCode()).isEqualTo(HandlerErrorCode.NotUpdatable);
        assertThat(versionLevel.getMessage()).contains("VersionLevelImmutability is create-only");
        assertThat(arm.exchanges()).isEmpty();
    }

    @Test
    void theJurisdictionIsCheckedAgainOnUpdate() {
        arm.on(HttpMethod.GET, ACCOUNT_PATH, json(200, ArmHttpEdge.account(ArmContainers.GROUP, ACCOUNT, "eastus",
            "Succeeded", "Standard_LRS", Map.of())));

        final ProgressEvent<ResourceModel, CallbackContext> event = update(managedModel().containerUrl(URL)
            .jurisdiction("DE").build());

        assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
        assertThat(event.getMessage()).contains("eastus", "Jurisdiction 'DE'");
        assertThat(writes()).isEmpty();
    }
}
