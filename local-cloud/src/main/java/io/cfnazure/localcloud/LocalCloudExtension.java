package io.cfnazure.localcloud;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives tests a {@link LocalCloud} parameter: the JVM's {@link LocalCloud#shared()} instance. */
public final class LocalCloudExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCloud.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        return LocalCloud.shared();
    }
}
