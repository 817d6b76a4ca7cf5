package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A resource of a deployed stack.
 *
 * @param properties what the template resolved to when it was last deployed, write-only properties included (the
 *                   handler never returns those, yet Update, Read and Delete need them)
 * @param attributes the model the handler returned: what Fn::GetAtt reads
 * @param dependsOn  the resources it depends on, so that deleting goes in reverse order
 * @param policies   its DeletionPolicy and UpdateReplacePolicy when it was last deployed (records written before
 *                   policies were kept have none: the default)
 */
record DeployedResource(String type, String physicalId, ObjectNode properties, ObjectNode attributes,
                        Set<String> dependsOn, RemovalPolicies policies) {

    DeployedResource {
        policies = policies == null ? RemovalPolicies.DEFAULT : policies;
    }
}
