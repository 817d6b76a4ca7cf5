package io.cfnazure.localcloud;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that starts the local cloud: it gets the JVM's shared {@link LocalCloud} as a parameter, and the tag
 * {@value #TAG} that runs it in Maven's integration-test phase (Failsafe), after the unit tests and only with
 * {@code verify}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(UsesLocalCloud.TAG)
@ExtendWith(LocalCloudExtension.class)
public @interface UsesLocalCloud {

    String TAG = "local-cloud";
}
