package io.cfnazure.benchmarks;

import java.nio.file.Path;
import java.util.Set;

/**
 * The resource types whose Lambda packages the benchmark starts cold, each against a do-nothing floor of its own: the
 * type's package plus {@code donothing.DoNothingHandler} with the type's schema and model (benchmarks/pom.xml builds
 * both floor jars). {@code ./benchmarks/run} names each type's jars in the system properties
 * {@code benchmark.<type>Jar} and {@code benchmark.<type>DoNothingJar}.
 */
enum ResourceType {

    CONTAINER("container", "Azure::BlobStorage::Container", "io.cfnazure.blobstorage.container.HandlerWrapper",
        "ContainerDoNothingHandler", "azure-blobstorage-container.json", Set.of("SUCCESS")),
    /**
     * Azure creates an account asynchronously: the first invocation sends the create request (202) and follows it
     * while its time lasts, so it may answer IN_PROGRESS or, once the account is ready, SUCCESS.
     */
    ACCOUNT("account", "Azure::BlobStorage::Account", "io.cfnazure.blobstorage.account.HandlerWrapper",
        "AccountDoNothingHandler", "azure-blobstorage-account.json", Set.of("SUCCESS", "IN_PROGRESS"));

    /** How the benchmark's names, system properties and report call it. */
    final String key;
    final String typeName;
    /** The handler class Lambda is configured with (the type's .rpdk-config). */
    final String handler;
    final String doNothingHandler;
    /** The schema's file in the type's jar. */
    final String schemaFile;
    /** The first invocation's answers that mean it worked. */
    final Set<String> firstAnswers;

    ResourceType(final String key, final String typeName, final String handler, final String doNothingHandler,
                 final String schemaFile, final Set<String> firstAnswers) {
        this.key = key;
        this.typeName = typeName;
        this.handler = handler;
        this.doNothingHandler = "io.cfnazure.benchmarks.donothing." + doNothingHandler;
        this.schemaFile = schemaFile;
        this.firstAnswers = firstAnswers;
    }

    /** The type's Lambda package, as cfn submit uploads it. */
    Path jar() {
        return Path.of(System.getProperty("benchmark." + key + "Jar"));
    }

    /** The same package plus the type's do-nothing handler. */
    Path doNothingJar() {
        return Path.of(System.getProperty("benchmark." + key + "DoNothingJar"));
    }
}
