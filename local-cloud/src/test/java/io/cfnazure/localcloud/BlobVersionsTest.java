package io.cfnazure.localcloud;

import static io.cfnazure.localcloud.ResourceManagerClients.account;
import static io.cfnazure.localcloud.ResourceManagerClients.create;
import static io.cfnazure.localcloud.ResourceManagerClients.storageManager;
import static io.cfnazure.localcloud.ResourceManagerClients.uniqueAccountName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.models.BlobContainerInner;
import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.fluent.models.ImmutabilityPolicyInner;
import com.azure.resourcemanager.storage.models.ImmutableStorageWithVersioning;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blob versions of accounts whose blob service keeps them in the Azure Resource Manager stand-in, through the proxy
 * that emulates them on Azurite's snapshots, driven by the real azure-storage-blob clients as the copy service and
 * the restore use them; accounts were made and set through ARM with the real management SDK.
 */
@UsesLocalCloud
class BlobVersionsTest {

    private static final String GROUP = LocalCloud.RESOURCE_GROUP;

    private static AzureFaultProxy proxy;
    /** An account with versioning set through ARM, one set by the test bed's shortcut, and one without. */
    private static String versioned;
    private static String seeded;
    private static String unversioned;

    @BeforeAll
    static void accounts(final LocalCloud cloud) {
        proxy = AzureFaultProxy.start(cloud.azurite(), cloud.resourceManager());
        final StorageManager storage = storageManager(cloud);
        versioned = uniqueAccountName();
        seeded = uniqueAccountName();
        unversioned = uniqueAccountName();
        for (final String name : List.of(versioned, seeded, unversioned)) {
            create(storage, name, account("eastus", SkuName.STANDARD_LRS));
        }
        storage.serviceClient().getBlobServices().setServiceProperties(GROUP, versioned,
            new BlobServicePropertiesInner().withIsVersioningEnabled(true));
        cloud.resourceManager().enableBlobVersioning(seeded);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void anOverwriteKeepsThePreviousVersionWithItsBytesAndMetadata(final LocalCloud cloud) {
        final BlobClient blob = newContainer(cloud, versioned).getBlobClient("reports/q3.csv");

        final String first = upload(blob, "first copy", Map.of("generation", "1"));
        final String second = upload(blob, "second copy", Map.of("generation", "2"));

        assertThat(first).isNotNull().isNotEqualTo(second);
        final BlobClient previous = blob.getVersionClient(first);
        assertThat(previous.downloadContent().toString()).isEqualTo("first copy");
        assertThat(previous.getProperties().getMetadata()).containsExactly(Map.entry("generation", "1"));
        assertThat(previous.getProperties().getBlobSize()).isEqualTo("first copy".length());
        assertThat(previous.getProperties().getVersionId()).isEqualTo(first);
        assertThat(blob.downloadContent().toString()).isEqualTo("second copy");
        assertThat(blob.getProperties().getVersionId()).isEqualTo(second);
        assertThat(blob.getProperties().isCurrentVersion()).isTrue();
        assertThat(blob.getVersionClient(second).downloadContent().toString()).isEqualTo("second copy");
    }

    @Test
    void listingWithVersionsShowsEveryVersionAndWhichIsCurrent(final LocalCloud cloud) {
        final BlobContainerClient container = newContainer(cloud, versioned);
        final String a1 = upload(container.getBlobClient("a"), "a1", Map.of("n", "a1"));
        final String a2 = upload(container.getBlobClient("a"), "a2", Map.of("n", "a2"));
        final String b1 = upload(container.getBlobClient("b"), "b1", Map.of());
        final String b2 = upload(container.getBlobClient("b"), "b2", Map.of());
        final String b3 = upload(container.getBlobClient("b"), "b3", Map.of());

        for (final int pageSize : List.of(5000, 1, 2)) {
            final List<BlobItem> items = container.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(pageSize)
                .setDetails(new BlobListDetails().setRetrieveVersions(true).setRetrieveMetadata(true)), null)
                .stream().toList();
            assertThat(items).as("page size " + pageSize)
                .extracting(BlobItem::getName, BlobItem::getVersionId, BlobItem::isCurrentVersion)
                .containsExactly(
                    tuple("a", a1, null),
                    tuple("a", a2, true),
                    tuple("b", b1, null),
                    tuple("b", b2, null),
                    tuple("b", b3, true));
            assertThat(items.get(0).getMetadata()).containsExactly(Map.entry("n", "a1"));
        }
        assertThat(container.listBlobs().stream().toList())
            .extracting(BlobItem::getName, BlobItem::getVersionId)
            .containsExactly(tuple("a", null), tuple("b", null));
    }

