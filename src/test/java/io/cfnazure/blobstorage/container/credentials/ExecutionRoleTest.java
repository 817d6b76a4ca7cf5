package io.cfnazure.blobstorage.container.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfnazure.blobstorage.container.model.ResourceSchemaTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;

/**
 * The roles CloudFormation may assume for the handlers grant exactly the actions the schema's handlers declare:
 * {@code resource-role.yaml}, which {@code cfn generate} writes from those permissions, and {@code execution-role.yaml},
 * the narrower role the README registers, kept by hand and so easily forgotten when a permission is added.
 */
public class ExecutionRoleTest {

    private static final String[] HANDLERS = {"create", "read", "update", "delete", "list"};
    /** Both templates quote the policy's actions, as the generator writes them; the trust policy's action is bare. */
    private static final Pattern QUOTED_ACTION = Pattern.compile("\"([a-z0-9-]+:[A-Za-z0-9*]+)\"");

    private static Set<String> handlerPermissions() throws IOException {
        final ResourceTypeSchema schema = ResourceTypeSchema.load(
            ResourceSchemaTest.schema());
        final Set<String> permissions = new TreeSet<>();
        for (final String handler : HANDLERS) {
            permissions.addAll(schema.getHandlerPermissions(handler));
        }
        return permissions;
    }

    private static Set<String> actionsIn(final String template) throws IOException {
        final Set<String> actions = new TreeSet<>();
        final Matcher action = QUOTED_ACTION.matcher(Files.readString(Path.of(template)));
        while (action.find()) {
            actions.add(action.group(1));
        }
        return actions;
    }

    @Test
    void theRoleTheReadmeRegistersGrantsEveryHandlerPermissionAndNothingElse() throws IOException {
        assertThat(actionsIn("execution-role.yaml")).isEqualTo(handlerPermissions());
    }

    @Test
    void theGeneratedRoleGrantsTheHandlerPermissions() throws IOException {
        assertThat(actionsIn("resource-role.yaml")).isEqualTo(handlerPermissions());
    }
}
