package io.cfnazure.blobstorage.container.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.blobstorage.container.testbed.ResourceTypeUnderTest;
import io.cfnazure.blobstorage.container.testbed.SignIn;
import io.cfnazure.localcloud.LocalCloud;
import io.cfnazure.localcloud.cloudformation.CloudFormationDriver;
import io.cfnazure.localcloud.cloudformation.HandlerRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CloudFormation's resource type contract (cloudformation-cli's contract suite and the "resource type test contract"
 * docs), rule by rule, through the wrapper's real entry points against Azurite and the stand-ins, for any of the
 * project's types: the type gives its handler and inputs ({@link ResourceTypeUnderTest}). Every rule holds whichever
 * way the handler signs in to Entra ID: each concrete class runs the suite for one type with one {@link SignIn}, in
 * its models and type configurations, as the caller of {@link LocalCloud#CALLER_ROLE_ARN}. A type's own rules (what
 * its Azure resource makes special) sit in a subclass beside its inputs.
 */
public abstract class ContractSuite {

    protected final ResourceTypeUnderTest type;
    protected final SignIn signIn;
    protected CloudFormationDriver cfn;
    protected LocalCloud cloud;
    private final StringBuffer handlerLog = new StringBuffer();
    private final Set<String> writeOnly;
    /** Identifiers of what the test created and has not deleted: deleted after it. */
    private final Set<String> created = new LinkedHashSet<>();

    protected ContractSuite(final ResourceTypeUnderTest type, final SignIn signIn) {
        this.type = type;
        this.signIn = signIn;
        this.writeOnly = Set.copyOf(type.writeOnlyProperties());
    }

    @BeforeEach
    void setUp(final LocalCloud localCloud) {
        cloud = localCloud;
        cfn = type.cloudFormation(localCloud, handlerLog);
    }

    @AfterEach
    void everyInvocationAnsweredWellInsideItsTimeBudget() {
        for (final String identifier : created) {
            cfn.invoke(request("DELETE", type.withAutoDelete(type.identifier(identifier)))
                .withTypeConfiguration(typeConfiguration()));
        }
        assertThat(cfn.invocationTimes()).allSatisfy(time ->
            assertThat(time).isLessThan(CloudFormationDriver.INVOCATION_BUDGET.dividedBy(2)));
        assertThat(handlerLog.toString()).doesNotContain(LocalCloud.CLIENT_SECRET,
            cloud.callerCredentials().secretAccessKey(), cloud.callerCredentials().sessionToken());
    }

    protected HandlerRequest request(final String action, final ObjectNode model) {
        return type.request(action, model);
    }

    protected ObjectNode model(final String name) {
        return type.model(name, signIn);
    }

    protected ObjectNode typeConfiguration() {
        return type.typeConfiguration(signIn);
    }

    protected JsonNode create(final ObjectNode model) {
        return create(request("CREATE", model));
    }

    /** Creates, and deletes what it created after the test. */
    protected JsonNode create(final HandlerRequest request) {
        final JsonNode response = cfn.invoke(request);
        if ("SUCCESS".equals(response.path("status").asText())) {
            created.add(identifier(response));
        }
        return response;
    }

    /** A resource the test created without {@link #create}: deleted after the test. */
    protected void cleanUpAfterwards(final String identifier) {
        created.add(identifier);
    }

    /** A resource the test deleted without {@link #delete}. */
    protected void deletedByTheTest(final String identifier) {
        created.remove(identifier);
    }

    protected JsonNode read(final String identifier) {
        return cfn.invoke(request("READ", type.identifier(identifier)).withTypeConfiguration(typeConfiguration()));
    }

    protected JsonNode delete(final String identifier) {
        final JsonNode response = cfn.invoke(request("DELETE", type.identifier(identifier))
            .withTypeConfiguration(typeConfiguration()));
        if ("SUCCESS".equals(response.path("status").asText())) {
            created.remove(identifier);
        }
        return response;
    }

