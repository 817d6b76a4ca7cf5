import { CfnParameter, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface ExampleStackProps extends StackProps {
  /** A file to use as the copy service's code. @default - the built jar, backup/copy-service/target/copy-service.jar */
  readonly copyServiceJar?: string;
}

/** The code for the L3's `code` prop; a Code asset belongs to one stack, so each stack makes its own. */
export function exampleCode(props: ExampleStackProps): lambda.Code | undefined {
  return props.copyServiceJar === undefined ? undefined : lambda.Code.fromAsset(props.copyServiceJar);
}

/** A string stack parameter, given at deploy time (`cdk deploy --parameters Name=value`). */
export function stringParameter(scope: Construct, name: string, description: string, defaultValue?: string): string {
  return new CfnParameter(scope, name, { type: 'String', description, default: defaultValue }).valueAsString;
}
