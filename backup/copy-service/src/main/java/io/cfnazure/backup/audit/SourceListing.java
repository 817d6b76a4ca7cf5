package io.cfnazure.backup.audit;

import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The source bucket's keys under the audit's prefix, listed page by page (never held whole): the current version of
 * each key, and in a versioned bucket (versioning enabled or suspended) the keys whose current version is a delete
 * marker and the non-current versions, which the copy service does not copy and which are only counted.
 */
final class SourceListing {

    /** What the listing saw besides the current objects. */
    record Totals(boolean versioned, long listRequests, long noncurrentVersions, long noncurrentBytes,
                  long deleteMarkers) {
    }

    private final S3Client s3;
    private final AuditSettings settings;

    SourceListing(final S3Client s3, final AuditSettings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /**
     * Hands each current object the copy service copies to {@code current}, and each key whose current version is a
     * delete marker to {@code deleted}.
     *
     * @throws AuditFailure when S3 refuses or fails a request
     */
    Totals list(final Consumer<SourceObject> current, final Consumer<String> deleted) {
        final String bucket = settings.bucket();
        final BucketVersioningStatus versioning;
        try {
            versioning = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
        } catch (final SdkException e) {
            throw AuditFailure.s3(e, "reading the versioning of bucket '" + bucket + "'", "s3:GetBucketVersioning "
                + "on the bucket");
        }
        return versioning == null ? unversioned(current) : versioned(current, deleted);
    }

    private Totals unversioned(final Consumer<SourceObject> current) {
        long pages = 0;
        try {
            for (final ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket())
                .prefix(settings.prefix()))) {
                pages++;
                page.contents().stream()
                    .filter(object -> settings.copies(object.key()))
                    .forEach(object -> current.accept(SourceObject.of(object.key(), null, object.eTag(),
                        object.size(), object.lastModified())));
            }
        } catch (final SdkException e) {
            throw AuditFailure.s3(e, "listing bucket '" + settings.bucket() + "'", "s3:ListBucket on the bucket");
        }
        return new Totals(false, pages, 0, 0, 0);
    }

    private Totals versioned(final Consumer<SourceObject> current, final Consumer<String> deleted) {
        long pages = 0;
        long noncurrent = 0;
        long noncurrentBytes = 0;
        long deleteMarkers = 0;
        try {
            for (final ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b
                .bucket(settings.bucket()).prefix(settings.prefix()))) {
                pages++;
                for (final ObjectVersion version : page.versions()) {
                    if (!settings.copies(version.key())) {
                        continue;
                    }
                    if (Boolean.TRUE.equals(version.isLatest())) {
                        current.accept(SourceObject.of(version.key(), version.versionId(), version.eTag(),
                            version.size(), version.lastModified()));
                    } else {
                        noncurrent++;
                        noncurrentBytes += version.size() == null ? 0 : version.size();
                    }
                }
                for (final DeleteMarkerEntry marker : page.deleteMarkers()) {
                    if (settings.copies(marker.key())) {
                        deleteMarkers++;
                        if (Boolean.TRUE.equals(marker.isLatest())) {
                            deleted.accept(marker.key());
                        }
                    }
                }
            }
        } catch (final SdkException e) {
            throw AuditFailure.s3(e, "listing the versions of bucket '" + settings.bucket() + "'",
                "s3:ListBucketVersions on the bucket");
        }
        return new Totals(true, pages, noncurrent, noncurrentBytes, deleteMarkers);
    }
}
