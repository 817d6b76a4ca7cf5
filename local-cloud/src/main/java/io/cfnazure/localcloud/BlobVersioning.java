package io.cfnazure.localcloud;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What Azure Resource Manager says the data plane of one container must honour for blob versions: the account keeps
 * versions, and, with version-level immutability, the container's default time-based retention (each version is
 * protected for that long from its creation, as it inherits the default policy) and the versions' legal holds.
 *
 * @param retention null without version-level immutability or without a default policy
 * @param legalHolds the held versions, as {@link #versionKey}
 */
record BlobVersioning(boolean versionLevelImmutability, Duration retention, boolean retentionLocked,
                      Set<String> legalHolds) {

    static final String IMMUTABLE_DUE_TO_POLICY = "BlobImmutableDueToPolicy";
    static final String IMMUTABLE_DUE_TO_LEGAL_HOLD = "BlobImmutableDueToLegalHold";

    static String versionKey(final String blobName, final String versionId) {
        return blobName + "\n" + versionId;
    }

    boolean legalHold(final String blobName, final String versionId) {
        return legalHolds.contains(versionKey(blobName, versionId));
    }

    /** When the version's retention ends, or null when it has none. */
    Instant retainedUntil(final String versionId) {
        return retention == null ? null : Instant.parse(versionId).plus(retention);
    }

    /** The error code that refuses deleting (or rewriting the metadata of) the version now, or null. */
    String refusal(final String blobName, final String versionId, final Instant now) {
        if (legalHold(blobName, versionId)) {
            return IMMUTABLE_DUE_TO_LEGAL_HOLD;
        }
        final Instant until = retainedUntil(versionId);
        return until != null && until.isAfter(now) ? IMMUTABLE_DUE_TO_POLICY : null;
    }
}
