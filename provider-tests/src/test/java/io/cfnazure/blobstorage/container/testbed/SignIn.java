package io.cfnazure.blobstorage.container.testbed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.EntraIdStandIn.FederatedCredential;
import io.cfnazure.localcloud.LocalCloud;
import java.util.List;
import java.util.UUID;

/**
 * How requests sign in to Entra ID (the values of AzureAuthentication), each as the local cloud's app for it. The
 * resource properties and the type configuration's AzureCredentials name the same settings, the former with the
 * prefix "Azure".
 */
public enum SignIn {

    /**
     * With {@link LocalCloud#CLIENT_ID}'s client secret, which the handler reads from Secrets Manager
     * ({@link LocalCloud#SECRET_NAME}) with the caller's credentials. AzureAuthentication is left to its default.
     */
    CLIENT_SECRET(LocalCloud.CLIENT_ID, null),
    /**
     * With the caller's AWS web identity token as {@link LocalCloud#FEDERATED_CLIENT_ID}'s client assertion: the
     * app's federated identity credential trusts {@link LocalCloud#CALLER_ROLE_ARN}, whose session the caller is. No
     * secret is named.
     */
    AWS_WEB_IDENTITY(LocalCloud.FEDERATED_CLIENT_ID, "AwsWebIdentity");

    private static final String RESOURCE_PREFIX = "Azure";

    private final String clientId;
    /** The AzureAuthentication value requests name; null: left to the default. */
    private final String authentication;

    SignIn(final String clientId, final String authentication) {
        this.clientId = clientId;
        this.authentication = authentication;
    }

    /** Sets the model's AzureTenantId, AzureClientId and AzureClientSecretName or AzureAuthentication. */
    public ObjectNode applyTo(final ObjectNode model) {
        return put(model, RESOURCE_PREFIX, clientId, LocalCloud.SECRET_NAME);
    }

    /** The type configuration's AzureCredentials (the account's defaults) for the same app. */
    public ObjectNode typeConfigurationCredentials() {
        return put(ContainerModels.JSON.createObjectNode(), "", clientId, LocalCloud.SECRET_NAME);
    }

    /**
     * Signs the model in as a new app of its own, which the local cloud trusts this way (a client secret in Secrets
     * Manager, or a federated credential for the caller's role): no cache of a warm handler knows it, so the handler
     * builds new clients for it.
     */
    public ObjectNode applyToNewApp(final LocalCloud cloud, final ObjectNode model) {
        final String newClientId = UUID.randomUUID().toString();
        if (authentication == null) {
            final String secret = UUID.randomUUID().toString();
            final String secretName = "tests/app-" + newClientId;
            cloud.entraId().registerApp(LocalCloud.TENANT_ID, newClientId, secret);
            cloud.secretsManager().putSecret(secretName, secret);
            return put(model, RESOURCE_PREFIX, newClientId, secretName);
        }
        cloud.entraId().addFederatedCredential(LocalCloud.TENANT_ID, newClientId, new FederatedCredential(
            cloud.awsIssuer(), LocalCloud.CALLER_ROLE_ARN, List.of(LocalCloud.WEB_IDENTITY_AUDIENCE)));
        return put(model, RESOURCE_PREFIX, newClientId, null);
    }

    private ObjectNode put(final ObjectNode target, final String prefix, final String client,
                           final String secretName) {
        target.put(prefix + "TenantId", LocalCloud.TENANT_ID).put(prefix + "ClientId", client);
        target.remove(List.of(prefix + "ClientSecretName", prefix + "Authentication"));
        if (authentication == null) {
            target.put(prefix + "ClientSecretName", secretName);
        } else {
            target.put(prefix + "Authentication", authentication);
        }
        return target;
    }
}
