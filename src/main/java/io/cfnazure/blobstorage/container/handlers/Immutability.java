package io.cfnazure.blobstorage.container.handlers;

import io.cfnazure.blobstorage.container.arm.ManagementGateway;
import io.cfnazure.access.ContainerAddress;
import io.cfnazure.blobstorage.container.azure.ContainerView.Protection;
import io.cfnazure.blobstorage.container.azure.ContainerView.RetentionPolicy;
import io.cfnazure.cloudformation.HandlerFailure;
import io.cfnazure.blobstorage.container.model.ImmutabilityPolicy;
import io.cfnazure.blobstorage.container.model.ResourceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/**
 * What brings a container's retention policy and legal holds from what Azure has to what the template asks, as Azure
 * allows it: an unlocked policy may change or go, a locked one may only be extended (at most 5 times), and locking
 * is the last step, so that nothing that fails after it leaves a policy locked that the template did not get to.
 * What Azure would refuse is refused when the plan is made, before any change. A run that stops halfway is finished
 * by the next one, which plans again from what Azure then has.
 */
final class Immutability {

    /** How often Azure lets a locked policy be extended. */
    static final int MAX_EXTENSIONS = 5;

    private enum PolicyChange { NONE, PUT, EXTEND, DELETE }

    private final List<String> holdsToSet;
    private final List<String> holdsToClear;
    private final PolicyChange change;
    private final ImmutabilityPolicy desired;
    private final RetentionPolicy current;
    private final boolean lock;

    private Immutability(final List<String> holdsToSet, final List<String> holdsToClear, final PolicyChange change,
                         final ImmutabilityPolicy desired, final RetentionPolicy current, final boolean lock) {
        this.holdsToSet = holdsToSet;
        this.holdsToClear = holdsToClear;
        this.change = change;
        this.desired = desired;
        this.current = current;
        this.lock = lock;
    }

    /** The changes from {@code current} to the model's ImmutabilityPolicy and LegalHoldTags. */
    static Immutability plan(final Protection current, final ResourceModel model, final ContainerAddress address) {
        final List<String> wanted = model.getLegalHoldTags() == null ? List.of() : model.getLegalHoldTags();
        final List<String> toSet = new ArrayList<>(wanted);
        toSet.removeAll(current.legalHoldTags());
        final List<String> toClear = new ArrayList<>(current.legalHoldTags());
        toClear.removeAll(wanted);
        if (!toSet.isEmpty() && current.versionLevelImmutability()) {
            throw HandlerFailure.of(HandlerErrorCode.InvalidRequest, String.format("%s has version-level "
                + "immutability (set on it or taken from its storage account): Azure takes legal holds on its blob "
                + "versions only, not on the container. Leave LegalHoldTags out.", address.url()));
        }
        final ImmutabilityPolicy desired = model.getImmutabilityPolicy();
        final RetentionPolicy policy = current.retentionPolicy();
        if (desired == null) {
            if (policy != null && policy.locked()) {
                throw notUpdatable(address, policy, "a locked policy can never be removed. Put ImmutabilityPolicy "
                    + "back, with Locked: true and RetentionDays of at least " + policy.days());
            }
            return new Immutability(toSet, toClear, policy == null ? PolicyChange.NONE : PolicyChange.DELETE, null,
                policy, false);
        }
        final boolean locked = Boolean.TRUE.equals(desired.getLocked());
        final boolean appendWrites = Boolean.TRUE.equals(desired.getAllowProtectedAppendWrites());
        if (policy == null || !policy.locked()) {
            final boolean differs = policy == null || policy.days() != desired.getRetentionDays()
                || policy.allowProtectedAppendWrites() != appendWrites;
            return new Immutability(toSet, toClear, differs ? PolicyChange.PUT : PolicyChange.NONE, desired, policy,
                locked);
        }
        if (!locked) {
            throw notUpdatable(address, policy, "locking is irreversible. Set ImmutabilityPolicy.Locked back to true");
        }
        if (policy.allowProtectedAppendWrites() != appendWrites) {
            throw notUpdatable(address, policy, "AllowProtectedAppendWrites can change only while a policy is "
                + "unlocked. Set it back to " + policy.allowProtectedAppendWrites());
        }
        if (desired.getRetentionDays() < policy.days()) {
            throw notUpdatable(address, policy, "a locked policy can only be extended, never shortened. Set "
                + "RetentionDays to at least " + policy.days());
        }
        if (desired.getRetentionDays() > policy.days() && policy.extensions() >= MAX_EXTENSIONS) {
            throw notUpdatable(address, policy, String.format("Azure allows a locked policy %d extensions, and "
                + "this one has had %d. Keep RetentionDays at %d", MAX_EXTENSIONS, policy.extensions(), policy.days()));
        }
        return new Immutability(toSet, toClear, desired.getRetentionDays() > policy.days() ? PolicyChange.EXTEND
            : PolicyChange.NONE, desired, policy, false);
    }

    private static HandlerFailure notUpdatable(final ContainerAddress address, final RetentionPolicy policy,
                                               final String why) {
        return HandlerFailure.of(HandlerErrorCode.NotUpdatable, String.format("The time-based retention policy of %s "
            + "is locked (%d days): %s. Nothing was changed.", address.url(), policy.days(), why));
    }

    /** Whether there is anything to do. */
    boolean changes() {
        return !holdsToSet.isEmpty() || !holdsToClear.isEmpty() || change != PolicyChange.NONE || lock;
    }

    /** Makes the changes, each with the ETag Azure wants (If-Match) for the policy, the lock last. */
    void apply(final ManagementGateway gateway, final ContainerAddress address, final Invocation invocation) {
        final String container = address.containerName();
        if (!holdsToClear.isEmpty()) {
            gateway.clearLegalHold(container, holdsToClear);
            invocation.log("Cleared legal holds " + holdsToClear + " of " + address.url());
        }
        if (!holdsToSet.isEmpty()) {
            gateway.setLegalHold(container, holdsToSet);
            invocation.log("Set legal holds " + holdsToSet + " on " + address.url());
        }
        String etag = current == null ? null : current.etag();
        switch (change) {
            case PUT -> {
                etag = gateway.putRetentionPolicy(container, desired.getRetentionDays(),
                    Boolean.TRUE.equals(desired.getAllowProtectedAppendWrites()), etag);
                invocation.log(String.format("Set the retention policy of %s to %d days", address.url(),
                    desired.getRetentionDays()));
            }
            case EXTEND -> {
                etag = gateway.extendRetentionPolicy(container, desired.getRetentionDays(), etag);
                invocation.log(String.format("Extended the locked retention policy of %s to %d days", address.url(),
                    desired.getRetentionDays()));
            }
            case DELETE -> {
                gateway.deleteRetentionPolicy(container, etag);
                invocation.log("Removed the unlocked retention policy of " + address.url());
            }
            case NONE -> {
                // The policy is as the template asks.
            }
        }
        if (lock) {
            gateway.lockRetentionPolicy(container, Objects.requireNonNull(etag, "a policy to lock"));
            invocation.log(String.format("Locked the retention policy of %s (%d days): irreversible", address.url(),
                desired.getRetentionDays()));
        }
    }
}
