package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The exports of the other stacks a target records, and which stacks import them: CloudFormation keeps one list of
 * exports per account and Region, and holds each export while another stack imports it. The stack records are the
 * one source, so an export lives exactly as long as the record of the stack that exports it.
 */
final class StackExports {

    /** An export of another stack. */
    record Export(String stackName, String value) {
    }

    private final Map<String, Export> exports = new TreeMap<>();
    private final Map<String, TreeSet<String>> importers = new TreeMap<>();

    private StackExports() {
    }

    /** @param stackName the stack being deployed or deleted: its own record is what the operation changes */
    static StackExports of(final StackStore store, final String stackName) {
        final StackExports found = new StackExports();
        store.stackNames().stream().filter(name -> !name.equals(stackName)).map(store::load)
            .flatMap(Optional::stream)
            .forEach(stack -> {
                stack.exports().forEach((name, value) -> found.exports.put(name, new Export(stack.stackName(), value)));
                stack.imports().forEach(name ->
                    found.importers.computeIfAbsent(name, key -> new TreeSet<>()).add(stack.stackName()));
            });
        return found;
    }

    Optional<Export> export(final String name) {
        return Optional.ofNullable(exports.get(name));
    }

    /**
     * What CloudFormation refuses when a stack's exports change from {@code recorded} to {@code planned}: an export
     * another stack imports can be neither removed nor changed, in CloudFormation's words.
     *
     * @param planned the exports after the operation, by name; a null value is not known yet (it depends on a
     *                resource the operation has not deployed), so only its removal can be judged
     */
    List<String> inUse(final Map<String, String> recorded, final Map<String, String> planned) {
        final List<String> problems = new ArrayList<>();
        recorded.forEach((name, value) -> {
            final TreeSet<String> importing = importers.get(name);
            if (importing == null) {
                return;
            }
            final String stacks = String.join(", ", importing);
            if (!planned.containsKey(name)) {
                problems.add("Export " + name + " cannot be deleted as it is in use by " + stacks);
            } else if (planned.get(name) != null && !planned.get(name).equals(value)) {
                problems.add("Export " + name + " cannot be updated as it is in use by " + stacks);
            }
        });
        return problems;
    }
}
