package io.cfnazure.blobstorage.account.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.exceptions.ValidationException;

/**
 * This project's inputs of {@code cfn test} and {@code cfn test --v2}, checked as the container type checks its own
 * (valid models, patches of updatable properties only, the two kinds of input agreeing), with this type's properties.
 */
class ContractTestInputsTest extends io.cfnazure.blobstorage.container.model.ContractTestInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Override
    protected void theChecksRefuseWhatCloudFormationWould() throws IOException {
        final JsonNode create = createInputs(Path.of("contract-tests-artifacts", "inputs_1.json"));

        assertThat(notUpdatableTouchedBy("/Location")).containsExactly("/properties/Location");
        assertThat(notUpdatableTouchedBy("/Id")).containsExactly("/properties/Id");
        assertThat(notUpdatableTouchedBy("/Tags/owner")).isEmpty();
        assertThatThrownBy(() -> validate(patched(create, JSON.readTree("""
            [{"op": "replace", "path": "/Sku", "value": "Standard_XYZ"}]"""))))
            .isInstanceOf(ValidationException.class);
    }
}
