// The hand-kept L1 must say what the registry schema says. Both sides are read, not copied: the schema from
// ../../azure-blobstorage-container.json, the L1's declared types through the TypeScript compiler.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnContainer, CfnAzureBlobStorage } from '../src';

const SCHEMA_FILE = path.resolve(__dirname, '../../../azure-blobstorage-container.json');
const L1_FILE = path.resolve(__dirname, '../src/azure-blobstorage-container.ts');

/** What a property's type is, in terms both sides can express. */
type Shape =
  | { kind: 'string' | 'boolean' | 'number' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'map'; of: Shape };

interface PropertyShape { shape: Shape; required: boolean }

function pascalToCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// ---- the schema side -------------------------------------------------------------------------------------------

const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));

function resolveRef(node: any): any {
  if (node.$ref === undefined) return node;
  const match = /^#\/definitions\/(.+)$/.exec(node.$ref);
  if (!match) throw new Error(`unsupported $ref ${node.$ref}`);
  const { $ref, ...rest } = node;
  return { ...resolveRef(schema.definitions[match[1]]), ...rest };
}

function schemaShape(node: any): Shape {
  const n = resolveRef(node);
  if (n.type === 'string' && Array.isArray(n.enum)) return { kind: 'enum', values: [...n.enum].sort() };
  if (n.type === 'string' || n.type === 'boolean') return { kind: n.type };
  if (n.type === 'integer' || n.type === 'number') return { kind: 'number' };
  if (n.type === 'object' && n.patternProperties && n.additionalProperties === false) {
    const valueShapes = Object.values(n.patternProperties).map(schemaShape);
    if (new Set(valueShapes.map((s) => JSON.stringify(s))).size !== 1) throw new Error('mixed map value types');
    return { kind: 'map', of: valueShapes[0] };
  }
  throw new Error(`schema type not mapped by this test: ${JSON.stringify(n)}`);
}

const readOnly = new Set<string>(schema.readOnlyProperties.map((p: string) => p.replace('/properties/', '')));
const required = new Set<string>(schema.required);

function schemaProps(): Record<string, PropertyShape> {
  const out: Record<string, PropertyShape> = {};
  for (const [name, node] of Object.entries<any>(schema.properties)) {
    if (readOnly.has(name)) continue;
    out[pascalToCamel(name)] = { shape: schemaShape(node), required: required.has(name) };
  }
  return out;
}

// ---- the L1 side -----------------------------------------------------------------------------------------------

// The props and attributes are declared with local and intrinsic types only: no need to load aws-cdk-lib's or the
// standard library's declarations.
const program = ts.createProgram([L1_FILE], { strict: true, noEmit: true, noResolve: true, noLib: true, types: [] });
const checker = program.getTypeChecker();
const l1Source = program.getSourceFile(L1_FILE)!;
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(l1Source)!);

function exportedSymbol(name: string): ts.Symbol {
  const symbol = exported.find((s) => s.name === name);
  if (!symbol) throw new Error(`${name} is not exported by ${L1_FILE}`);
  return symbol;
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
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(t).length === 0) return { kind: 'map', of: typeShape(index.type) };
  throw new Error(`L1 type not mapped by this test: ${checker.typeToString(t)}`);
}

function l1Props(): Record<string, PropertyShape> {
  const propsType = checker.getDeclaredTypeOfSymbol(exportedSymbol('CfnContainerProps'));
  const out: Record<string, PropertyShape> = {};
  for (const prop of checker.getPropertiesOfType(propsType)) {
    out[prop.name] = {
      shape: typeShape(checker.getTypeOfSymbol(prop)),
      required: (prop.flags & ts.SymbolFlags.Optional) === 0,
    };
  }
  return out;
}

function l1Attributes(): string[] {
  const classType = checker.getDeclaredTypeOfSymbol(exportedSymbol('CfnContainer'));
  return checker.getPropertiesOfType(classType)
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
  }
}

// ---- the comparison --------------------------------------------------------------------------------------------

describe('CfnContainer (L1) against azure-blobstorage-container.json', () => {
  test('the resource type name is the schema typeName', () => {
    expect(CfnContainer.CFN_RESOURCE_TYPE_NAME).toBe(schema.typeName);
  });

  test('the props\' description is the schema\'s: both ways of signing in, not only a secret', () => {
    const documented = ts.displayPartsToString(exportedSymbol('CfnContainerProps').getDocumentationComment(checker));
    expect(documented.replace(/\s+/g, ' ')).toBe(schema.description);
  });

  test('props: the same names, required-ness and types as the schema\'s writable properties', () => {
    expect(l1Props()).toEqual(schemaProps());
  });

  test('attributes: one attr getter per readOnly property', () => {
    expect(l1Attributes()).toEqual([...readOnly].map((name) => `attr${name}`).sort());
  });

  test('every prop is rendered under its schema property name, and every attribute is a GetAtt', () => {
    const props = Object.fromEntries(Object.entries(l1Props()).map(([name, p]) => [name, sampleValue(p.shape)]));
    const stack = new Stack(new App(), 'L1');
    const container = new CfnContainer(stack, 'Container', props as any);

    const resource = Object.values<any>(Template.fromStack(stack).findResources(schema.typeName))[0];
    expect(Object.keys(resource.Properties).sort())
      .toEqual(Object.keys(schema.properties).filter((name) => !readOnly.has(name)).sort());
    for (const [name, value] of Object.entries(props)) {
      expect(resource.Properties[name.charAt(0).toUpperCase() + name.slice(1)]).toEqual(value);
    }
    expect(stack.resolve(container.attrContainerUrl)).toEqual({ 'Fn::GetAtt': ['Container', 'ContainerUrl'] });
  });

  test('the blog\'s name CfnAzureBlobStorage is the same class', () => {
    expect(CfnAzureBlobStorage).toBe(CfnContainer);
  });
});
