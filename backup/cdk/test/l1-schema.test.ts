// The hand-kept L1s must say what the registry schemas say. Both sides are read, not copied: each schema from its
// file, the L1s' declared types through the TypeScript compiler.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { CfnAccount, CfnContainer } from '../src';

const REPOSITORY = path.resolve(__dirname, '../../..');
const L1_FILES = ['azure-blobstorage-container.ts', 'azure-blobstorage-account.ts']
  .map((file) => path.resolve(__dirname, '../src', file));

/** What a property's type is, in terms both sides can express. */
type Shape =
  | { kind: 'string' | 'boolean' | 'number' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'map'; of: Shape }
  | { kind: 'list'; of: Shape }
  | { kind: 'struct'; properties: Record<string, PropertyShape> };

interface PropertyShape { shape: Shape; required: boolean }

function pascalToCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// ---- the schema side -------------------------------------------------------------------------------------------

class SchemaSide {
  public readonly schema: any;
  private readonly readOnly: Set<string>;

  constructor(file: string) {
    this.schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    this.readOnly = new Set<string>(this.schema.readOnlyProperties.map((p: string) => p.replace('/properties/', '')));
  }

  /** Writable properties, by their camelCase names. */
  public props(): Record<string, PropertyShape> {
    const writable = Object.fromEntries(Object.entries<any>(this.schema.properties)
      .filter(([name]) => !this.readOnly.has(name)));
    return this.structProperties(writable, this.schema.required ?? []);
  }

  public readOnlyNames(): string[] {
    return [...this.readOnly];
  }

  private structProperties(properties: Record<string, any>, required: string[]): Record<string, PropertyShape> {
    return Object.fromEntries(Object.entries(properties).map(([name, node]) =>
      [pascalToCamel(name), { shape: this.shape(node), required: required.includes(name) }]));
  }

  private resolveRef(node: any): any {
    if (node.$ref === undefined) return node;
    const match = /^#\/definitions\/(.+)$/.exec(node.$ref);
    if (!match) throw new Error(`unsupported $ref ${node.$ref}`);
    const { $ref, ...rest } = node;
    return { ...this.resolveRef(this.schema.definitions[match[1]]), ...rest };
  }

  private shape(node: any): Shape {
    const n = this.resolveRef(node);
    if (n.type === 'string' && Array.isArray(n.enum)) return { kind: 'enum', values: [...n.enum].sort() };
    if (n.type === 'string' || n.type === 'boolean') return { kind: n.type };
    if (n.type === 'integer' || n.type === 'number') return { kind: 'number' };
    if (n.type === 'array') return { kind: 'list', of: this.shape(n.items) };
    if (n.type === 'object' && n.patternProperties && n.additionalProperties === false) {
      const valueShapes = Object.values(n.patternProperties).map((v) => this.shape(v));
      if (new Set(valueShapes.map((s) => JSON.stringify(s))).size !== 1) throw new Error('mixed map value types');
      return { kind: 'map', of: valueShapes[0] };
    }
    if (n.type === 'object' && n.properties) {
      return { kind: 'struct', properties: this.structProperties(n.properties, n.required ?? []) };
    }
    throw new Error(`schema type not mapped by this test: ${JSON.stringify(n)}`);
  }
}

// ---- the L1 side -----------------------------------------------------------------------------------------------

// The props and attributes are declared with local types, arrays and intrinsic types only: no need to load
// aws-cdk-lib's declarations, and ES5's library is enough.
const program = ts.createProgram(L1_FILES, { strict: true, noEmit: true, noResolve: true, lib: ['lib.es5.d.ts'], types: [] });
const checker = program.getTypeChecker();

function exportedSymbol(file: string, name: string): ts.Symbol {
  const source = program.getSourceFile(file)!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === name);
  if (!symbol) throw new Error(`${name} is not exported by ${file}`);
  return symbol;
}

function propertiesOf(type: ts.Type): Record<string, PropertyShape> {
  return Object.fromEntries(checker.getPropertiesOfType(type).map((prop) => [prop.name, {
    shape: typeShape(checker.getTypeOfSymbol(prop)),
    required: (prop.flags & ts.SymbolFlags.Optional) === 0,
  }]));
}

function typeShape(type: ts.Type): Shape {
  const t = checker.getNonNullableType(type);
  if (t.flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
  if (t.flags & ts.TypeFlags.EnumLike) {
    const members = t.isUnion() ? t.types : [t];
    return { kind: 'enum', values: members.map((m) => String((m as ts.LiteralType).value)).sort() };
  }
  if (t.flags & ts.TypeFlags.String) return { kind: 'string' };
  if (t.flags & ts.TypeFlags.Number) return { kind: 'number' };
  if (checker.isArrayType(t)) return { kind: 'list', of: typeShape(checker.getTypeArguments(t as ts.TypeReference)[0]) };
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(t).length === 0) return { kind: 'map', of: typeShape(index.type) };
  if (t.flags & ts.TypeFlags.Object) return { kind: 'struct', properties: propertiesOf(t) };
  throw new Error(`L1 type not mapped by this test: ${checker.typeToString(t)}`);
}

