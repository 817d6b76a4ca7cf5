package io.cfnazure.blobstorage.container.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cloudformation.resource.ResourceTypeSchema;
import software.amazon.cloudformation.resource.Validator;
import software.amazon.cloudformation.resource.exceptions.ValidationException;

/**
 * The inputs of {@code cfn test --v2} in contract-tests-artifacts/: each {@code inputs_N.json} holds the model to
 * create ({@code CreateInputs}) and a JSON Patch that turns it into the model to update to ({@code PatchInputs}). Both
 * models must pass the schema validation the wrapper applies, the patch may touch only properties an update can change,
 * and where inputs/ holds the same case for {@code cfn test} the two agree.
 */
public class ContractTestInputsTest {

    private static final Path ARTIFACTS = Path.of("contract-tests-artifacts");
    private static final Path V1_INPUTS = Path.of("inputs");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> inputFiles() throws IOException {
        try (Stream<Path> files = Files.list(ARTIFACTS)) {
            return files.filter(file -> file.getFileName().toString().matches("inputs_\\d+\\.json")).sorted().toList();
        }
    }

    @Test
    void theFirstInputsExistUnderTheNameCfnLooksFor() throws IOException {
        // cloudformation-cli's default contract_test_file_names is ["inputs_1.json"].
        assertThat(inputFiles()).contains(ARTIFACTS.resolve("inputs_1.json"));
    }

    @ParameterizedTest
    @MethodSource("inputFiles")
    void createInputsAreAModelATemplateMayHold(final Path file) throws IOException {
        final JsonNode create = createInputs(file);

        validate(create);
        for (final String readOnly : schema().getReadOnlyPropertiesAsStrings()) {
            assertThat(create.at(propertyPath(readOnly)).isMissingNode()).as(readOnly).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("inputFiles")
    void patchInputsChangeOnlyPropertiesAnUpdateCanChange(final Path file) throws IOException {
        final JsonNode patch = read(file).required("PatchInputs");

        assertThat(patch).isNotEmpty();
        for (final JsonNode operation : patch) {
            assertThat(notUpdatableTouchedBy(operation.required("path").asText())).as(operation.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("inputFiles")
    void thePatchedModelIsValidAndDiffersFromTheCreatedOne(final Path file) throws IOException {
        final JsonNode create = createInputs(file);
        final JsonNode update = patched(create, read(file).required("PatchInputs"));

        validate(update);
        assertThat(update).isNotEqualTo(create);
    }

    @ParameterizedTest
    @MethodSource("inputFiles")
    void agreeWithTheInputsOfCfnTestForTheSameCase(final Path file) throws IOException {
        final String number = file.getFileName().toString().replaceAll("\\D", "");
        final Path v1Create = V1_INPUTS.resolve("inputs_" + number + "_create.json");
        final Path v1Update = V1_INPUTS.resolve("inputs_" + number + "_update.json");
        if (Files.exists(v1Create)) {
            assertThat(createInputs(file)).isEqualTo(JSON.readTree(v1Create.toFile()));
        }
        if (Files.exists(v1Update)) {
            assertThat(patched(createInputs(file), read(file).required("PatchInputs")))
                .isEqualTo(JSON.readTree(v1Update.toFile()));
        }
    }

    @Test
    void casesOfCfnTestAndOfV2Overlap() throws IOException {
        // Keeps the agreement check above from passing on no common case at all.
        assertThat(inputFiles()).anySatisfy(file -> assertThat(V1_INPUTS.resolve(
            file.getFileName().toString().replace(".json", "_create.json"))).exists());
    }

    /** Protected: another project's inputs test (the storage account type's) checks its own properties. */
    @Test
    protected void theChecksRefuseWhatCloudFormationWould() throws IOException {
        final JsonNode create = createInputs(ARTIFACTS.resolve("inputs_1.json"));

        assertThat(notUpdatableTouchedBy("/ContainerName")).containsExactly("/properties/ContainerName");
        assertThat(notUpdatableTouchedBy("/ContainerUrl")).containsExactly("/properties/ContainerUrl");
        assertThat(notUpdatableTouchedBy("/Metadata/owner")).isEmpty();
        assertThatThrownBy(() -> validate(patched(create, JSON.readTree("""
            [{"op": "add", "path": "/Metadata/Owner", "value": "uppercase names are not allowed"}]"""))))
            .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> patched(create, JSON.readTree("""
            [{"op": "move", "from": "/Metadata/owner", "path": "/Metadata/team"}]""")))
            .hasMessageContaining("move");
    }

    static List<Path> invalidInputFiles() throws IOException {
        try (Stream<Path> files = Files.list(V1_INPUTS)) {
            return files.filter(file -> file.getFileName().toString().matches("inputs_\\d+_invalid\\.json")).sorted()
                .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("invalidInputFiles")
    void theInvalidInputsOfCfnTestAreRefusedByTheSchema(final Path file) {
        assertThatThrownBy(() -> validate(JSON.readTree(file.toFile()))).isInstanceOf(ValidationException.class);
    }

    protected static JsonNode read(final Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    protected static JsonNode createInputs(final Path file) throws IOException {
        return read(file).required("CreateInputs");
    }

    private static ResourceTypeSchema schema() throws IOException {
        return ResourceTypeSchema.load(ResourceSchemaTest.schema());
    }

    /** The validation the wrapper applies to every model it receives. */
    protected static void validate(final JsonNode model) throws IOException {
        new Validator().validateObject(new JSONObject(model.toString()), ResourceSchemaTest.schema());
    }

    /** The create-only and read-only properties that a patch of {@code path} would change. */
    protected static List<String> notUpdatableTouchedBy(final String path) throws IOException {
        final ResourceTypeSchema schema = schema();
        return Stream.concat(schema.getCreateOnlyPropertiesAsStrings().stream(),
                schema.getReadOnlyPropertiesAsStrings().stream())
            .filter(property -> touches(property, path))
            .toList();
    }

    /** Whether a patch of {@code path} changes {@code property} (a schema pointer): the same, a part or a whole of it. */
    private static boolean touches(final String property, final String path) {
        final String propertyPath = propertyPath(property);
        return !path.isEmpty()
            && ((propertyPath + "/").startsWith(path + "/") || (path + "/").startsWith(propertyPath + "/"));
    }

    /** {@code /properties/Metadata} as a path in a model: {@code /Metadata}. */
    private static String propertyPath(final String property) {
        return property.replaceFirst("^/properties", "");
    }

    /**
     * {@code model} with the {@code add}, {@code replace} and {@code remove} operations of {@code patch} (RFC 6902)
     * applied, the ones cloudformation-cli carries into its generated templates; any other operation is refused.
     */
    protected static JsonNode patched(final JsonNode model, final JsonNode patch) {
        final ObjectNode result = model.deepCopy();
        for (final JsonNode operation : patch) {
            final JsonPointer path = JsonPointer.compile(operation.required("path").asText());
            final JsonNode parent = result.at(path.head());
            final String member = path.last().getMatchingProperty();
            if (!(parent instanceof ObjectNode object)) {
                throw new IllegalArgumentException(operation + ": no object holds " + path);
            }
            final String op = operation.required("op").asText();
            if (!op.equals("add") && !object.has(member)) {
                throw new IllegalArgumentException(operation + ": nothing to " + op + " at " + path);
            }
            switch (op) {
                case "add", "replace" -> object.set(member, operation.required("value"));
                case "remove" -> object.remove(member);
                default -> throw new IllegalArgumentException(operation + ": op " + op
                    + " is not one cloudformation-cli applies (add, replace, remove)");
            }
        }
        return result;
    }
}
