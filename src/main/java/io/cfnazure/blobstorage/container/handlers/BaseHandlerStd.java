package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.blobstorage.container.azure.AzureAccess;
import io.cfnazure.blobstorage.container.azure.AzureClients;
import io.cfnazure.blobstorage.container.azure.AzureCloud;
import io.cfnazure.blobstorage.container.azure.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.StorageAccountGateway;
import io.cfnazure.blobstorage.container.credentials.ClientSecret;
import io.cfnazure.blobstorage.container.credentials.ClientSecretCache;
import io.cfnazure.blobstorage.container.credentials.SecretLocation;
import io.cfnazure.blobstorage.container.credentials.SecretsManagerClients;
import io.cfnazure.blobstorage.container.model.AzureCredentials;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import io.cfnazure.blobstorage.container.model.Translator;
import io.cfnazure.blobstorage.container.model.TypeConfigurationModel;
import java.time.Clock;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.cloudformation.exceptions.CfnInvalidCredentialsException;
import software.amazon.cloudformation.exceptions.CfnInvalidRequestException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * What every handler shares: resolving the Azure credentials (model, then the secret's JSON, then the type
 * configuration), connecting to the storage account with the caller's AWS credentials, reading a container back, and
 * turning every failure into a CloudFormation error in one place.
 */
public abstract class BaseHandlerStd {

    /** The clients and caches one warm handler process shares across invocations. */
    public record Dependencies(AzureClients azureClients, ClientSecretCache secrets,
                               Function<String, SecretsManagerClient> secretsManagerForRegion, Clock clock) {
        static final Dependencies SHARED = new Dependencies(new AzureClients(),
            new ClientSecretCache(Clock.systemUTC()), SecretsManagerClients::forRegion, Clock.systemUTC());
    }

    protected final Dependencies dependencies;

    protected BaseHandlerStd() {
        this(Dependencies.SHARED);
    }

    protected BaseHandlerStd(final Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    public final ProgressEvent<ResourceModel, CallbackContext> handleRequest(
        final AmazonWebServicesClientProxy proxy,
        final ResourceHandlerRequest<ResourceModel> request,
        final CallbackContext callbackContext,
        final Logger logger,
        final TypeConfigurationModel typeConfiguration) {
        final Invocation invocation = new Invocation(proxy, request,
            callbackContext == null ? new CallbackContext() : callbackContext, logger, typeConfiguration);
        try {
            return handle(invocation);
        } catch (final Exception e) {
            final ErrorTranslator.Failure failure = ErrorTranslator.translate(e, invocation.failureContext());
            if (failure.code() == HandlerErrorCode.InvalidCredentials) {
                invocation.forgetCredentials();
            }
            logger.log(String.format("%s failed with %s (%s): %s", getClass().getSimpleName(), failure.code(),
                e.getClass().getSimpleName(), failure.message()));
            return ProgressEvent.failed(null, null, failure.code(), failure.message());
        }
    }

    protected abstract ProgressEvent<ResourceModel, CallbackContext> handle(Invocation invocation);

    /** Reads a container back into a SUCCESS event: the model as Azure has it, write-only properties left out. */
    protected static ProgressEvent<ResourceModel, CallbackContext> readBack(
        final StorageAccountGateway gateway, final ContainerAddress address) {
        final ResourceModel model = Translator.fromProperties(address, gateway.properties(address.containerName()));
        return ProgressEvent.defaultSuccessHandler(model);
    }

    /** One invocation's request and what it has learnt so far (for failure messages and cache eviction). */
    protected final class Invocation {
        final AmazonWebServicesClientProxy proxy;
        final ResourceHandlerRequest<ResourceModel> request;
        final CallbackContext callbackContext;
        final Logger logger;
        final TypeConfigurationModel typeConfiguration;
        private String accountName;
        private String containerName;
        private SecretLocation secretLocation;
        private String tenantId;
        private String clientId;
        private AzureAccess access;

        Invocation(final AmazonWebServicesClientProxy proxy, final ResourceHandlerRequest<ResourceModel> request,
                   final CallbackContext callbackContext, final Logger logger,
                   final TypeConfigurationModel typeConfiguration) {
            this.proxy = proxy;
            this.request = request;
            this.callbackContext = callbackContext;
            this.logger = logger;
            this.typeConfiguration = typeConfiguration;
        }

        ResourceModel model() {
            return request.getDesiredResourceState();
        }

        void log(final String message) {
            logger.log(message);
        }

        /** The gateway of the container's account, signed in as the app the model or type configuration names. */
        StorageAccountGateway connect(final ContainerAddress address) {
            containerName = address.containerName();
            return connect(address.accountName(), address.cloud());
        }

        StorageAccountGateway connect(final String storageAccountName, final AzureCloud cloud) {
            accountName = storageAccountName;
            final ResourceModel model = model();
            final AzureCredentials defaults = typeConfiguration == null || typeConfiguration.getAzureCredentials() == null
                ? new AzureCredentials() : typeConfiguration.getAzureCredentials();
            final String secretId = first(model.getAzureClientSecretName(), defaults.getClientSecretName());
            if (secretId == null) {
                throw new CfnInvalidRequestException("No Azure client secret is named: set AzureClientSecretName on "
                    + "the resource, or AzureCredentials.ClientSecretName in the type configuration.");
            }
            secretLocation = SecretLocation.of(request.getAwsAccountId(), request.getRegion(), secretId);
            if (proxy == null) {
                throw new CfnInvalidCredentialsException(new IllegalStateException(
                    "the request carries no caller credentials to read secret '" + secretId + "' with"));
            }
            tenantId = first(model.getAzureTenantId(), defaults.getTenantId());
            clientId = first(model.getAzureClientId(), defaults.getClientId());
            final ClientSecret secret = dependencies.secrets().get(
                proxy.newProxy(() -> dependencies.secretsManagerForRegion().apply(secretLocation.region())),
                secretLocation);
            // The template's values win, then those stored with the secret, then the type configuration's.
            tenantId = first(model.getAzureTenantId(), secret.tenantId(), defaults.getTenantId());
            clientId = first(model.getAzureClientId(), secret.clientId(), defaults.getClientId());
            if (tenantId == null || clientId == null) {
                throw new CfnInvalidRequestException(String.format("No Azure %s is set: set %s on the resource, as %s "
                        + "in secret '%s', or in the type configuration's AzureCredentials.",
                    tenantId == null ? "tenant" : "client", tenantId == null ? "AzureTenantId" : "AzureClientId",
                    tenantId == null ? "tenantId" : "clientId", secretId));
            }
            access = new AzureAccess(request.getAwsAccountId(), cloud, storageAccountName, tenantId, clientId,
                secret.clientSecret());
            return dependencies.azureClients().gateway(access);
        }

        FailureContext failureContext() {
            return new FailureContext(accountName, containerName,
                secretLocation == null ? null : secretLocation.secretId(),
                secretLocation == null ? request.getRegion() : secretLocation.region(), tenantId, clientId);
        }

        void forgetCredentials() {
            if (secretLocation != null) {
                dependencies.secrets().forget(secretLocation);
            }
            if (access != null) {
                dependencies.azureClients().forget(access);
            }
        }
    }

    private static String first(final String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }
}
