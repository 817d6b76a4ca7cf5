package io.cfnazure.blobstorage.container.localrunner;

import java.util.List;

/**
 * Input the runner refuses before anything is created: a template, parameter or setting that CloudFormation would
 * reject too. Each problem names its file and the place in it, e.g.
 * {@code examples/x.yaml: Resources.Backup.Properties.ContainerName: ...}.
 */
final class InputException extends RuntimeException {

    private final List<String> problems;

    InputException(final List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    InputException(final String problem) {
        this(List.of(problem));
    }

    List<String> problems() {
        return problems;
    }
}
