package io.cfnazure.blobstorage.container.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ContainerModels;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.AzureResourceManagerStandIn;
import io.cfnazure.localcloud.LocalCloud;
import java.util.Locale;

/**
 * The two ways the type manages a container, each with the models, type configuration and inputs of the contract
 * suite: the account's blob service (StorageAccountName, inputs_1) and Azure Resource Manager (StorageAccountId,
 * inputs_3, and the type configuration's SubscriptionId for requests that carry only the ContainerUrl).
 */
enum Plane {
    BLOB_SERVICE("inputs/inputs_1_invalid.json") {
        @Override
        ObjectNode model(final String containerName, final SignIn signIn) {
            return ContainerModels.model(containerName, signIn);
        }

        @Override
        ObjectNode inAccount(final ObjectNode model, final String account) {
            return model.put("StorageAccountName", account);
        }

        @Override
        ObjectNode typeConfiguration(final SignIn signIn) {
            return ContainerModels.typeConfiguration(signIn);
        }

        /** A proxy answers for Azurite; the model signs in as an app of its own, whose new clients go through it. */
        @Override
        NameBlocked blockNameOnce(final LocalCloud cloud, final String name, final SignIn signIn) {
            final AzureFaultProxy proxy = AzureFaultProxy.start(cloud.azurite());
            proxy.blockContainerName(name, 1);
            final String endpoint = System.getProperty(BLOB_ENDPOINT);
            System.setProperty(BLOB_ENDPOINT, proxy.blobEndpointTemplate());
            return new NameBlocked(signIn.applyToNewApp(cloud, model(name, signIn)), () -> {
                System.setProperty(BLOB_ENDPOINT, endpoint);
                proxy.close();
            });
        }
    },
    RESOURCE_MANAGER("inputs/inputs_3_invalid.json") {
        @Override
        ObjectNode model(final String containerName, final SignIn signIn) {
            return ContainerModels.managedModel(containerName, signIn,
                LocalCloud.storageAccountId(LocalCloud.STORAGE_ACCOUNT));
        }

        @Override
        ObjectNode inAccount(final ObjectNode model, final String account) {
            return model.put("StorageAccountId", LocalCloud.storageAccountId(account));
        }

        @Override
        ObjectNode typeConfiguration(final SignIn signIn) {
            return ContainerModels.typeConfigurationWithSubscription(signIn);
        }

        /** Azure Resource Manager passes the blob service's answer on (azure-rest-api-specs issue 30456). */
        @Override
        NameBlocked blockNameOnce(final LocalCloud cloud, final String name, final SignIn signIn) {
            cloud.resourceManager().faults().answer(request -> "PUT".equals(request.method())
                    && request.path().toLowerCase(Locale.ROOT).endsWith("/blobservices/default/containers/" + name), 1,
                AzureResourceManagerStandIn.errorAnswer(409, "ContainerOperationFailure",
                    "The specified container is being deleted. Try operation later."));
            return new NameBlocked(model(name, signIn), () -> { });
        }
    };

    private static final String BLOB_ENDPOINT = "cfnazure.test.blobEndpoint";

    /** The model of a create request that Azure will answer once with "being deleted", and what undoes the fault. */
    record NameBlocked(ObjectNode model, Runnable undo) {
    }

    /** The invalid input of the inputs folder for this plane, relative to the provider's folder. */
    final String invalidInput;

    Plane(final String invalidInput) {
        this.invalidInput = invalidInput;
    }

    /** A full model as a template gives it, in {@link LocalCloud#STORAGE_ACCOUNT}; null name: generated. */
    abstract ObjectNode model(String containerName, SignIn signIn);

    /** Points a model (or a List request) at another account of the local cloud. */
    abstract ObjectNode inAccount(ObjectNode model, String account);

    /** The account's defaults, which Read, Delete and List use when only the identifier reaches the handler. */
    abstract ObjectNode typeConfiguration(SignIn signIn);

    /** Azure keeps a deleted container's name blocked for a while, which the local cloud does not: played once. */
    abstract NameBlocked blockNameOnce(LocalCloud cloud, String name, SignIn signIn);
}
