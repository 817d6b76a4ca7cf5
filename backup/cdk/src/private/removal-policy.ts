import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The removal policy of an Azure resource the registry types manage: RETAIN unless given (a backup outlives the stack
 * that made it), and never SNAPSHOT, which Azure has no equivalent of.
 */
export function azureRemovalPolicy(given: RemovalPolicy | undefined, resource: string): RemovalPolicy {
  const removalPolicy = given ?? RemovalPolicy.RETAIN;
  if (removalPolicy === RemovalPolicy.SNAPSHOT) {
    throw new Error(`An Azure ${resource} has no snapshot on deletion: use RETAIN or DESTROY`);
  }
  return removalPolicy;
}
