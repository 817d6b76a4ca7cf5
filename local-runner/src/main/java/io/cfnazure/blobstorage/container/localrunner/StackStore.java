package io.cfnazure.blobstorage.container.localrunner;

import java.util.List;
import java.util.Optional;

/** Where stack records live between operations. */
interface StackStore {

    Optional<StackState> load(String stackName);

    void save(StackState state);

    void delete(String stackName);

    List<String> stackNames();
}
