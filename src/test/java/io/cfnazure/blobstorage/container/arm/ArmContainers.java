package io.cfnazure.blobstorage.container.arm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Azure Resource Manager's answers about the containers of one storage account, in the shapes of Microsoft's
 * examples for api-version 2025-06-01 (BlobContainersGet, BlobContainersPutImmutabilityPolicy, BlobContainersList):
 * a container with its metadata, retention policy (ETag, update history), legal hold tags and version-level
 * immutability.
 */
public final class ArmContainers {

    public static final String GROUP = "dr-rg";
    public static final String ACCOUNT = "mystorage01";
    public static final String ACCOUNT_PATH = ArmHttpEdge.accountPath(GROUP, ACCOUNT);
    public static final String ACCOUNT_ID = ACCOUNT_PATH;
    public static final String CONTAINERS_PATH = ACCOUNT_PATH + "/blobServices/default/containers";

    private ArmContainers() {
    }

    public static String containerPath(final String name) {
        return CONTAINERS_PATH + "/" + name;
    }

    public static String policyPath(final String name) {
        return containerPath(name) + "/immutabilityPolicies/default";
    }

    public static Container container(final String name) {
        return new Container(name, "None", new LinkedHashMap<>(), null, List.of(), false);
    }

    /** A container's time-based retention policy; {@code extensions} how often it was extended after the lock. */
    public record Policy(int days, boolean locked, boolean appendWrites, String etag, int extensions) {

        String json(final boolean withHistory) {
            final List<String> history = new ArrayList<>();
            if (withHistory) {
                history.add(update("put", days));
                if (locked) {
                    history.add(update("lock", days));
                }
                for (int i = 0; i < extensions; i++) {
                    history.add(update("extend", days));
                }
            }
            return "{\"etag\":\"\\\"" + etag + "\\\"\",\"properties\":{\"immutabilityPeriodSinceCreationInDays\":" + days
                + ",\"state\":\"" + (locked ? "Locked" : "Unlocked") + "\",\"allowProtectedAppendWrites\":"
                + appendWrites + "}" + (withHistory ? ",\"updateHistory\":[" + String.join(",", history) + "]" : "")
                + "}";
        }

        private static String update(final String kind, final int days) {
            return "{\"update\":\"" + kind + "\",\"immutabilityPeriodSinceCreationInDays\":" + days
                + ",\"timestamp\":\"2026-12-01T10:00:00Z\",\"objectIdentifier\":\"ce7cd28a-fc25-4bf1-8fb9-e1b9833ffd4b\","
                + "\"tenantId\":\"11111111-2222-3333-4444-555555555555\"}";
        }
    }

    /** A container as ARM describes it; the with-methods return changed copies. */
    public record Container(String name, String publicAccess, Map<String, String> metadata, Policy policy,
                            List<String> legalHoldTags, boolean versionLevelImmutability) {

        public Container metadata(final String key, final String value) {
            final Map<String, String> more = new LinkedHashMap<>(metadata);
            more.put(key, value);
            return new Container(name, publicAccess, more, policy, legalHoldTags, versionLevelImmutability);
        }

        public Container publicAccess(final String access) {
            return new Container(name, access, metadata, policy, legalHoldTags, versionLevelImmutability);
        }

        public Container policy(final int days, final boolean locked, final String etag) {
            return policy(new Policy(days, locked, false, etag, 0));
        }

        public Container policy(final Policy newPolicy) {
            return new Container(name, publicAccess, metadata, newPolicy, legalHoldTags, versionLevelImmutability);
        }

        public Container legalHold(final String... tags) {
            return new Container(name, publicAccess, metadata, policy, List.of(tags), versionLevelImmutability);
        }

        public Container versionLevel() {
            return new Container(name, publicAccess, metadata, policy, legalHoldTags, true);
        }

        /** The answer to GET (and PUT, PATCH) of the container. */
        public String json() {
            return "{\"id\":\"" + containerPath(name) + "\",\"name\":\"" + name + "\",\"type\":"
                + "\"Microsoft.Storage/storageAccounts/blobServices/containers\",\"etag\":\"\\\"0x8D592D74CC20EBA\\\"\","
                + "\"properties\":{\"publicAccess\":\"" + publicAccess + "\",\"leaseStatus\":\"Unlocked\","
                + "\"leaseState\":\"Available\",\"lastModifiedTime\":\"2026-12-01T10:00:00Z\","
                + "\"defaultEncryptionScope\":\"$account-encryption-key\",\"denyEncryptionScopeOverride\":false,"
                + "\"metadata\":" + metadata.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}"))
                + (policy == null ? "" : ",\"immutabilityPolicy\":" + policy.json(true))
                + ",\"legalHold\":{\"hasLegalHold\":" + !legalHoldTags.isEmpty() + ",\"tags\":["
                + legalHoldTags.stream().map(tag -> "{\"tag\":\"" + tag + "\",\"timestamp\":\"2026-12-01T10:00:00Z\"}")
                    .collect(Collectors.joining(",")) + "]}"
                + ",\"hasImmutabilityPolicy\":" + (policy != null) + ",\"hasLegalHold\":" + !legalHoldTags.isEmpty()
                + (versionLevelImmutability ? ",\"immutableStorageWithVersioning\":{\"enabled\":true}" : "") + "}}";
        }

        /** The container as ARM lists it: no metadata, no legal hold tags. */
        public String listed() {
            return "{\"id\":\"" + containerPath(name) + "\",\"name\":\"" + name + "\",\"type\":"
                + "\"Microsoft.Storage/storageAccounts/blobServices/containers\",\"etag\":\"\\\"0x8D592D74CC20EBA\\\"\","
                + "\"properties\":{\"publicAccess\":\"" + publicAccess + "\",\"leaseStatus\":\"Unlocked\","
                + "\"leaseState\":\"Available\",\"hasImmutabilityPolicy\":" + (policy != null) + ",\"hasLegalHold\":"
                + !legalHoldTags.isEmpty()
                + (versionLevelImmutability ? ",\"immutableStorageWithVersioning\":{\"enabled\":true}" : "") + "}}";
        }
    }

    /** The answer to PUT, lock or extend of a policy: the policy resource with its new ETag. */
    public static String policyAnswer(final String container, final Policy policy) {
        return "{\"id\":\"" + policyPath(container) + "\",\"name\":\"default\",\"type\":"
            + "\"Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies\",\"etag\":\"\\\""
            + policy.etag() + "\\\"\",\"properties\":{\"immutabilityPeriodSinceCreationInDays\":" + policy.days()
            + ",\"state\":\"" + (policy.locked() ? "Locked" : "Unlocked") + "\",\"allowProtectedAppendWrites\":"
            + policy.appendWrites() + "}}";
    }

    /** The answer to setLegalHold or clearLegalHold. */
    public static String legalHoldAnswer(final String... tags) {
        return "{\"hasLegalHold\":" + (tags.length > 0) + ",\"tags\":[" + java.util.Arrays.stream(tags)
            .map(tag -> "\"" + tag + "\"").collect(Collectors.joining(",")) + "]}";
    }
}
