package io.cfnazure.backup.testbed;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.cfnazure.localcloud.AzureFaultProxy;
import io.cfnazure.localcloud.AzuriteProcess;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.TestCertificate;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy's world on 127.0.0.1: the local cloud's Entra ID and Secrets Manager stand-ins, Azurite over HTTPS with
 * OAuth (on disk: the copy's tests write a 1 GiB blob), S3Mock, a fault proxy in front of Azurite and one in front of
 * S3Mock, and the SQS stand-in of {@link SqsQueue}. The function under test reaches them through the AWS SDK's
 * standard settings (aws.endpointUrlS3, aws.endpointUrlSqs, aws.endpointUrlSecretsManager, aws.region and the
 * function role's credentials, here those the Secrets Manager stand-in accepts) and the provider's test-only Azure
 * settings, set as this JVM's system properties; its Azure and S3 requests go through the proxies, which record them.
 */
public final class BackupTestBed {

    public static final String ACCOUNT = LocalCloud.STORAGE_ACCOUNT;
    /**
     * An account whose blob service keeps versions (the local cloud's emulation behind the fault proxy, as an account
     * with {@code isVersioningEnabled} in Azure): for restores as of a time.
     */
    public static final String VERSIONED_ACCOUNT = LocalCloud.SECOND_STORAGE_ACCOUNT;

    private static BackupTestBed shared;

    private final LocalCloud cloud;
    private final AzuriteProcess azurite;
    private final S3MockServer s3Server;
    private final S3Proxy s3Proxy;
    private final AzureFaultProxy faults;
    private final S3Client s3;
    private final BlobServiceClient azure;

    private BackupTestBed(final LocalCloud cloud, final AzuriteProcess azurite, final S3MockServer s3Server,
                          final S3Proxy s3Proxy, final AzureFaultProxy faults) {
        this.cloud = cloud;
        this.azurite = azurite;
        this.s3Server = s3Server;
        this.s3Proxy = s3Proxy;
        this.faults = faults;
        this.s3 = s3Server.client();
        // The test bed's own view of Azurite, with the account key: independent of the function's sign-in.
        this.azure = new BlobServiceClientBuilder()
            .endpoint(azurite.blobEndpoint(ACCOUNT))
            .credential(new StorageSharedKeyCredential(ACCOUNT, azurite.accountKey(ACCOUNT)))
            .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(TestCertificate.get().clientSslContext())).build())
            .buildClient();
    }

    /** One per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized BackupTestBed shared() {
        if (shared == null) {
            final LocalCloud cloud = LocalCloud.shared();
            final AzuriteProcess azurite = AzuriteProcess.startOnDisk(List.of(ACCOUNT, VERSIONED_ACCOUNT));
            Runtime.getRuntime().addShutdownHook(new Thread(azurite::close, "azurite-on-disk-stop"));
            final S3MockServer s3Server = S3MockServer.start();
            final S3Proxy s3Proxy = S3Proxy.start(s3Server.endpoint());
            cloud.resourceManager().enableBlobVersioning(VERSIONED_ACCOUNT);
            final AzureFaultProxy faults = AzureFaultProxy.start(azurite, cloud.resourceManager());
            Runtime.getRuntime().addShutdownHook(new Thread(faults::close, "azure-faults-stop"));
            shared = new BackupTestBed(cloud, azurite, s3Server, s3Proxy, faults);
            shared.functionSystemProperties().forEach(System::setProperty);
        }
        return shared;
    }

    /** What the function's JVM needs besides its environment: endpoints, Region, role credentials, trust. */
    public Map<String, String> functionSystemProperties() {
        final Map<String, String> properties = new LinkedHashMap<>(cloud.handlerSystemProperties());
        properties.put("cfnazure.test.blobEndpoint", faults.blobEndpointTemplate());
        properties.put("aws.endpointUrlS3", s3Proxy.endpoint());
        properties.put("aws.endpointUrlSqs", SqsQueue.endpoint());
        properties.put("aws.region", LocalCloud.REGION);
        final CallerCredentials role = cloud.callerCredentials();
        properties.put("aws.accessKeyId", role.accessKeyId());
        properties.put("aws.secretAccessKey", role.secretAccessKey());
        properties.put("aws.sessionToken", role.sessionToken());
        return properties;
    }

    /** S3Mock's own endpoint, without the proxy (for measurements). */
    public String s3MockEndpoint() {
        return s3Server.endpoint();
    }

    /** Azurite's own endpoints, without the fault proxy (for measurements). */
    public String azuriteBlobEndpointTemplate() {
        return azurite.blobEndpointTemplate();
    }

    /**
     * The function's environment, as the CDK construct sets it, for a container of the local account.
     *
     * @param blockSizeBytes null for the default
     */
    public Map<String, String> functionEnvironment(final String containerName, final boolean mirrorDeletes,
                                                   final Integer blockSizeBytes) {
        final Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CONTAINER_URL", containerUrl(containerName));
        environment.put("AZURE_TENANT_ID", LocalCloud.TENANT_ID);
        environment.put("AZURE_CLIENT_ID", LocalCloud.CLIENT_ID);
        environment.put("AZURE_CLIENT_SECRET_NAME", LocalCloud.SECRET_NAME);
        environment.put("MIRROR_DELETES", String.valueOf(mirrorDeletes));
        if (blockSizeBytes != null) {
            environment.put("BLOCK_SIZE_BYTES", String.valueOf(blockSizeBytes));
        }
        return environment;
    }

    /**
     * The environment of a function that signs in with no secret (AZURE_AUTHENTICATION AwsWebIdentity), as the app
     * whose federated identity credential trusts the function's role ({@link LocalCloud#FEDERATED_CLIENT_ID}).
     */
    public Map<String, String> functionEnvironmentWithoutSecret(final String containerName) {
        final Map<String, String> environment = functionEnvironment(containerName, false, null);
        environment.remove("AZURE_CLIENT_SECRET_NAME");
        environment.put("AZURE_AUTHENTICATION", "AwsWebIdentity");
        environment.put("AZURE_CLIENT_ID", LocalCloud.FEDERATED_CLIENT_ID);
        return environment;
    }

    /** The function role's access key id (the local cloud maps it to {@link LocalCloud#CALLER_ROLE_ARN}). */
    public String functionAccessKeyId() {
        return cloud.callerCredentials().accessKeyId();
    }

    /** The container's URL as the stack knows it (the real-cloud form; requests go to Azurite). */
    public static String containerUrl(final String containerName) {
        return containerUrl(ACCOUNT, containerName);
    }

    public static String containerUrl(final String account, final String containerName) {
        return "https://" + account + ".blob.core.windows.net/" + containerName;
    }

    /** The function's environment for a container of {@link #VERSIONED_ACCOUNT}. */
    public Map<String, String> functionEnvironmentWithVersions(final String containerName) {
        final Map<String, String> environment = functionEnvironment(containerName, false, null);
        environment.put("CONTAINER_URL", containerUrl(VERSIONED_ACCOUNT, containerName));
        return environment;
    }

    /** Creates the container, with the test bed's own Azure client (not the function's). */
    public BlobContainerClient createContainer(final String name) {
        return azure.createBlobContainer(name);
    }

    /**
     * Creates a container of {@link #VERSIONED_ACCOUNT}; the returned client goes through the fault proxy, since only
     * it shows versions, and signs in with Entra ID, as the function does.
     */
    public BlobContainerClient createVersionedContainer(final String name) {
        return cloud.blobServiceClient(VERSIONED_ACCOUNT, faults).createBlobContainer(name);
    }

    public BlobContainerClient container(final String name) {
        return azure.getBlobContainerClient(name);
    }

    public S3Client s3() {
        return s3;
    }

    public AzureFaultProxy faults() {
        return faults;
    }

    /** The proxy between the function and S3: what the function asked of S3, and bytes changed on their way. */
    public S3Proxy s3Proxy() {
        return s3Proxy;
    }

    public LocalCloud cloud() {
        return cloud;
    }
}
