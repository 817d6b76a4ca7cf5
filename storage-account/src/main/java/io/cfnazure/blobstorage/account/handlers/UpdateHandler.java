package io.cfnazure.blobstorage.account.handlers;

import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import io.cfnazure.blobstorage.account.arm.ArmGateway;
import io.cfnazure.blobstorage.account.jurisdiction.Placement;
import io.cfnazure.blobstorage.account.model.ResourceModel;
import io.cfnazure.blobstorage.account.model.Translator;
import io.cfnazure.access.AzureCloud;
import io.cfnazure.blobstorage.container.arm.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.cloudformation.exceptions.CfnNotUpdatableException;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * Changes the account's settings (one PATCH) and its blob service's (one PUT), each only when what Azure has differs
 * from what the template asks for, so an Update called again after a transient failure finishes what is left and a
 * change of write-only properties alone calls nothing. The jurisdiction is checked again: a SKU that would copy the
 * data out of it is refused before any call. Create-only properties cannot change: CloudFormation replaces the account.
 */
public class UpdateHandler extends BaseHandlerStd {

    /** The create-only properties Azure reports, as the template may give them. */
    static final Map<String, Function<ResourceModel, Object>> CREATE_ONLY = Map.of(
        "Location", ResourceModel::getLocation,
        "Kind", ResourceModel::getKind,
        "RequireInfrastructureEncryption", ResourceModel::getRequireInfrastructureEncryption,
        "VersionLevelImmutability", ResourceModel::getVersionLevelImmutability);
    /** What the account's PATCH changes. */
    static final List<Function<ResourceModel, Object>> ACCOUNT_SETTINGS = List.of(
        ResourceModel::getSku, ResourceModel::getAccessTier, ResourceModel::getMinimumTlsVersion,
        ResourceModel::getAllowBlobPublicAccess, ResourceModel::getAllowSharedKeyAccess,
        ResourceModel::getPublicNetworkAccess, ResourceModel::getNetworkRules, ResourceModel::getTags);
    /** What the blob service's PUT changes. */
    static final List<Function<ResourceModel, Object>> BLOB_SERVICE_SETTINGS = List.of(
        ResourceModel::getBlobVersioning, ResourceModel::getChangeFeed,
        ResourceModel::getBlobSoftDeleteRetentionDays, ResourceModel::getContainerSoftDeleteRetentionDays);

    public UpdateHandler() {
    }

    public UpdateHandler(final Dependencies dependencies) {
        super(dependencies);
    }

    @Override
    protected ProgressEvent<ResourceModel, CallbackContext> handle(final Invocation invocation) {
        final ResourceModel desired = invocation.model();
        final ResourceModel previous = invocation.request().getPreviousResourceState();
        final AccountId id = Translator.idOf(desired.getId() == null && previous != null
            ? desired.toBuilder().id(previous.getId()).build() : desired);
        final AzureCloud cloud = Translator.cloudOf(desired, invocation.typeConfiguration());
        if (previous != null && cloud != Translator.cloudOf(previous, invocation.typeConfiguration())) {
            throw new CfnNotUpdatableException(ResourceModel.TYPE_NAME, id + " (AzureCloud is create-only)");
        }
        Translator.validateSettings(desired);
        final ResourceModel wanted = Translator.withDefaults(desired);

        return resumable(invocation, desired.toBuilder().id(id.value()).build(), () -> {
            final ArmGateway gateway = connect(invocation, id.subscriptionId(), cloud);
            final StorageAccountInner account = gateway.account(id).orElseThrow(() -> notFound(id));
            final ResourceModel current = Translator.fromAccount(id, cloud, account, gateway.blobService(id));
            CREATE_ONLY.forEach((property, value) -> {
                if (value.apply(desired) != null && !value.apply(desired).equals(value.apply(current))) {
                    throw new CfnNotUpdatableException(ResourceModel.TYPE_NAME, id + " (" + property
                        + " is create-only: changing it replaces the account)");
                }
            });
            Placement.check(current.getLocation(), cloud, Placement.effective(desired.getJurisdiction(),
                desired.getLocation() != null, current.getLocation()), wanted.getSku());
            if (differs(ACCOUNT_SETTINGS, wanted, current)) {
                gateway.updateAccount(id, Translator.toUpdateParameters(desired, account.tags()));
                invocation.log("Updated the settings of " + id);
            }
            if (differs(BLOB_SERVICE_SETTINGS, wanted, current)) {
                gateway.setBlobService(id, Translator.toBlobService(desired));
                invocation.log("Updated blob versioning, change feed and soft delete of " + id);
            }
            return readBack(gateway, id, cloud);
        });
    }

    private static boolean differs(final List<Function<ResourceModel, Object>> settings, final ResourceModel wanted,
                                   final ResourceModel current) {
        return settings.stream().anyMatch(setting -> !Objects.equals(setting.apply(wanted), setting.apply(current)));
    }
}