function l1Props(file: string, propsName: string): Record<string, PropertyShape> {
  return propertiesOf(checker.getDeclaredTypeOfSymbol(exportedSymbol(file, propsName)));
}

function l1Attributes(file: string, className: string): string[] {
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exportedSymbol(file, className)))
    .map((p) => p.name)
    .filter((name) => /^attr[A-Z]/.test(name))
    .sort();
}

/** A value of the given shape, for rendering every property through the L1. */
function sampleValue(shape: Shape): unknown {
  switch (shape.kind) {
    case 'string': return 'sample';
    case 'boolean': return true;
    case 'number': return 1;
    case 'enum': return shape.values[0];
    case 'map': return { sample_key: sampleValue(shape.of) };
    case 'list': return [sampleValue(shape.of)];
    case 'struct': return Object.fromEntries(Object.entries(shape.properties).map(([n, p]) => [n, sampleValue(p.shape)]));
  }
}

/** A sample value as the template holds it: struct keys in PascalCase, map keys as they are. */
function rendered(shape: Shape, value: any): unknown {
  switch (shape.kind) {
    case 'list': return value.map((v: unknown) => rendered(shape.of, v));
    case 'map': return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rendered(shape.of, v)]));
    case 'struct': return renderedProps(shape.properties, value);
    default: return value;
  }
}

function renderedProps(shapes: Record<string, PropertyShape>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([name, v]) =>
    [name.charAt(0).toUpperCase() + name.slice(1), rendered(shapes[name].shape, v)]));
}

// ---- the comparison --------------------------------------------------------------------------------------------

interface L1UnderTest {
  readonly schemaFile: string;
  readonly l1File: string;
  readonly propsName: string;
  readonly className: string;
  readonly type: { CFN_RESOURCE_TYPE_NAME: string; new(scope: Construct, id: string, props: any): CfnResource };
}

function describeL1(l1: L1UnderTest): void {
  describe(`${l1.className} (L1) against ${path.relative(REPOSITORY, l1.schemaFile)}`, () => {
    const schema = new SchemaSide(l1.schemaFile);
    const l1FileProps = () => l1Props(l1.l1File, l1.propsName);

    test('the resource type name is the schema typeName', () => {
      expect(l1.type.CFN_RESOURCE_TYPE_NAME).toBe(schema.schema.typeName);
    });

    test('the props\' description is the schema\'s', () => {
      const documented = ts.displayPartsToString(exportedSymbol(l1.l1File, l1.propsName).getDocumentationComment(checker));
      expect(documented.replace(/\s+/g, ' ')).toBe(schema.schema.description);
    });

    test('props: the same names, required-ness and types as the schema\'s writable properties', () => {
      expect(l1FileProps()).toEqual(schema.props());
    });

    test('attributes: one attr getter per readOnly property', () => {
      expect(l1Attributes(l1.l1File, l1.className)).toEqual(schema.readOnlyNames().map((name) => `attr${name}`).sort());
    });

    test('every prop is rendered under its schema property name, and every attribute is a GetAtt', () => {
      const shapes = l1FileProps();
      const props = Object.fromEntries(Object.entries(shapes).map(([name, p]) => [name, sampleValue(p.shape)]));
      const stack = new Stack(new App(), 'L1');
      const resource = new l1.type(stack, 'Resource', props);

      const properties = Object.values<any>(Template.fromStack(stack).findResources(schema.schema.typeName))[0].Properties;
      expect(properties).toEqual(renderedProps(shapes, props));
      for (const name of schema.readOnlyNames()) {
        expect(stack.resolve((resource as any)[`attr${name}`])).toEqual({ 'Fn::GetAtt': ['Resource', name] });
      }
    });
  });
}

describeL1({
  schemaFile: path.join(REPOSITORY, 'azure-blobstorage-container.json'),
  l1File: L1_FILES[0],
  propsName: 'CfnContainerProps',
  className: 'CfnContainer',
  type: CfnContainer,
});

describeL1({
  schemaFile: path.join(REPOSITORY, 'storage-account', 'azure-blobstorage-account.json'),
  l1File: L1_FILES[1],
  propsName: 'CfnAccountProps',
  className: 'CfnAccount',
  type: CfnAccount,
});