    protected List<String> listAll(final ObjectNode scope, final Integer maxResults) {
        final List<String> identifiers = new ArrayList<>();
        String nextToken = null;
        do {
            final JsonNode page = cfn.invokeOnce(request("LIST", scope)
                .withTypeConfiguration(typeConfiguration()).withPage(nextToken, maxResults));
            assertSuccess(page);
            if (maxResults != null) {
                assertThat(page.path("resourceModels").size()).isLessThanOrEqualTo(maxResults);
            }
            page.path("resourceModels").forEach(model -> {
                assertNoWriteOnly(model);
                identifiers.add(model.path(type.identifierProperty()).asText());
            });
            nextToken = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
        } while (nextToken != null);
        return identifiers;
    }

    protected static void assertSuccess(final JsonNode response) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("SUCCESS");
        assertThat(response.path("errorCode").isMissingNode() || response.path("errorCode").isNull()).isTrue();
        assertThat(response.path("callbackDelaySeconds").asInt(0)).isZero();
    }

    protected static void assertFailed(final JsonNode response, final String errorCode) {
        assertThat(response.path("status").asText()).as(response.toString()).isEqualTo("FAILED");
        assertThat(response.path("errorCode").asText()).as(response.toString()).isEqualTo(errorCode);
        assertThat(response.path("message").asText()).isNotBlank();
        assertThat(response.path("resourceModels").isMissingNode() || response.path("resourceModels").isNull())
            .isTrue();
    }

    protected void assertNoWriteOnly(final JsonNode model) {
        writeOnly.forEach(property -> assertThat(model.has(property)).as("write-only " + property).isFalse());
    }

    /** The primary identifier of the event's model. */
    protected String identifier(final JsonNode response) {
        return response.path("resourceModel").path(type.identifierProperty()).asText();
    }

    // ---- the rules

    @Test
    void createThenReadReturnsWhatWasAskedWithThePrimaryIdentifierAndNoWriteOnlyValue() {
        final String name = type.uniqueName();
        final ObjectNode input = model(name);

        final JsonNode createdResource = create(input);
        assertSuccess(createdResource);
        assertNoWriteOnly(createdResource.get("resourceModel"));
        assertThat(identifier(createdResource)).isEqualTo(type.identifierOf(name));

        final JsonNode read = read(identifier(createdResource));
        assertSuccess(read);
        assertNoWriteOnly(read.get("resourceModel"));
        input.fieldNames().forEachRemaining(property -> {
            if (!writeOnly.contains(property)) {
                assertThat(read.get("resourceModel").get(property)).as(property).isEqualTo(input.get(property));
            }
        });
        assertThat(read.get("resourceModel")).isEqualTo(createdResource.get("resourceModel"));
        read.get("resourceModel").fields().forEachRemaining(field ->
            assertThat(field.getValue().isNull()).as("Read leaves no property null: " + field.getKey()).isFalse());
    }

    @Test
    void thePrimaryIdentifierIsTheSameInCreateReadUpdateAndList() {
        final String name = type.uniqueName();
        final String createdId = identifier(create(model(name)));

        assertThat(identifier(read(createdId))).isEqualTo(createdId);
        assertThat(identifier(cfn.invoke(request("UPDATE", type.changedInPlace(model(name)))
            .withPrevious(model(name))))).isEqualTo(createdId);
        assertThat(listAll(type.listScope(), null)).contains(createdId);
    }

    @Test
    void creatingAResourceThatExistsFailsWithAlreadyExists() {
        final String name = type.uniqueName();
        assertSuccess(create(model(name)));

        assertFailed(create(model(name)), "AlreadyExists");
    }

    @Test
    void readUpdateAndDeleteOfAResourceThatNeverExistedAreNotFound() {
        final String identifier = type.identifierOf(type.uniqueName());
        final ObjectNode model = model(null);
        model.put(type.identifierProperty(), identifier);

        assertFailed(read(identifier), "NotFound");
        assertFailed(cfn.invoke(request("UPDATE", model).withPrevious(model)), "NotFound");
        assertFailed(delete(identifier), "NotFound");
    }

    @Test
    void deleteThenReadAndDeleteAgainAreNotFound() {
        final String identifier = identifier(create(model(type.uniqueName())));

        final JsonNode deleted = delete(identifier);
        assertSuccess(deleted);
        assertThat(deleted.path("resourceModel").isMissingNode() || deleted.path("resourceModel").isNull()).isTrue();
        assertFailed(read(identifier), "NotFound");
        assertFailed(delete(identifier), "NotFound");
    }

    @Test
    void updateIsVisibleToReadAndUpdateOfADeletedResourceIsNotFound() {
        final String name = type.uniqueName();
        final ObjectNode before = model(name);
        final String identifier = identifier(create(before));
        final ObjectNode after = type.changedInPlace(model(name));

        final JsonNode updated = cfn.invoke(request("UPDATE", after).withPrevious(before));
        assertSuccess(updated);
        assertNoWriteOnly(updated.get("resourceModel"));
        final JsonNode read = read(identifier).get("resourceModel");
        after.fieldNames().forEachRemaining(property -> {
            if (!writeOnly.contains(property)) {
                assertThat(read.get(property)).as(property).isEqualTo(after.get(property));
            }
        });

        assertSuccess(delete(identifier));
        assertFailed(cfn.invoke(request("UPDATE", after).withPrevious(before)), "NotFound");
    }

    @Test
    void changingACreateOnlyPropertyIsNotUpdatable() {
        final String name = type.uniqueName();
        final ObjectNode before = model(name);
        create(before);

        assertFailed(cfn.invoke(request("UPDATE", type.changedCreateOnly(model(name))).withPrevious(before)),
            "NotUpdatable");
    }

    @Test
    void listContainsTheCreatedIdentifierUntilItIsDeleted() {
        final String identifier = identifier(create(model(type.uniqueName())));
        assertThat(listAll(type.listScope(), null)).contains(identifier);

        delete(identifier);
        assertThat(listAll(type.listScope(), null)).doesNotContain(identifier);
    }

    @Test
    void aReadOnlyPropertyInACreateRequestIsRefusedAndNothingIsCreated() {
        final String name = type.uniqueName();
        final ObjectNode input = model(name);
        input.put(type.identifierProperty(), type.identifierOf(name));

        assertFailed(create(input), "InvalidRequest");
        assertThat(type.existsInAzure(cloud, name)).isFalse();
    }

    @Test
    void theInvalidInputOfInputsFolderFailsWithInvalidRequestAndCreatesNothing() throws Exception {
        final ObjectNode invalid = type.invalidInput(signIn);
        final List<String> before = listAll(type.listScope(), null);

        assertFailed(create(invalid), "InvalidRequest");
        assertThat(listAll(type.listScope(), null)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void createInvokedAgainWithTheSameClientRequestTokenConvergesOnOneResource() {
        for (final ObjectNode input : List.of(model(type.uniqueName()), model(null))) {
            final HandlerRequest first = request("CREATE", input);
            final String identifier = identifier(create(first));

            final JsonNode again = create(first);

            assertSuccess(again);
            assertThat(identifier(again)).isEqualTo(identifier);
            assertThat(listAll(type.listScope(), null).stream().filter(identifier::equals)).hasSize(1);
        }
    }

    @Test
    void theTestEntrypointThatCfnTestCallsFollowsTheSameContract() {
        final String name = type.uniqueName();
        final JsonNode createdResource = cfn.invokeTestEntrypoint(type.testEntrypoint(),
            request("CREATE", model(name)));
        assertSuccess(createdResource);
        final String identifier = identifier(createdResource);
        cleanUpAfterwards(identifier);
        assertNoWriteOnly(createdResource.get("resourceModel"));

        final JsonNode read = cfn.invokeTestEntrypoint(type.testEntrypoint(), request("READ",
            type.identifier(identifier)).withTypeConfiguration(typeConfiguration()));
        assertSuccess(read);
        assertThat(read.get("resourceModel")).isEqualTo(createdResource.get("resourceModel"));

        assertSuccess(cfn.invokeTestEntrypoint(type.testEntrypoint(), request("DELETE", type.identifier(identifier))
            .withTypeConfiguration(typeConfiguration())));
        deletedByTheTest(identifier);
        assertFailed(cfn.invokeTestEntrypoint(type.testEntrypoint(), request("READ", type.identifier(identifier))
            .withTypeConfiguration(typeConfiguration())), "NotFound");
    }

    @Test
    void theNameOfADeletedResourceCanBeCreatedAgain() {
        final String name = type.uniqueName();
        final String identifier = identifier(create(model(name)));
        assertSuccess(delete(identifier));

        final JsonNode again = create(model(name));

        assertSuccess(again);
        assertThat(identifier(again)).isEqualTo(identifier);
    }
}
