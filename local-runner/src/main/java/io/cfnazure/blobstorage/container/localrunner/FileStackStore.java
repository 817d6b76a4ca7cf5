package io.cfnazure.blobstorage.container.localrunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Stack records as {@code {directory}/{stack}.json}, for stacks in real clouds that outlive the command. */
final class FileStackStore implements StackStore {

    private static final String SUFFIX = ".json";

    private final Path directory;

    FileStackStore(final Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<StackState> load(final String stackName) {
        final Path file = file(stackName);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), StackState.class));
        } catch (final IOException e) {
            throw new InputException(file + ": cannot read the stack record (" + e.getMessage() + ")");
        }
    }

    @Override
    public void save(final StackState state) {
        try {
            Files.createDirectories(directory);
            // Written aside and moved, so an interrupted run never leaves half a record.
            final Path partial = directory.resolve(state.stackName() + SUFFIX + ".partial");
            Json.MAPPER.writeValue(partial.toFile(), state);
            Files.move(partial, file(state.stackName()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write the record of stack " + state.stackName(), e);
        }
    }

    @Override
    public void delete(final String stackName) {
        try {
            Files.deleteIfExists(file(stackName));
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot delete the record of stack " + stackName, e);
        }
    }

    @Override
    public List<String> stackNames() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> name.endsWith(SUFFIX))
                .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                .sorted()
                .toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    private Path file(final String stackName) {
        return directory.resolve(stackName + SUFFIX);
    }
}
