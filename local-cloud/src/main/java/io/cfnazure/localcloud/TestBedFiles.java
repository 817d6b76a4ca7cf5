package io.cfnazure.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the local cloud finds Azurite and keeps its files: in the folder of this Maven unit (local-cloud/), which its
 * build writes into {@code local-cloud.properties}, so that every JVM using it (the provider's tests, the local
 * runner's tests, ./cfn-local) finds the same emulator, certificate and execution role whatever its working
 * directory. Never java.io.tmpdir: the CloudFormation wrapper empties that directory on every handler invocation,
 * which would delete the certificate under a running emulator.
 */
final class TestBedFiles {

    private static final Path HOME = home();

    private TestBedFiles() {
    }

    /** The emulator that this unit's build installs from package.json ({@code npm ci}). */
    static Path azuriteExecutable() {
        final Path executable = HOME.resolve("node_modules").resolve(".bin").resolve("azurite-blob");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Azurite is not installed (no " + executable + "): build the local cloud "
                + "(mvn -f " + HOME + " package), which runs npm ci there");
        }
        return executable;
    }

    /** {@code local-cloud/target/test-bed}, created on demand. */
    static Path directory() {
        final Path dir = HOME.resolve("target").resolve("test-bed");
        try {
            return Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /**
     * The project's {@code execution-role.yaml}, in the repository's root: the first folder above this unit's that
     * holds {@code .rpdk-config}.
     */
    static Path executionRoleTemplate() {
        for (Path dir = HOME.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".rpdk-config"))) {
                return dir.resolve("execution-role.yaml");
            }
        }
        throw new IllegalStateException("No folder above " + HOME + " holds .rpdk-config (the project's root)");
    }

    private static Path home() {
        try (InputStream in = TestBedFiles.class.getResourceAsStream("local-cloud.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-cloud.properties is missing from the class path");
            }
            final Properties properties = new Properties();
            properties.load(in);
            return Path.of(properties.getProperty("home"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
