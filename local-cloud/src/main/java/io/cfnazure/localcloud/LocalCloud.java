package io.cfnazure.localcloud;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.cfnazure.localcloud.cloudformation.CallerCredentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Azurite and the Entra ID, Secrets Manager and STS stand-ins together, seeded as one consistent world: one caller
 * with temporary AWS credentials, a session of the role {@link #CALLER_ROLE_ARN}, which has the policy of the
 * project's execution-role.yaml with its defaults (STS evaluates its conditions on sts:GetWebIdentityToken); an
 * Entra ID app ({@link #TENANT_ID}, {@link #CLIENT_ID}, {@link #CLIENT_SECRET}) whose client secret is stored in
 * Secrets Manager as {@link #SECRET_NAME}; an app without a secret ({@link #FEDERATED_CLIENT_ID}) whose federated
 * identity credential trusts that role's AWS web identity tokens (the account's {@link #awsIssuer()}, audience
 * {@link #WEB_IDENTITY_AUDIENCE}); and two storage accounts. Azure Resource Manager knows the tenant's subscription
 * {@link #SUBSCRIPTION_ID}, where both apps are Contributors, with the resource group {@link #RESOURCE_GROUP}
 * holding the two accounts; accounts created through it are new Azurite accounts. The handler under test reaches it
 * through {@link #handlerSystemProperties()}.
 */
public final class LocalCloud implements AutoCloseable {

    public static final String TENANT_ID = "9bf4ae8d-1122-4d64-be04-899b9c674c81";
    public static final String CLIENT_ID = "76c4845d-3720-4e9f-832d-9bfdf0efcf02";
    public static final String CLIENT_SECRET = "Jq8Q~LocalTestBed.Client-Secret_v4Hn2sPz";
    public static final String SECRET_NAME = "azure/blobstorage/client-secret";
    public static final String STORAGE_ACCOUNT = "cfnlocalstore01";
    public static final String SECOND_STORAGE_ACCOUNT = "cfnlocalstore02";
    public static final String AWS_ACCOUNT_ID = "123456789012";
    public static final String REGION = "us-east-1";
    /**
     * The role whose session the caller's credentials are: the execution role CloudFormation assumes, deployed from
     * execution-role.yaml with its parameters' defaults.
     */
    public static final String CALLER_ROLE_ARN = "arn:aws:iam::" + AWS_ACCOUNT_ID
        + ":role/AzureBlobStorageContainerExecution";
    /** The app that signs in with the caller's AWS web identity token (AzureAuthentication AwsWebIdentity). */
    public static final String FEDERATED_CLIENT_ID = "3e8f1c55-0b7d-4a2e-9c61-5d2f7a9b4e13";
    /** The audience of its federated identity credential: Entra ID's default. */
    public static final String WEB_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
    /** The tenant's Azure subscription, in Azure Resource Manager. */
    public static final String SUBSCRIPTION_ID = "5c1b7d3e-8f2a-4b6c-9d0e-1a2b3c4d5e6f";
    /** The resource group of {@link #STORAGE_ACCOUNT} and {@link #SECOND_STORAGE_ACCOUNT}. */
    public static final String RESOURCE_GROUP = "cfn-local";
    /** The Azure region of {@link #RESOURCE_GROUP} and its accounts: the one in {@link #REGION}'s country. */
    public static final String AZURE_LOCATION = "eastus";

    /** The caller's temporary credentials, as CloudFormation passes them to a handler. */
    private static final String CALLER_ACCESS_KEY_ID = "ASIAQLOCALTESTBED001";
    private static final String CALLER_SECRET_ACCESS_KEY = "tB7xLocalTestBedCallerSecretKey+k2Rq9Wm4";
    private static final String CALLER_SESSION_TOKEN =
        "IQoJb3JpZ2luX2VjELocalTestBedSessionToken/NotARealToken+1bXlUb2tlbkZvclRlc3RzT25seQ==";

    /**
     * The test bed's own app, for the clients that arrange and inspect state: its tokens do not count as the
     * handler's in {@code entraId().tokenRequests(CLIENT_ID)}.
     */
    private static final String TEST_BED_CLIENT_ID = "695a2c80-a830-4cc2-a6ac-9a4421cb04e4";

    /** Shorter stored values are test placeholders that would be found in unrelated text. */
    private static final int MIN_SCANNED_LENGTH = 12;

    private static LocalCloud shared;

    private final AzuriteProcess azurite;
    private final EntraIdStandIn entraId;
    private final AwsCallers awsCallers;
    private final SecretsManagerStandIn secretsManager;
    private final StsStandIn sts;
    private final AzureResourceManagerStandIn resourceManager;
    private final String awsIssuer;
    /** The test bed's clients trust the test certificate by themselves, whatever this JVM's trust store. */
    private final HttpClient testBedHttpClient = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
        .sslContext(TestCertificate.get().clientSslContext()))
        .build();
    private final ClientSecretCredential testBedCredential;

    private LocalCloud(final AzuriteProcess azurite, final EntraIdStandIn entraId, final AwsCallers awsCallers,
                       final SecretsManagerStandIn secretsManager, final StsStandIn sts,
                       final AzureResourceManagerStandIn resourceManager) {
        this.azurite = azurite;
        this.entraId = entraId;
        this.awsCallers = awsCallers;
        this.secretsManager = secretsManager;
        this.sts = sts;
        this.resourceManager = resourceManager;
        entraId.registerApp(TENANT_ID, CLIENT_ID, CLIENT_SECRET);
        final String testBedClientSecret = UUID.randomUUID().toString();
        entraId.registerApp(TENANT_ID, TEST_BED_CLIENT_ID, testBedClientSecret);
        testBedCredential = new ClientSecretCredentialBuilder()
            .tenantId(TENANT_ID)
            .clientId(TEST_BED_CLIENT_ID)
            .clientSecret(testBedClientSecret)
            .authorityHost(entraId.authorityHost())
            .disableInstanceDiscovery()
            .httpClient(testBedHttpClient)
            .build();
        awsCallers.accept(callerCredentials(), CALLER_ROLE_ARN);
        secretsManager.putSecret(SECRET_NAME, CLIENT_SECRET);
        awsIssuer = sts.enableFederation(AWS_ACCOUNT_ID);
        entraId.addFederatedCredential(TENANT_ID, FEDERATED_CLIENT_ID, new EntraIdStandIn.FederatedCredential(
            awsIssuer, CALLER_ROLE_ARN, List.of(WEB_IDENTITY_AUDIENCE)));
        resourceManager.addSubscription(SUBSCRIPTION_ID, TENANT_ID);
        for (final String app : List.of(CLIENT_ID, FEDERATED_CLIENT_ID, TEST_BED_CLIENT_ID)) {
            resourceManager.assignRole(app, AzureResourceManagerStandIn.Role.CONTRIBUTOR,
                "/subscriptions/" + SUBSCRIPTION_ID);
        }
        resourceManager.addResourceGroup(SUBSCRIPTION_ID, RESOURCE_GROUP, AZURE_LOCATION);
        resourceManager.addStorageAccount(SUBSCRIPTION_ID, RESOURCE_GROUP, STORAGE_ACCOUNT);
        resourceManager.addStorageAccount(SUBSCRIPTION_ID, RESOURCE_GROUP, SECOND_STORAGE_ACCOUNT);
    }

    public static LocalCloud start() {
        // Read before anything starts: a policy the STS stand-in cannot evaluate stops here.
        final WebIdentityTokenPolicy executionRolePolicy = WebIdentityTokenPolicy.ofExecutionRole(Map.of());
        final EntraIdStandIn entraId = EntraIdStandIn.start();
        final AwsCallers awsCallers = new AwsCallers();
        final SecretsManagerStandIn secretsManager = SecretsManagerStandIn.start(AWS_ACCOUNT_ID, awsCallers);
        final StsStandIn sts = StsStandIn.start(REGION, awsCallers);
        sts.attachRolePolicy(CALLER_ROLE_ARN, executionRolePolicy);
        AzuriteProcess azurite = null;
        try {
            azurite = AzuriteProcess.start(List.of(STORAGE_ACCOUNT, SECOND_STORAGE_ACCOUNT));
            return new LocalCloud(azurite, entraId, awsCallers, secretsManager, sts,
                AzureResourceManagerStandIn.start(azurite));
        } catch (final RuntimeException e) {
            if (azurite != null) {
                azurite.close();
            }
            entraId.close();
            secretsManager.close();
            sts.close();
            throw e;
        }
    }

    /**
     * One instance per JVM, started on first use, applied to this JVM's system properties and stopped when the JVM
     * exits. Do not close it. Tests share it, so they use their own container names and compare counters before and
     * after rather than with zero.
     */
    public static synchronized LocalCloud shared() {
        if (shared == null) {
            final LocalCloud cloud = start();
            cloud.applyToThisJvm();
            Runtime.getRuntime().addShutdownHook(new Thread(cloud::close, "local-cloud-stop"));
            shared = cloud;
        }
        return shared;
    }

    /**
     * What the handler's JVM needs to use this cloud instead of the real ones: trust in the test certificate, the
     * AWS SDK's standard Secrets Manager and STS endpoint settings, and the project's test-only Azure endpoints
     * (blob endpoint, Entra ID authority host, Azure Resource Manager endpoint).
     */
    public Map<String, String> handlerSystemProperties() {
        final Map<String, String> properties = new LinkedHashMap<>(TestCertificate.get().trustStoreSystemProperties());
        properties.put("aws.endpointUrlSecretsManager", secretsManager.endpoint());
        properties.put("aws.endpointUrlSts", sts.endpoint());
        properties.put("cfnazure.test.blobEndpoint", azurite.blobEndpointTemplate());
        properties.put("cfnazure.test.authorityHost", entraId.authorityHost());
        properties.put("cfnazure.test.resourceManagerEndpoint", resourceManager.endpoint());
        return properties;
    }

    /**
     * Sets {@link #handlerSystemProperties()} in this JVM, and makes the test certificate's trust the default TLS
     * context even if this JVM has used TLS before (the trust store properties alone count only before the default
     * context is first created). Clients built earlier keep their old trust.
     */
    public void applyToThisJvm() {
        handlerSystemProperties().forEach(System::setProperty);
        SSLContext.setDefault(TestCertificate.get().clientSslContext());
    }

    /** The caller credentials its AWS services accept, as CloudFormation passes them to a handler. */
    public CallerCredentials callerCredentials() {
        return new CallerCredentials(CALLER_ACCESS_KEY_ID, CALLER_SECRET_ACCESS_KEY, CALLER_SESSION_TOKEN);
    }

    /**
     * New temporary credentials of a session of {@code roleArn}, accepted by its AWS services from now on: a caller
     * that no handler has seen yet (its caches are per caller), or one in another account.
     */
    public CallerCredentials newCallerSession(final String roleArn) {
        final String random = UUID.randomUUID().toString().replace("-", "");
        final CallerCredentials credentials = new CallerCredentials(
            "ASIAQ" + random.substring(0, 15).toUpperCase(Locale.ROOT),
            "LocalTestBedSecretKey/" + random.substring(0, 18),
            "LocalTestBedSessionToken/" + random);
        awsCallers.accept(credentials, roleArn);
        return credentials;
    }

    /**
     * The issuer URL of {@link #AWS_ACCOUNT_ID}'s web identity tokens, as
     * {@code aws iam get-outbound-web-identity-federation-info} tells it.
     */
    public String awsIssuer() {
        return awsIssuer;
    }

    /**
     * Every token this cloud has issued and every secret it knows so far, none of which may appear in a log line or
     * an answer: the tokens of STS and Entra ID, whole and their payload and signature alone (a part of a JWT in a
     * log means the token passed a log statement), the client secrets of Entra ID's apps, every value stored in
     * Secrets Manager, and the secret keys and session tokens of the callers its AWS services accept. JWT headers are left out: they are the same for many
     * tokens and say nothing.
     */
    public List<String> secretsAndTokens() {
        final List<String> secrets = new ArrayList<>();
        Stream.concat(sts.issuedTokens().stream(), entraId.issuedAccessTokens().stream()).forEach(jwt -> {
            final String[] parts = jwt.split("\\.");
            secrets.addAll(List.of(jwt, parts[1], parts[2]));
        });
        secrets.addAll(entraId.registeredClientSecrets());
        // Also what Entra ID never knew (a refused secret, a secret JSON); short test values would match anything.
        secretsManager.storedValues().stream().filter(value -> value.length() >= MIN_SCANNED_LENGTH)
            .forEach(secrets::add);
        awsCallers.acceptedCredentials().forEach(caller -> Stream.of(caller.secretAccessKey(), caller.sessionToken())
            .filter(Objects::nonNull)
            .forEach(secrets::add));
        return secrets;
    }

    public AzuriteProcess azurite() {
        return azurite;
    }

    public EntraIdStandIn entraId() {
        return entraId;
    }

    public SecretsManagerStandIn secretsManager() {
        return secretsManager;
    }

    public StsStandIn sts() {
        return sts;
    }

    public AzureResourceManagerStandIn resourceManager() {
        return resourceManager;
    }

    /** The Azure Resource Manager ID of an account in {@link #RESOURCE_GROUP}. */
    public static String storageAccountId(final String account) {
        return "/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/" + RESOURCE_GROUP
            + "/providers/Microsoft.Storage/storageAccounts/" + account;
    }

    /**
     * A real Azure SDK client of an Azurite account, authenticated with Entra ID (the test bed's own app), for
     * tests to arrange and inspect state independently of the handlers.
     */
    public BlobServiceClient blobServiceClient(final String account) {
        return new BlobServiceClientBuilder()
            .endpoint(azurite.blobEndpoint(account))
            .credential(testBedCredential)
            .httpClient(testBedHttpClient)
            .buildClient();
    }

    /**
     * Like {@link #blobServiceClient(String)} but through a proxy, e.g. one that keeps blob versions
     * ({@link AzureFaultProxy#start(AzuriteProcess, AzureResourceManagerStandIn)}).
     */
    public BlobServiceClient blobServiceClient(final String account, final AzureFaultProxy proxy) {
        return new BlobServiceClientBuilder()
            .endpoint(proxy.blobEndpoint(account))
            .credential(testBedCredential)
            .httpClient(testBedHttpClient)
            .buildClient();
    }

    /**
     * Like {@link #blobServiceClient(String)} but with the account's shared key: Azurite refuses Get/Set Container
     * ACL under OAuth (403 AuthorizationFailure) and accepts them with a shared key.
     */
    public BlobServiceClient blobServiceClientWithSharedKey(final String account) {
        return new BlobServiceClientBuilder()
            .endpoint(azurite.blobEndpoint(account))
            .credential(new StorageSharedKeyCredential(account, azurite.accountKey(account)))
            .httpClient(testBedHttpClient)
            .buildClient();
    }

    @Override
    public void close() {
        resourceManager.close();
        azurite.close();
        entraId.close();
        secretsManager.close();
        sts.close();
    }
}