    @Test
    void deletingTheBlobKeepsItsVersionsUntilItIsWrittenAgain(final LocalCloud cloud) {
        final BlobContainerClient container = newContainer(cloud, versioned);
        final BlobClient blob = container.getBlobClient("doomed.bin");
        final String first = upload(blob, "one", Map.of());
        final String second = upload(blob, "two", Map.of());

        blob.delete();

        assertThat(blob.exists()).isFalse();
        assertThat(catchThrowableOfType(BlobStorageException.class, blob::downloadContent).getErrorCode())
            .isEqualTo(BlobErrorCode.BLOB_NOT_FOUND);
        assertThat(catchThrowableOfType(BlobStorageException.class, blob::delete).getErrorCode())
            .isEqualTo(BlobErrorCode.BLOB_NOT_FOUND);
        assertThat(container.listBlobs().stream()).isEmpty();
        assertThat(versions(container)).extracting(BlobItem::getVersionId, BlobItem::isCurrentVersion)
            .containsExactly(tuple(first, null),
                tuple(second, null));
        assertThat(blob.getVersionClient(second).downloadContent().toString()).isEqualTo("two");

        final String third = upload(blob, "three", Map.of());
        assertThat(blob.downloadContent().toString()).isEqualTo("three");
        assertThat(versions(container)).extracting(BlobItem::getVersionId).containsExactly(first, second, third);
    }

    @Test
    void deletingAVersionRemovesThatVersionOnly(final LocalCloud cloud) {
        final BlobClient blob = newContainer(cloud, versioned).getBlobClient("draft.txt");
        final String first = upload(blob, "one", Map.of());
        final String second = upload(blob, "two", Map.of());

        blob.getVersionClient(first).delete();

        assertThat(versions(blob.getContainerClient())).extracting(BlobItem::getVersionId).containsExactly(second);
        assertThat(catchThrowableOfType(BlobStorageException.class,
            () -> blob.getVersionClient(first).downloadContent()).getErrorCode())
            .isEqualTo(BlobErrorCode.BLOB_NOT_FOUND);
        assertThat(blob.downloadContent().toString()).isEqualTo("two");
    }

    @Test
    void contentWrittenBehindTheProxyBecomesAVersionWhenOverwritten(final LocalCloud cloud) {
        final String name = newContainer(cloud, versioned).getBlobContainerName();
        cloud.blobServiceClient(versioned).getBlobContainerClient(name).getBlobClient("early.txt")
            .upload(BinaryData.fromString("before versions"));
        final BlobContainerClient container = cloud.blobServiceClient(versioned, proxy).getBlobContainerClient(name);

        upload(container.getBlobClient("early.txt"), "after", Map.of());

        final List<BlobItem> versions = versions(container);
        assertThat(versions).hasSize(2);
        assertThat(container.getBlobClient("early.txt").getVersionClient(versions.get(0).getVersionId())
            .downloadContent().toString()).isEqualTo("before versions");
    }

    @Test
    void aVersionUnderTheContainersRetentionPolicyCannotBeDeleted(final LocalCloud cloud) {
        final BlobContainerClient container = newWormContainer(cloud, 1);
        final BlobClient blob = container.getBlobClient("ledger.json");
        final String original = upload(blob, "{\"balance\":100}", Map.of());
        upload(blob, "{\"balance\":0}", Map.of());

        final BlobStorageException refused = catchThrowableOfType(BlobStorageException.class,
            () -> blob.getVersionClient(original).delete());

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(refused.getErrorCode()).isEqualTo(BlobErrorCode.BLOB_IMMUTABLE_DUE_TO_POLICY);
        assertThat(blob.getVersionClient(original).downloadContent().toString()).isEqualTo("{\"balance\":100}");
        assertThat(blob.getVersionClient(original).getProperties().getImmutabilityPolicy().getExpiryTime())
            .isAfter(OffsetDateTime.now().plusHours(23));
        blob.delete();
        assertThat(versions(container)).hasSize(2).allMatch(item -> item.isCurrentVersion() == null);
    }

    @Test
    void aVersionWithALegalHoldCannotBeDeletedUntilTheHoldIsCleared(final LocalCloud cloud) {
        final BlobContainerClient container = newWormContainer(cloud, 0);
        final BlobClient blob = container.getBlobClient("evidence.eml");
        final String held = upload(blob, "original", Map.of());
        upload(blob, "tampered", Map.of());

        assertThat(blob.getVersionClient(held).setLegalHold(true).hasLegalHold()).isTrue();
        final BlobStorageException refused = catchThrowableOfType(BlobStorageException.class,
            () -> blob.getVersionClient(held).delete());

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(refused.getErrorCode()).isEqualTo(BlobErrorCode.fromString("BlobImmutableDueToLegalHold"));
        assertThat(blob.getVersionClient(held).getProperties().hasLegalHold()).isTrue();
        blob.getVersionClient(held).setLegalHold(false);
        blob.getVersionClient(held).delete();
        assertThat(versions(container)).hasSize(1);
    }

