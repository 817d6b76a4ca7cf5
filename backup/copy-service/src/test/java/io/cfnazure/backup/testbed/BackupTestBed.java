package io.cfnazure.backup.testbed;

import com.azure.storage.blob.BlobContainerClient;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy's world on 127.0.0.1: the local cloud (Azurite over HTTPS with OAuth, the Entra ID and Secrets Manager
 * stand-ins), S3Mock, and a fault proxy in front of Azurite. The function under test reaches them through the AWS
 * SDK's standard settings (aws.endpointUrlS3, aws.endpointUrlSecretsManager, aws.region and the function role's
 * credentials, here those the Secrets Manager stand-in accepts) and the provider's test-only Azure settings, set as
 * this JVM's system properties; its Azure requests go through the fault proxy.
 */
public final class BackupTestBed {

    public static final String ACCOUNT = LocalCloud.STORAGE_ACCOUNT;

    private static BackupTestBed shared;

    private final LocalCloud cloud;
    private final S3MockServer s3Server;
    private final AzureFaults faults;
    private final S3Client s3;

    private BackupTestBed(final LocalCloud cloud, final S3MockServer s3Server, final AzureFaults faults) {
        this.cloud = cloud;
        this.s3Server = s3Server;
        this.faults = faults;
        this.s3 = s3Server.client();
    }

    /** One per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized BackupTestBed shared() {
        if (shared == null) {
            final LocalCloud cloud = LocalCloud.shared();
            final S3MockServer s3Server = S3MockServer.start();
            final AzureFaults faults = AzureFaults.start(cloud.azurite().port());
            Runtime.getRuntime().addShutdownHook(new Thread(faults::close, "azure-faults-stop"));
            shared = new BackupTestBed(cloud, s3Server, faults);
            shared.functionSystemProperties().forEach(System::setProperty);
        }
        return shared;
    }

    /** What the function's JVM needs besides its environment: endpoints, Region, role credentials, trust. */
    public Map<String, String> functionSystemProperties() {
        final Map<String, String> properties = new LinkedHashMap<>(cloud.handlerSystemProperties());
        properties.put("cfnazure.test.blobEndpoint", faults.blobEndpointTemplate());
        properties.put("aws.endpointUrlS3", s3Server.endpoint());
        properties.put("aws.region", LocalCloud.REGION);
        final CallerCredentials role = cloud.callerCredentials();
        properties.put("aws.accessKeyId", role.accessKeyId());
        properties.put("aws.secretAccessKey", role.secretAccessKey());
        properties.put("aws.sessionToken", role.sessionToken());
        return properties;
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

    /** The container's URL as the stack knows it (the real-cloud form; requests go to Azurite). */
    public static String containerUrl(final String containerName) {
        return "https://" + ACCOUNT + ".blob.core.windows.net/" + containerName;
    }

    /** Creates the container, with the test bed's own Azure client (not the function's). */
    public BlobContainerClient createContainer(final String name) {
        return cloud.blobServiceClient(ACCOUNT).createBlobContainer(name);
    }

    public BlobContainerClient container(final String name) {
        return cloud.blobServiceClient(ACCOUNT).getBlobContainerClient(name);
    }

    public S3Client s3() {
        return s3;
    }

    public AzureFaults faults() {
        return faults;
    }

    public LocalCloud cloud() {
        return cloud;
    }
}
