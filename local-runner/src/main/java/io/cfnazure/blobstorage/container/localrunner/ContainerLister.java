package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists a storage account's containers through the List handler, a page at a time, as Cloud Control API's
 * ListResources does: each page's nextToken goes into the next request until there is none.
 */
final class ContainerLister {

    private final CloudFormationDriver cloudFormation;
    private final ObjectNode typeConfiguration;
    private final ResourceSchema schema;
    private final EventPrinter printer;

    /** @param typeConfiguration null when none is set */
    ContainerLister(final CloudFormationDriver cloudFormation, final ObjectNode typeConfiguration,
                    final ResourceSchema schema, final EventPrinter printer) {
        this.cloudFormation = cloudFormation;
        this.typeConfiguration = typeConfiguration;
        this.schema = schema;
        this.printer = printer;
    }

    /**
     * @param pageSize maxResults of each request; null for the handler's default
     * @return every container's model; empty when a page failed
     */
    Optional<List<ObjectNode>> list(final String storageAccount, final Integer pageSize) {
        printer.line("Containers of storage account " + storageAccount + " (List handler"
            + (pageSize == null ? "" : ", pages of " + pageSize) + "):");
        final ObjectNode model = Json.object().put("StorageAccountName", storageAccount);
        final List<ObjectNode> containers = new ArrayList<>();
        String nextToken = null;
        int page = 0;
        do {
            final HandlerRequest request = HandlerRequest.list(model).withPage(nextToken, pageSize)
                .withTypeConfiguration(typeConfiguration);
            final HandlerResult result = HandlerResult.parse(cloudFormation.invoke(request),
                request.clientRequestToken());
            page++;
            if (!result.succeeded()) {
                printer.line(String.format("  page %d failed: %s", page, result.statusReason()));
                return Optional.empty();
            }
            printer.line(String.format("  page %d: %d container(s)%s", page, result.resourceModels().size(),
                result.nextToken() == null ? "" : ", more to come (nextToken)"));
            result.resourceModels().forEach(container ->
                printer.line("    " + container.path(schema.primaryIdentifier()).asText()));
            containers.addAll(result.resourceModels());
            nextToken = result.nextToken();
        } while (nextToken != null);
        printer.line(String.format("  %d container(s) in all", containers.size()));
        return Optional.of(containers);
    }
}
