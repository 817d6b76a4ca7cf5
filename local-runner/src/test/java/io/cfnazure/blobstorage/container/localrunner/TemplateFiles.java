package io.cfnazure.blobstorage.container.localrunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Templates written by tests, under target/ and never in java.io.tmpdir: the CloudFormation wrapper empties that
 * directory on every handler invocation.
 */
final class TemplateFiles {

    private static final Path DIRECTORY = Path.of("target", "localrunner-tests");

    private TemplateFiles() {
    }

    static Path write(final String name, final String text) {
        try {
            Files.createDirectories(DIRECTORY);
            return Files.writeString(DIRECTORY.resolve(name), text);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
