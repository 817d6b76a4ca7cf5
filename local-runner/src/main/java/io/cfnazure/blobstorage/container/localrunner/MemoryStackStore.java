package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stacks of the embedded emulator, which lives in memory for one run of cfn-local: a stack record written to disk
 * would outlive the containers it describes.
 */
final class MemoryStackStore implements StackStore {

    private final Map<String, StackState> stacks = new LinkedHashMap<>();

    @Override
    public Optional<StackState> load(final String stackName) {
        return Optional.ofNullable(stacks.get(stackName));
    }

    @Override
    public void save(final StackState state) {
        stacks.put(state.stackName(), state);
    }

    @Override
    public void delete(final String stackName) {
        stacks.remove(stackName);
    }

    @Override
    public List<String> stackNames() {
        return new ArrayList<>(stacks.keySet());
    }
}
