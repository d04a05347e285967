/**
 * OpenAPI (a mount's root help) → the form model the request panel renders: one PathModel per
 * path template, each with the operations it declares and the fields of each operation. Path
 * parameters become required fields; `$ref` request bodies are resolved from components.
 */
import { fieldKindOf, type FieldKind } from './field-kind';
import type { HttpMethod, OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiPathItem, OpenApiSchema } from './openapi-types';

/** The contract's request operations a form can send; POST is `write` (the plugin's existence check picks create or update). */
export type FormOperation = 'read' | 'list' | 'write' | 'patch' | 'delete';

export interface FieldModel {
  name: string;
  label: string;
  kind: FieldKind;
  description: string;
  required: boolean;
  sensitive: boolean;
  location: 'path' | 'body';
  defaultValue: unknown;
  options: string[] | undefined;
  group: string | undefined;
}

export interface OperationModel {
  operation: FormOperation;
  summary: string;
  operationId: string | undefined;
  /** Path parameters first, then body fields (required before optional, then by name). */
  fields: FieldModel[];
}

export interface PathModel {
  /** Relative to the mount, no leading slash: `users/{username}`, `metadata/{path}/`. */
  template: string;
  description: string;
  params: string[];
  operations: OperationModel[];
  itemType: string | undefined;
}

export function pathModelsFrom(doc: OpenApiDocument | undefined): PathModel[] {
  const models: PathModel[] = [];
  for (const [key, item] of Object.entries(doc?.paths ?? {})) {
    const template = key.replace(/^\//, '');
    // Vault emits raw regexes for paths it cannot template (e.g. KV's upgrade guard `^.*$`).
    if (/[\^$*()|[\]\\]/.test(template)) continue;
    const operations = operationsOf(doc ?? {}, item);
    if (operations.length === 0) continue;
    models.push({
      template,
      description: item.description ?? '',
      params: paramNames(template),
      operations,
      itemType: item['x-vault-displayAttrs']?.itemType,
    });
  }
  return models.sort((a, b) => a.template.localeCompare(b.template));
}

function operationsOf(doc: OpenApiDocument, item: OpenApiPathItem): OperationModel[] {
  const out: OperationModel[] = [];
  const pathFields = (item.parameters ?? []).filter((p) => p.in === 'path').map((p) => parameterField(p));
  for (const method of ['get', 'post', 'patch', 'delete'] as HttpMethod[]) {
    const op = item[method];
    if (op === undefined) continue;
    const isList = (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'list');
    const body = method === 'post' || method === 'patch' ? bodyFields(doc, op) : [];
    out.push({
      operation: operationFor(method, isList),
      summary: op.summary ?? op.description ?? '',
      operationId: op.operationId,
      fields: [...pathFields, ...body],
    });
  }
  return out;
}

function operationFor(method: HttpMethod, isList: boolean): FormOperation {
  if (method === 'get') return isList ? 'list' : 'read';
  if (method === 'post') return 'write';
  return method;
}

function parameterField(p: OpenApiParameter): FieldModel {
  return {
    name: p.name,
    label: p['x-vault-displayAttrs']?.name ?? p.schema?.['x-vault-displayAttrs']?.name ?? p.name,
    kind: fieldKindOf(p.schema),
    description: p.description ?? p.schema?.description ?? '',
    required: true,
    sensitive: false,
    location: 'path',
    defaultValue: undefined,
    options: undefined,
    group: undefined,
  };
}

export function resolveRef(doc: OpenApiDocument, schema: OpenApiSchema | undefined): OpenApiSchema | undefined {
  const ref = schema?.$ref;
  if (ref === undefined) return schema;
  const name = ref.replace(/^#\/components\/schemas\//, '');
  return doc.components?.schemas?.[name];
}

function bodyFields(doc: OpenApiDocument, op: OpenApiOperation): FieldModel[] {
  const schema = resolveRef(doc, op.requestBody?.content?.['application/json']?.schema);
  const required = new Set(schema?.required ?? []);
  const fields = Object.entries(schema?.properties ?? {}).map(([name, raw]): FieldModel => {
    const prop = resolveRef(doc, raw) ?? {};
    const attrs = prop['x-vault-displayAttrs'] ?? {};
    return {
      name,
      label: attrs.name ?? name,
      kind: fieldKindOf(prop),
      description: prop.description ?? attrs.description ?? '',
      required: required.has(name),
      sensitive: attrs.sensitive === true,
      location: 'body',
      defaultValue: prop.default ?? attrs.value,
      options: prop.enum?.map(String),
      group: attrs.group,
    };
  });
  return fields.sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));
}

export function paramNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

/**
 * A regex for a template. The last parameter may span slashes (Vault's `.*` captures do) and may
 * be empty, so `metadata/` is the root listing of `metadata/{path}/`; other parameters are one segment.
 */
function templateRegex(template: string): RegExp {
  const names = paramNames(template);
  const listing = template.endsWith('}/');
  let index = 0;
  const source = template
    .slice(0, listing ? -1 : undefined)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!/^\{[^}]+\}$/.test(part)) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      index += 1;
      if (index < names.length) return '([^/]+)';
      return listing ? '(?:(.+?)/)?' : '(.*?)';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

export interface PathMatch {
  model: PathModel;
  params: Record<string, string>;
}

/** Every template that matches a concrete path, most literal first. */
export function matchPath(models: PathModel[], path: string): PathMatch[] {
  const matches: PathMatch[] = [];
  for (const model of models) {
    const found = templateRegex(model.template).exec(path);
    if (found === null) continue;
    const params: Record<string, string> = {};
    model.params.forEach((name, i) => (params[name] = found[i + 1] ?? ''));
    matches.push({ model, params });
  }
  const literal = (t: string) => t.replace(/\{[^}]+\}/g, '').length;
  return matches.sort((a, b) => literal(b.model.template) - literal(a.model.template));
}

/** `data/{path}` + `{path: 'app/db'}` → `data/app/db`. */
export function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? '');
}

/**
 * The paths related to one picked entry: every template that takes the same single parameter,
 * filled with the same value (a KV v2 key `app/db` picked under `metadata/` also offers
 * `data/app/db`, `delete/app/db`…).
 */
export function relatedPaths(models: PathModel[], picked: PathMatch): PathMatch[] {
  const names = Object.keys(picked.params);
  if (names.length !== 1) return [picked];
  const [name] = names as [string];
  const value = picked.params[name] ?? '';
  if (value === '' || value.endsWith('/')) return [picked];
  const related = models
    .filter((m) => m.params.length === 1 && m.params[0] === name && !m.template.endsWith('/'))
    .map((model) => ({ model, params: { [name]: value } }));
  return related.length > 0 ? related : [picked];
}
