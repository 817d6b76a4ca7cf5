package io.cfnazure.blobstorage.container.azure;

import com.azure.storage.blob.models.PublicAccessType;
import java.util.List;
import java.util.Map;

/**
 * A container as Azure describes it, through either plane.
 *
 * @param publicAccess null for none
 * @param protection   what keeps its blobs from change and deletion; null through the blob service, which does not
 *                     tell (Azure Resource Manager does)
 */
public record ContainerView(String name, PublicAccessType publicAccess, Map<String, String> metadata,
                            String defaultEncryptionScope, Boolean denyEncryptionScopeOverride, Protection protection) {

    /**
     * The container's immutability, as Azure Resource Manager tells it.
     *
     * @param retentionPolicy         its time-based retention policy; null when it has none
     * @param legalHoldTags           the tags of its legal holds, lowercase, sorted; empty when none
     * @param versionLevelImmutability whether each blob version can carry its own retention
     */
    public record Protection(RetentionPolicy retentionPolicy, List<String> legalHoldTags,
                             boolean versionLevelImmutability) {

        /** What to do about legal holds that keep a container from being deleted, whichever check found them. */
        public static final String CLEARING_LEGAL_HOLDS = "Remove LegalHoldTags from the resource (update the stack) "
            + "to clear them, then delete it; after a failed stack delete, which CloudFormation cannot update, clear "
            + "them with az storage container legal-hold clear and delete again.";
    }

    /**
     * A time-based retention policy.
     *
     * @param etag       what Azure wants in If-Match to change, lock, extend or delete it
     * @param extensions how often it was extended since it was locked (Azure allows 5)
     */
    public record RetentionPolicy(int days, boolean allowProtectedAppendWrites, boolean locked, String etag,
                                  int extensions) {
    }
}
