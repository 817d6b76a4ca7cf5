package io.cfnazure.blobstorage.container.contract;

import static io.cfnazure.blobstorage.container.testbed.ContainerModels.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ContainerType;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract suite for Azure::BlobStorage::Container, with the rules only containers need: List's pages over a
 * Blob Storage account, and a name Azure still blocks after a delete. Each subclass runs it in one sign-in mode and
 * one way of managing containers ({@link ContainerType}: the blob service, or Azure Resource Manager).
 */
abstract class ContainerContractSuite extends ContractSuite {

    private final ContainerType containers;

    ContainerContractSuite(final SignIn signIn, final ContainerType containers) {
        super(containers, signIn);
        this.containers = containers;
    }

    @Test
    void paginationWithMaxResultsReturnsEveryContainerExactlyOnce() {
        final BlobServiceClient account = cloud.blobServiceClient(LocalCloud.SECOND_STORAGE_ACCOUNT);
        final Set<String> expected = new HashSet<>();
        for (final BlobContainerItem existing : account.listBlobContainers()) {
            expected.add("https://cfnlocalstore02.blob.core.windows.net/" + existing.getName());
        }
        for (int i = 0; i < 5; i++) {
            expected.add(identifier(create(containers.inAccount(model(type.uniqueName()),
                LocalCloud.SECOND_STORAGE_ACCOUNT))));
        }

        final List<String> listed = listAll(containers.inAccount(JSON.createObjectNode(),
            LocalCloud.SECOND_STORAGE_ACCOUNT), 2);

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aCreateResumedFromItsCallbackContextReachesTheSameEndState() {
        final ObjectNode input = model(null);
        final HandlerRequest first = request("CREATE", input);
        final JsonNode done = create(first);
        // As if Azure had answered ContainerBeingDeleted once: the next invocation carries model and context.
        final ObjectNode inProgressModel = input.deepCopy().put("ContainerName", done.path("resourceModel")
            .path("ContainerName").asText()).put("ContainerUrl", identifier(done));
        final ObjectNode context = JSON.createObjectNode().put("firstAttemptEpochMillis", System.currentTimeMillis())
            .put("retries", 1);

        final JsonNode resumed = cfn.invoke(first.withCallback(inProgressModel, context));

        assertSuccess(resumed);
        assertThat(resumed.get("resourceModel")).isEqualTo(done.get("resourceModel"));
    }

    @Test
    void aNameAzureStillBlocksIsWaitedForWithCallbacksNotInsideOneInvocation() {
        // Azure blocks a deleted container's name for a while (Azurite does not): the container's way answers once.
        final String name = type.uniqueName();
        final ContainerType.NameBlocked blocked = containers.blockNameOnce(cloud, name, signIn);
        try {
            final HandlerRequest request = request("CREATE", blocked.model());

            final JsonNode waiting = cfn.invokeOnce(request);
            assertThat(waiting.path("status").asText()).as(waiting.toString()).isEqualTo("IN_PROGRESS");
            assertThat(waiting.path("errorCode").isMissingNode()).isTrue();
            assertThat(waiting.path("callbackDelaySeconds").asInt()).isPositive();
            assertThat(identifier(waiting)).isEqualTo(type.identifierOf(name));
            assertThat(waiting.path("callbackContext").path("retries").asInt()).isEqualTo(1);

            final JsonNode done = cfn.invoke(request.withCallback(waiting.get("resourceModel"),
                waiting.get("callbackContext")));
            assertSuccess(done);
            cleanUpAfterwards(identifier(done));
            assertNoWriteOnly(done.get("resourceModel"));
            assertThat(identifier(done)).isEqualTo(identifier(waiting));
        } finally {
            blocked.undo().run();
        }
    }
}
