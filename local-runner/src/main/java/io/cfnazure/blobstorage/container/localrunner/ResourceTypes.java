package io.cfnazure.blobstorage.container.localrunner;

import io.cfnazure.blobstorage.container.HandlerWrapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource types cfn-local plays, by type name. The container type's handler runs from cfn-local's own class
 * path; the account type's from its Lambda package, in a class loader of its own ({@link IsolatedHandler}).
 */
final class ResourceTypes {

    static final String CONTAINER = "Azure::BlobStorage::Container";
    static final String ACCOUNT = "Azure::BlobStorage::Account";
    /** Copied into cfn-local's jar by local-runner's pom, from storage-account/'s build. */
    private static final String ACCOUNT_PACKAGE = "handlers/azure-blobstorage-account.jar";
    private static final String ACCOUNT_HANDLER = "io.cfnazure.blobstorage.account.HandlerWrapper";
    private static final String ACCOUNT_SCHEMA = "azure-blobstorage-account.json";

    private final Map<String, ResourceType> types = new LinkedHashMap<>();

    private ResourceTypes(final List<ResourceType> types) {
        types.forEach(type -> this.types.put(type.typeName(), type));
    }

    static ResourceTypes load() {
        final IsolatedHandler account = IsolatedHandler.load(ACCOUNT_PACKAGE, ACCOUNT_HANDLER);
        return new ResourceTypes(List.of(
            new ResourceType(ResourceSchema.load(), "ContainerName", new HandlerWrapper()::handleRequest),
            new ResourceType(ResourceSchema.load(account.classLoader(), ACCOUNT_SCHEMA), "AccountName", account)));
    }

    /** @throws IllegalArgumentException for a type cfn-local does not play (templates are checked before) */
    ResourceType get(final String typeName) {
        final ResourceType type = types.get(typeName);
        if (type == null) {
            throw new IllegalArgumentException(typeName + " is not a type cfn-local plays");
        }
        return type;
    }

    ResourceSchema schema(final String typeName) {
        return get(typeName).schema();
    }

    Set<String> typeNames() {
        return types.keySet();
    }
}
