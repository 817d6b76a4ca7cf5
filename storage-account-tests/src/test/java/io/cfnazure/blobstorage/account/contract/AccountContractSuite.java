package io.cfnazure.blobstorage.account.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.account.testbed.AccountType;
import io.cfnazure.blobstorage.container.contract.ContractSuite;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import org.junit.jupiter.api.Test;

/**
 * The contract suite for Azure::BlobStorage::Account, with its own inputs (storage-account/inputs/) on the local
 * cloud's Azure Resource Manager, and the rule only an asynchronous create needs.
 */
abstract class AccountContractSuite extends ContractSuite {

    AccountContractSuite(final SignIn signIn) {
        super(AccountType.INSTANCE, signIn);
    }

    @Test
    void aCreateResumedFromItsCallbackContextAfterItsRequestReachesTheSameEndState() {
        final ObjectNode input = model(null);
        final HandlerRequest first = request("CREATE", input);
        final JsonNode done = create(first);
        assertSuccess(done);
        // As if the invocation that sent the create request had answered IN_PROGRESS: model, Id and context.
        final ObjectNode inProgressModel = input.deepCopy()
            .put("AccountName", done.path("resourceModel").path("AccountName").asText())
            .put("Location", done.path("resourceModel").path("Location").asText())
            .put("Id", identifier(done));
        final ObjectNode context = ContainerModels.JSON.createObjectNode()
            .put("firstAttemptEpochMillis", System.currentTimeMillis()).put("retries", 1).put("createRequested", true);

        final JsonNode resumed = cfn.invoke(first.withCallback(inProgressModel, context));

        assertSuccess(resumed);
        assertThat(resumed.get("resourceModel")).isEqualTo(done.get("resourceModel"));
    }
}
