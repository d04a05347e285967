/**
 * The help operation: text in the layout of Vault's framework (`Request:`/`Matching Route:`,
 * `## PARAMETERS`, `## DESCRIPTION`, `## PATHS`) plus the OpenAPI document, answered as
 * `{help, see_also, openapi}`.
 */
import { FIELD_TYPES } from './field-types';
import { documentPath, newDocument } from './openapi';
import type { OpenApiInfo } from './openapi';
import type { CompiledPath } from './backend';
import type { BackendDefinition } from './types';

const DEFAULT_INFO = {
  title: 'Strongroom plugin API',
  description: 'Paths of one secrets engine plugin, relative to its mount.',
  license: { name: 'unspecified', url: '' },
};

/** Go's `indent`: every line prefixed; a trailing newline does not make an extra line. */
function indent(count: number, text: string): string {
  if (text === '') return '';
  const prefix = ' '.repeat(count);
  return text.replace(/\n$/, '').split('\n').map((line) => prefix + line).join('\n');
}

function info(definition: BackendDefinition, vaultVersion: string): OpenApiInfo {
  return {
    title: definition.info?.title ?? DEFAULT_INFO.title,
    description: definition.info?.description ?? DEFAULT_INFO.description,
    version: vaultVersion,
    license: definition.info?.license ?? DEFAULT_INFO.license,
  };
}

export function pathHelpText(route: CompiledPath, requestPath: string): string {
  const synopsis = route.definition.helpSynopsis?.trim() || '<no synopsis>';
  const description = route.definition.helpDescription?.trim() || '<no description>';
  const names = Object.keys(route.fields).sort();
  let text = `Request:        ${requestPath}\nMatching Route: ${route.pattern.vaultRegex}\n\n${synopsis}\n\n`;
  if (names.length > 0) {
    text += '## PARAMETERS\n';
    for (const name of names) {
      const field = route.fields[name];
      if (field === undefined) continue;
      const fieldDescription = field.description?.trim() || '<no description>';
      const shown = field.deprecated === true ? `(DEPRECATED) ${fieldDescription}` : fieldDescription;
      text += `\n${indent(4, name)} (${FIELD_TYPES[field.type].helpName})\n\n${indent(8, shown)}\n`;
    }
  }
  text += `\n## DESCRIPTION\n\n${description}`;
  return text.trim();
}

export function rootHelpText(definition: BackendDefinition, routes: readonly CompiledPath[]): string {
  const sorted = [...routes].sort((a, b) => (a.pattern.vaultRegex < b.pattern.vaultRegex ? -1 : 1));
  const paths = sorted
    .map((r) => `${indent(4, r.pattern.vaultRegex)}\n${indent(8, r.definition.helpSynopsis?.trim() ?? '')}\n\n`)
    .join('');
  const intro =
    'Each pattern below is a path of this backend. Ask for help on any path that\n' +
    'matches a pattern to see its parameters; which paths you may use depends on\n' +
    "your token's policies.";
  return `## DESCRIPTION\n\n${definition.help.trim()}\n\n## PATHS\n\n${intro}\n\n${paths}`.trim();
}

export interface HelpOptions {
  backendType: 'secrets' | 'auth';
  vaultVersion: string;
  prefix: string;
}

export function helpData(definition: BackendDefinition, routes: readonly CompiledPath[], text: string, options: HelpOptions): Record<string, unknown> {
  const doc = newDocument(info(definition, options.vaultVersion));
  const documentOptions = { backendType: options.backendType, specialPaths: definition.specialPaths ?? {}, prefix: options.prefix };
  for (const route of routes) documentPath(route, documentOptions, doc);
  return { help: text, see_also: null, openapi: doc };
}
