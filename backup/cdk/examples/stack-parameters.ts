import { CfnParameter } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** A string stack parameter, given at deploy time (`cdk deploy --parameters Name=value`). */
export function stringParameter(scope: Construct, name: string, description: string, defaultValue?: string): string {
  return new CfnParameter(scope, name, { type: 'String', description, default: defaultValue }).valueAsString;
}
