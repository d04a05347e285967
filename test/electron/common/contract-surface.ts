/**
 * The contract's surface as plain JSON, for the golden file: each method's argument schema (zod's
 * JSON Schema of what a client may send), whether it answers while sealed, and its result type;
 * each event's payload type. Result and event types are TypeScript interfaces, so they are read
 * from the code with the TypeScript compiler: named interfaces and aliases declared in
 * `electron/common` are written out once under `types`, and referred to by name.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';
import { contractMethods, methodsAllowedWhileSealed, type MethodName } from '../../../electron/common/contract';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const contractFile = path.join(repoRoot, 'electron', 'common', 'contract.ts');
const commonDir = path.join(repoRoot, 'electron', 'common') + path.sep;

/** A type written out: a TypeScript type's text, or an object's fields. */
type Shape = string | { [field: string]: Shape };

export interface ContractSurface {
  methods: Record<string, { allowedWhileSealed: boolean; args: unknown; result: Shape }>;
  events: Record<string, Shape>;
  types: Record<string, Shape>;
}

export function contractSurface(): ContractSurface {
  const types = typeShapes();
  const methods: ContractSurface['methods'] = {};
  for (const name of Object.keys(contractMethods).sort() as MethodName[]) {
    const { $schema: _dialect, ...args } = z.toJSONSchema(contractMethods[name], { io: 'input' });
    methods[name] = { allowedWhileSealed: methodsAllowedWhileSealed.includes(name), args, result: types.results[name] ?? 'MISSING' };
  }
  return { methods, events: types.events, types: types.named };
}

/** Reads `ContractResults` and `ContractEvents` from contract.ts with the compiler. */
function typeShapes(): { results: Record<string, Shape>; events: Record<string, Shape>; named: Record<string, Shape> } {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([contractFile], { ...config?.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(contractFile);
  if (source === undefined) throw new Error(`${contractFile} is not in the program`);
  const named: Record<string, Shape> = {};

  const aliasType = (name: string): ts.Type => {
    const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === name);
    if (alias === undefined) throw new Error(`contract.ts declares no type ${name}`);
    return checker.getTypeAtLocation(alias.name);
  };

  /** The name under which a type of ours is listed in `types`, when it is a named declaration in electron/common. */
  const ownName = (type: ts.Type): string | undefined => {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (symbol === undefined || declaration === undefined) return undefined;
    if (!(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) return undefined;
    return path.resolve(declaration.getSourceFile().fileName).startsWith(commonDir) ? symbol.getName() : undefined;
  };

  const fields = (type: ts.Type): Record<string, Shape> => {
    const out: Record<string, Shape> = {};
    for (const info of checker.getIndexInfosOfType(type)) out[`[key: ${checker.typeToString(info.keyType)}]`] = describe(info.type);
    for (const property of checker.getPropertiesOfType(type)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      let propertyType = checker.getTypeOfSymbol(property);
      if (optional) propertyType = checker.getNonNullableType(propertyType);
      out[optional ? `${property.getName()}?` : property.getName()] = describe(propertyType);
    }
    return out;
  };

  function describe(type: ts.Type): Shape {
    const name = ownName(type);
    if (name !== undefined) {
      if (!(name in named)) {
        named[name] = 'pending';
        named[name] = expand(type);
      }
      return name;
    }
    return expand(type);
  }

  function expand(type: ts.Type): Shape {
    if (type.isUnion() && !(type.flags & ts.TypeFlags.Boolean) && type.types.some((t) => t.flags & ts.TypeFlags.Object)) {
      return type.types.map((member) => text(describe(member))).join(' | ');
    }
    if (checker.isArrayType(type)) return `${text(describe(checker.getTypeArguments(type as ts.TypeReference)[0]!))}[]`;
    if (type.flags & ts.TypeFlags.Object && checker.getPropertiesOfType(type).length + checker.getIndexInfosOfType(type).length > 0) return fields(type);
    // InTypeAlias: an alias of ours (e.g. a union of states) is written out, not named by itself.
    return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias);
  }

  const of = (type: ts.Type) => Object.fromEntries(checker.getPropertiesOfType(type).map((p) => [p.getName(), describe(checker.getTypeOfSymbol(p))]));
  const results = of(aliasType('ContractResults'));
  const events = of(aliasType('ContractEvents'));
  return { results, events: Object.fromEntries(Object.entries(events).sort(([a], [b]) => a.localeCompare(b))), named: Object.fromEntries(Object.entries(named).sort(([a], [b]) => a.localeCompare(b))) };
}

/** An inline object shape as one line of TypeScript-like text (inside unions and arrays). */
function text(shape: Shape): string {
  if (typeof shape === 'string') return shape;
  return `{ ${Object.entries(shape)
    .map(([field, value]) => `${field}: ${text(value)}`)
    .join('; ')} }`;
}
