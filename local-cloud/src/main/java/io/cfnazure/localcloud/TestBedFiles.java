package io.cfnazure.blobstorage.container.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the test bed finds the project and keeps its files. Never java.io.tmpdir: the CloudFormation wrapper empties
 * that directory on every handler invocation, which would delete the certificate under a running emulator.
 */
final class TestBedFiles {

    private TestBedFiles() {
    }

    /** The folder holding package.json (the emulator's npm project), searched upwards from the working directory. */
    static Path projectRoot() {
        final Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No package.json in " + start + " or above: run the tests from the project");
    }

    /** {@code target/test-bed} of the project, created on demand. */
    static Path directory() {
        final Path dir = projectRoot().resolve("target").resolve("test-bed");
        try {
            return Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }
}
