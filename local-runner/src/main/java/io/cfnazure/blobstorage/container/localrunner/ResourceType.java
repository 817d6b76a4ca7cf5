package io.cfnazure.blobstorage.container.localrunner;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * A resource type cfn-local plays: its schema and its handler's entry point.
 *
 * @param nameProperty the property that names the resource; without it the handler generates a name, unique per
 *                     replacement (so a resource named in the template cannot be replaced under the same name)
 */
record ResourceType(ResourceSchema schema, String nameProperty, RequestStreamHandler entryPoint) {

    String typeName() {
        return schema.typeName();
    }
}
