/** The captured OpenAPI documents of the KV v2 engine and the strongroom-custom fixture. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenApiDocument } from '../../../renderer/src/forms/openapi-types';

const dir = path.resolve(import.meta.dirname, '..', 'fixtures');

export function capturedOpenApi(name: 'kv-v2-help' | 'custom-help'): OpenApiDocument {
  const help = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { openapi: OpenApiDocument };
  return help.openapi;
}
