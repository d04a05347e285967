// Help and OpenAPI of the TS SDK against Vault's own framework: golden/custom-help.json is what
// the Go strongroom-custom fixture answers (regenerate: `cd golden/capture && go run . > ../custom-help.json`).
// Only what must differ is normalised: OpenAPI `info` (title, description, license are ours) and
// the prose paragraph under `## PATHS` in the root help.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { testMount } from '../../sdk';
import { customEquivalent } from './custom-equivalent';

type HelpData = { help: string; see_also: unknown; openapi: { info: unknown } & Record<string, unknown> };
const golden = JSON.parse(readFileSync(new URL('./golden/custom-help.json', import.meta.url), 'utf8')) as Record<string, HelpData>;

function normalise(data: HelpData): HelpData {
  return {
    ...data,
    help: data.help.replace(/## PATHS\n\n[\s\S]*?\n\n(?= {4}\^)/, '## PATHS\n\n<intro>\n\n'),
    openapi: { ...data.openapi, info: '<info>' },
  };
}

async function tsHelp(path: string, data: Record<string, unknown> = {}): Promise<HelpData> {
  const mount = await testMount(customEquivalent);
  const response = await mount.request('help', path, data);
  return JSON.parse(JSON.stringify(response?.data)) as HelpData;
}

describe('help and OpenAPI match the Go framework (strongroom-custom fixture)', () => {
  it('root help: text, and the OpenAPI document for all four paths', async () => {
    const ts = await tsHelp('', { requestResponsePrefix: 'strongroom-custom' });
    assert.deepEqual(normalise(ts), normalise(golden['root'] as HelpData));
  });

  it('path help of config (required field, display attributes, read + update)', async () => {
    assert.deepEqual(normalise(await tsHelp('config')), normalise(golden['config'] as HelpData));
  });

  it('path help of hello/world (name capture, declared response fields)', async () => {
    assert.deepEqual(normalise(await tsHelp('hello/world')), normalise(golden['hello'] as HelpData));
  });

  it('OpenAPI info carries the host-reported version', async () => {
    const ts = await tsHelp('');
    assert.deepEqual(ts.openapi.info, {
      title: 'Strongroom plugin API',
      description: 'Paths of one secrets engine plugin, relative to its mount.',
      version: '1.21.0',
      license: { name: 'unspecified', url: '' },
    });
  });
});
