/**
 * OpenAPI 3.0.2 from the declarations, in the shape Vault's `framework` produces for its help
 * operation (same keys, operationIds, schema names and defaults), so Vault, `vault path-help`
 * and Strongroom's form builder read a TS plugin like a Go one.
 */
import { FIELD_TYPES } from './field-types';
import type { CompiledPath } from './backend';
import type { DisplayAttributes, FieldSchema, Fields, Operation, SpecialPaths } from './types';

type Json = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
  license: { name: string; url: string };
}

export interface OpenApiDocument {
  openapi: '3.0.2';
  info: OpenApiInfo;
  paths: Record<string, Json>;
  components: { schemas: Record<string, Json> };
}

export interface DocumentOptions {
  backendType: 'secrets' | 'auth';
  specialPaths: SpecialPaths;
  /** The mount's type name (root help's `requestResponsePrefix`), the operationId fallback prefix. */
  prefix: string;
}

const STANDARD_LIST_RESPONSE = { type: 'object', properties: { keys: { type: 'array', items: { type: 'string' } } } };

export function newDocument(info: OpenApiInfo): OpenApiDocument {
  return { openapi: '3.0.2', info, paths: {}, components: { schemas: {} } };
}

/**
 * Drops undefined, false, '' and empty arrays, like Go's `omitempty`; a `default` is kept unless
 * undefined (Go keeps a non-nil interface value such as false, 0 or "").
 */
