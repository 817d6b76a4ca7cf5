// The package as a user gets it: `npm pack` (which builds it with jsii and bundles the copy service's jar), installed
// into a new CDK app outside the repository with aws-cdk-lib and constructs as the app's own dependencies. The
// example app's code (the blog's stack, as the blog writes it, and two of ours) is compiled there against the
// package's declarations and synthesized, deploying the jar from inside the package.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(PACKAGE_DIR, 'examples');
const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
const devVersion = (name: string): string => pkg.devDependencies[name];
const STACKS = ['MultiCloudBackupCdkStack', 'ExistingBucketBackupStack', 'LockedDownBackupStack'];

/** Runs a command; its output goes to the failure message only. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  } catch (e: any) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** The examples' sources, importing the package by its name instead of ../src. */
function copyExamplesAsApp(appDir: string): void {
  for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')
      .replace(/(['"])\.\.\/src\/blog\1/g, `$1${pkg.name}/lib/blog$1`)
      .replace(/(['"])\.\.\/src\1/g, `$1${pkg.name}$1`);
    expect(source).not.toContain('../src');
    fs.writeFileSync(path.join(appDir, file), source);
  }
}

jest.setTimeout(600_000);

describe('the packed library in a new CDK app', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'packed-library-'));
  const appDir = path.join(work, 'app');
  let tarball: string;
  let templates: Record<string, any>;

  beforeAll(() => {
    run('npm', ['pack', '--pack-destination', work], PACKAGE_DIR); // its scripts print too: find the file instead
    const packed = fs.readdirSync(work).filter((f) => f.endsWith('.tgz'));
    expect(packed).toEqual([`${pkg.name}-${pkg.version}.tgz`]);
    tarball = path.join(work, packed[0]);

    fs.mkdirSync(appDir);
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({
      name: 'fresh-cdk-app',
      private: true,
      dependencies: {
        [pkg.name]: `file:${tarball}`,
        'aws-cdk-lib': devVersion('aws-cdk-lib'),
        'constructs': devVersion('constructs'),
      },
    }, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], appDir);

    // What `cdk init app --language typescript` sets, less the test and type roots this app has no use for.
    fs.writeFileSync(path.join(appDir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['es2022'], strict: true,
        noImplicitAny: true, strictNullChecks: true, noImplicitThis: true, alwaysStrict: true, noImplicitReturns: true,
        noFallthroughCasesInSwitch: false, inlineSourceMap: true, experimentalDecorators: true,
        strictPropertyInitialization: false, skipLibCheck: true, types: [],
      },
      include: ['*.ts'],
    }, null, 2));
    copyExamplesAsApp(appDir);
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', appDir], appDir);

    const outdir = path.join(work, 'cdk.out');
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_)/.test(name)));
    run(process.execPath, ['app.js'], appDir, { ...env, CDK_OUTDIR: outdir }); // what `cdk synth` runs
    templates = Object.fromEntries(STACKS.map((stack) =>
      [stack, JSON.parse(fs.readFileSync(path.join(outdir, `${stack}.template.json`), 'utf8'))]));
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true })); // the app's node_modules alone are ~300 MB

  test('the tarball holds the compiled library, its declarations, the jsii assembly and the jar; no sources', () => {
    const files = run('tar', ['-tzf', tarball], work).split('\n').filter((f) => f !== '').map((f) => f.replace(/^package\//, ''));
    for (const expected of ['package.json', 'README.md', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/blog/index.js',
      'lib/blog/index.d.ts', 'assets/copy-service.jar']) {
      expect(files).toContain(expected);
    }
    expect(files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^(src|test|examples|scripts)\//.test(f))).toEqual([]);
  });

  test('aws-cdk-lib and constructs are the app\'s: peer dependencies with caret ranges, installed once', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', pkg.name, 'package.json'), 'utf8'));
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.peerDependencies).toEqual({
      'aws-cdk-lib': `^${devVersion('aws-cdk-lib')}`,
      'constructs': `^${devVersion('constructs')}`,
    });
    expect(fs.existsSync(path.join(appDir, 'node_modules', pkg.name, 'node_modules'))).toBe(false);
  });

  test('the jsii assembly declares the blog\'s forms in the blog submodule, beside the props forms', () => {
    const assembly = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', pkg.name, '.jsii'), 'utf8'));
    for (const type of ['S3ToAzureBackupService', 'blog.S3ToAzureBackupService', 'blog.AzureBlobStorage',
      'blog.CfnAzureBlobStorage', 'AzureBlobContainer', 'CfnContainer', 'CfnAccount']) {
      expect(Object.keys(assembly.types)).toContain(`${pkg.name}.${type}`);
    }
    const positional = assembly.types[`${pkg.name}.blog.S3ToAzureBackupService`].initializer.parameters;
    expect(positional.map((p: any) => p.name)).toEqual(['scope', 'id', 'azureSubscriptionIdParamName',
      'azureClientIdParamName', 'azureTenantIdParamName', 'azureClientSecretName']);
    expect(Object.keys(assembly.targets).sort()).toEqual(['dotnet', 'go', 'java', 'js', 'python']);
  });

  test('the blog\'s stack synthesizes: a new account and container, the blog\'s exports, the secret by name', () => {
    const blogStack = templates.MultiCloudBackupCdkStack;
    const types = Object.values<any>(blogStack.Resources).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['Azure::BlobStorage::Account', 'Azure::BlobStorage::Container']));
    expect(Object.values<any>(blogStack.Outputs).flatMap((o) => (o.Export ? [o.Export.Name] : [])))
      .toEqual(['sourceBucketArn', 'azureBlobContainerUrl']);
    expect(JSON.stringify(blogStack)).toContain('"s3toazurebackupservice/azureclientsecret"');
    expect(JSON.stringify(blogStack)).not.toContain('{{resolve:secretsmanager');
  });

  test('the functions deploy the copy service\'s jar from inside the package', () => {
    const bundled = fs.readFileSync(path.join(appDir, 'node_modules', pkg.name, 'assets', 'copy-service.jar'));
    expect(bundled.length).toBeGreaterThan(1024 * 1024); // the shaded jar, not a stand-in
    const assets = JSON.parse(fs.readFileSync(path.join(work, 'cdk.out', 'MultiCloudBackupCdkStack.assets.json'), 'utf8'));
    const jars = Object.values<any>(assets.files).filter((f) => f.source.path.endsWith('.jar'));
    expect(jars).toHaveLength(1);
    expect(fs.readFileSync(path.join(work, 'cdk.out', jars[0].source.path)).equals(bundled)).toBe(true);
  });

  test('our stacks synthesize: an existing bucket and container; a new account only the functions\' IP may reach', () => {
    const existing = Object.values<any>(templates.ExistingBucketBackupStack.Resources).map((r) => r.Type);
    expect(existing).not.toContain('Azure::BlobStorage::Container');
    const lockedDown = Object.values<any>(templates.LockedDownBackupStack.Resources);
    const account = lockedDown.find((r) => r.Type === 'Azure::BlobStorage::Account');
    expect(account.Properties.NetworkRules.DefaultAction).toBe('Deny');
    expect(lockedDown.filter((r) => r.Type === 'AWS::EC2::NatGateway')).toHaveLength(1);
  });
});