    @Test
    void aLegalHoldOnABlobNeedsVersionLevelImmutability(final LocalCloud cloud) {
        final BlobClient blob = newContainer(cloud, versioned).getBlobClient("memo.txt");
        upload(blob, "memo", Map.of());

        final BlobStorageException refused = catchThrowableOfType(BlobStorageException.class,
            () -> blob.setLegalHold(true));

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(refused.getErrorCode()).isEqualTo(BlobErrorCode.fromString("BlobOperationNotSupported"));
        blob.delete();
        assertThat(blob.exists()).isFalse();
    }

    @Test
    void versioningEnabledByTheTestBedIsVersioningAsArmShowsIt(final LocalCloud cloud) {
        final BlobClient blob = newContainer(cloud, seeded).getBlobClient("seeded.txt");
        final String first = upload(blob, "one", Map.of());
        upload(blob, "two", Map.of());

        assertThat(storageManager(cloud).serviceClient().getBlobServices().getServiceProperties(GROUP, seeded)
            .isVersioningEnabled()).isTrue();
        assertThat(blob.getVersionClient(first).downloadContent().toString()).isEqualTo("one");
    }

    @Test
    void aSharedKeyClientGetsVersionsAndAWrongKeyIsStillRefused(final LocalCloud cloud) {
        final String name = newContainer(cloud, versioned).getBlobContainerName();
        final BlobClient blob = sharedKeyClient(cloud.azurite().accountKey(versioned)).getBlobContainerClient(name)
            .getBlobClient("signed.txt");
        final String first = upload(blob, "one", Map.of());
        upload(blob, "two", Map.of());

        assertThat(blob.getVersionClient(first).downloadContent().toString()).isEqualTo("one");
        assertThat(versions(blob.getContainerClient())).hasSize(2);
        final BlobClient forged = sharedKeyClient(Base64.getEncoder().encodeToString(new byte[64]))
            .getBlobContainerClient(name).getBlobClient("signed.txt");
        assertThat(catchThrowableOfType(BlobStorageException.class,
            () -> forged.getVersionClient(first).delete()).getStatusCode()).as("Azurite refuses the signature")
            .isIn(400, 403);
        assertThat(blob.getVersionClient(first).exists()).isTrue();
        blob.delete();
        blob.getVersionClient(first).delete();
        assertThat(versions(blob.getContainerClient())).hasSize(1);
    }

    @Test
    void anAccountWithoutVersioningKeepsNoVersions(final LocalCloud cloud) {
        final BlobContainerClient container = newContainer(cloud, unversioned);
        final BlobClient blob = container.getBlobClient("plain.txt");

        assertThat(upload(blob, "one", Map.of())).isNull();
        upload(blob, "two", Map.of());

        assertThat(versions(container)).extracting(BlobItem::getName, BlobItem::getVersionId)
            .containsExactly(tuple("plain.txt", null));
        blob.delete();
        assertThat(versions(container)).isEmpty();
    }

    private static String upload(final BlobClient blob, final String content, final Map<String, String> metadata) {
        return blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(content))
            .setMetadata(metadata), null, Context.NONE).getValue().getVersionId();
    }

    private static List<BlobItem> versions(final BlobContainerClient container) {
        return container.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveVersions(true)),
            null).stream().toList();
    }

    private static BlobServiceClient sharedKeyClient(final String key) {
        return new BlobServiceClientBuilder()
            .endpoint(proxy.blobEndpoint(versioned))
            .credential(new StorageSharedKeyCredential(versioned, key))
            .httpClient(ResourceManagerClients.HTTP_CLIENT)
            .buildClient();
    }

    private static BlobContainerClient newContainer(final LocalCloud cloud, final String account) {
        return cloud.blobServiceClient(account, proxy).createBlobContainer("v" + UUID.randomUUID());
    }

    /**
     * A container made through ARM with version-level immutability and, for {@code days > 0}, a default
     * time-based retention policy of that many days (unlocked).
     */
    private static BlobContainerClient newWormContainer(final LocalCloud cloud, final int days) {
        final StorageManager storage = storageManager(cloud);
        final String name = "worm" + UUID.randomUUID().toString().substring(0, 8);
        storage.serviceClient().getBlobContainers().create(GROUP, versioned, name, new BlobContainerInner()
            .withImmutableStorageWithVersioning(new ImmutableStorageWithVersioning().withEnabled(true)));
        if (days > 0) {
            storage.serviceClient().getBlobContainers().createOrUpdateImmutabilityPolicyWithResponse(GROUP, versioned,
                name, null, new ImmutabilityPolicyInner().withImmutabilityPeriodSinceCreationInDays(days),
                Context.NONE);
        }
        return cloud.blobServiceClient(versioned, proxy).getBlobContainerClient(name);
    }
}