function compact(object: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === 'default' && value !== undefined) {
      out[key] = value;
      continue;
    }
    if (value === undefined || value === null || value === false || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

const DISPLAY_KEYS = ['name', 'description', 'value', 'sensitive', 'navigation', 'itemType', 'group', 'action', 'editType'] as const;

/** Display attributes as published: without the operationId hints; undefined when empty. */
export function publishedDisplayAttrs(attrs: DisplayAttributes | undefined): Json | undefined {
  if (attrs === undefined) return undefined;
  const out = compact(Object.fromEntries(DISPLAY_KEYS.map((key) => [key, attrs[key]])));
  if (attrs.value !== undefined) out['value'] = attrs.value; // Go keeps any non-nil interface value
  return Object.keys(out).length === 0 ? undefined : out;
}

const cleanString = (text: string | undefined) => (text ?? '').trim().replace(/\s+/g, ' ');

function fieldSchema(field: FieldSchema): Json {
  const t = FIELD_TYPES[field.type].openapi;
  return compact({
    type: t.type,
    description: cleanString(field.description),
    items: t.items === undefined ? undefined : { type: t.items },
    format: t.format,
    pattern: t.pattern,
    enum: field.allowedValues,
    deprecated: field.deprecated,
    'x-vault-displayAttrs': publishedDisplayAttrs(field.displayAttrs),
    default: field.default,
  });
}

/** A path or query parameter: Go publishes type, pattern, enum, default and display attributes only. */
function parameter(name: string, field: FieldSchema, location: 'path' | 'query'): Json {
  const t = FIELD_TYPES[field.type].openapi;
  return compact({
    name,
    description: cleanString(field.description),
    in: location,
    schema: compact({
      type: t.type,
      pattern: t.pattern,
      enum: field.allowedValues,
      default: field.default,
      'x-vault-displayAttrs': publishedDisplayAttrs(field.displayAttrs),
    }),
    required: location === 'path',
    deprecated: field.deprecated,
  });
}

/** Vault's `specialPathMatch`: exact, `*` suffix = prefix, `+` = any one segment. */
export function specialPathMatch(path: string, patterns: readonly string[] = []): boolean {
  const parts = path.split('/');
  return patterns.some((pattern) => {
    if (pattern === path) return true;
    if (pattern.endsWith('*') && path.startsWith(pattern.slice(0, -1))) return true;
    if (!pattern.includes('+')) return false;
    const wanted = pattern.split('/');
    if (parts.length < wanted.length) return false;
    for (const [i, want] of wanted.entries()) {
      const part = parts[i] ?? '';
      if (want === '+') continue;
      if (want === '*') return true;
      if (want.endsWith('*') && part.startsWith(want.slice(0, -1))) return true;
      if (want !== part) return false;
    }
    return parts.length === wanted.length;
  });
}

function operationId(path: string, op: Operation, pathAttrs: DisplayAttributes = {}, opAttrs: DisplayAttributes = {}, fallback: string): string {
  let prefix = opAttrs.operationPrefix || pathAttrs.operationPrefix || '';
  let verb = opAttrs.operationVerb || pathAttrs.operationVerb || '';
  let suffix = (opAttrs.operationSuffix || pathAttrs.operationSuffix || '').split('|')[0] ?? '';
  const join = (parts: string[]) => parts.filter((p) => p !== '').join('-').toLowerCase();
  if (prefix === '' && verb === '') prefix = fallback;
  if (suffix === '' && verb === '') suffix = join(path.split(/[^\w]+/));
  if (verb === '') verb = op === 'update' ? 'write' : op;
  return join([prefix, verb, suffix]);
}

const titleCase = (id: string) => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** Adds one declared path (one or two OpenAPI paths: the list operation gets its own `…/`). */
export function documentPath(route: CompiledPath, options: DocumentOptions, doc: OpenApiDocument): void {
  const { definition, pattern } = route;
  const path = pattern.openapiPath;
  const fields: Fields = route.fields;
  const captured = new Set(pattern.captures.map((c) => c.name));
  const item: Json = {
    description: cleanString(definition.helpSynopsis),
    parameters: [...captured].sort().map((name) => parameter(name, fields[name] as FieldSchema, 'path')),
    'x-vault-sudo': specialPathMatch(path, options.specialPaths.root),
    'x-vault-unauthenticated': specialPathMatch(path, options.specialPaths.unauthenticated),
    'x-vault-createSupported': definition.operations.create !== undefined,
    'x-vault-displayAttrs': publishedDisplayAttrs(definition.displayAttrs),
  };
  const bodyFields = Object.entries(fields).filter(([name]) => !captured.has(name));
  const queryFields = bodyFields.filter(([, field]) => field.query === true);
  const tags = [options.backendType === 'auth' ? 'auth' : 'secrets'];
  const methods: Json = {};
  let listOperation: Json | undefined;
  for (const op of ['create', 'update', 'patch', 'read', 'delete', 'list'] as const) {
    const declared = definition.operations[op];
    if (declared === undefined || (op === 'create' && definition.operations.update !== undefined)) continue;
    const id = operationId(path, op, definition.displayAttrs, declared.displayAttrs, options.prefix);
    let parameters: Json[] = [];
    let requestBody: Json | undefined;
    if (op === 'create' || op === 'update' || op === 'patch') {
      const required = bodyFields.filter(([, f]) => f.required === true).map(([name]) => name).sort();
      const schema = compact({
        type: 'object',
        properties: Object.fromEntries(bodyFields.map(([name, f]) => [name, fieldSchema(f)])),
        additionalProperties: definition.takesArbitraryInput === true ? true : undefined,
        required,
      });
      if (bodyFields.length > 0) {
        doc.components.schemas[`${titleCase(id)}Request`] = schema;
        requestBody = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${titleCase(id)}Request` } } } };
      } else if (definition.takesArbitraryInput === true) {
        requestBody = { required: true, content: { 'application/json': { schema } } };
      }
    } else {
      if (op === 'list') {
        parameters.push({ name: 'list', description: 'Must be set to `true`', in: 'query', schema: { type: 'string', enum: ['true'] }, required: true });
      }
      parameters.push(...queryFields.map(([name, f]) => parameter(name, f, 'query')));
      parameters = parameters.sort((a, b) => String(a['name']).localeCompare(String(b['name'])));
    }
    const operation = compact({
      summary: declared.summary,
      description: declared.description,
      operationId: id,
      tags,
      parameters,
      requestBody,
      responses: responses(op, declared.responses, id, doc),
      deprecated: declared.deprecated,
    });
    if (op === 'list') listOperation = operation;
    else methods[op === 'read' ? 'get' : op === 'delete' ? 'delete' : op === 'patch' ? 'patch' : 'post'] = operation;
  }
  const hasMethods = Object.keys(methods).length > 0;
  if (listOperation === undefined || hasMethods) doc.paths[`/${path}`] = compact({ ...item, ...orderedMethods(methods) });
  if (listOperation !== undefined) {
    const listPath = `${path}/`;
    doc.paths[`/${listPath}`] = compact({
      description: item['description'],
      parameters: item['parameters'],
      'x-vault-sudo': specialPathMatch(listPath, options.specialPaths.root),
      'x-vault-unauthenticated': specialPathMatch(listPath, options.specialPaths.unauthenticated),
      'x-vault-displayAttrs': item['x-vault-displayAttrs'],
      get: listOperation,
    });
  }
}

function orderedMethods(methods: Json): Json {
  return compact({ get: methods['get'], post: methods['post'], patch: methods['patch'], delete: methods['delete'] });
}

function responses(op: Operation, declared: Record<number, { description: string; fields?: Fields }> | undefined, id: string, doc: OpenApiDocument): Json {
  if (declared === undefined || Object.keys(declared).length === 0) {
    if (op === 'delete') return { '204': { description: 'empty body' } };
    if (op === 'list') {
      doc.components.schemas['StandardListResponse'] = STANDARD_LIST_RESPONSE;
      return { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/StandardListResponse' } } } } };
    }
    return { '200': { description: 'OK' } };
  }
  const out: Json = {};
  for (const [code, response] of Object.entries(declared)) {
    const fields = Object.entries(response.fields ?? {});
    if (fields.length === 0) {
      out[code] = { description: response.description };
      continue;
    }
    const name = `${titleCase(id)}Response`;
    doc.components.schemas[name] = { type: 'object', properties: Object.fromEntries(fields.map(([n, f]) => [n, fieldSchema(f)])) };
    out[code] = { description: response.description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
  }
  return out;
}
