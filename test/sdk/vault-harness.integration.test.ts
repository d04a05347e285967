// Proof that a Vault host can load a TS plugin: the Go harness drives plugins with the Vault SDK's
// own plugin client (go-plugin, AutoMTLS, protocol 5) and runs the `hello` suite. The packaged TS
// hello plugin must pass it exactly like its Go twin.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { buildPlugin as buildGoHello } from '../../examples/go/hello/build';
import { buildPlugin as buildTsHello } from '../../examples/ts/hello/build';
import { ensureFixtures, fixturePath } from '../fixtures/plugins/fixtures';

interface CheckReport {
  passed: boolean;
  checks: Array<{ name: string; passed: boolean; detail?: string }>;
}

async function harnessCheck(plugin: string): Promise<CheckReport> {
  const { stdout } = await promisify(execFile)(fixturePath('strongroom-go-harness'), ['check', '--plugin', plugin, '--suite', 'hello']).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(stdout) as CheckReport;
}

describe('the Go harness (Vault SDK plugin client) loads hello plugins', { timeout: 600_000 }, () => {
  const plugins: Record<string, string> = {};
  before(async () => {
    await ensureFixtures({ names: ['strongroom-go-harness'], log: () => {} });
    plugins['ts'] = (await buildTsHello()).file;
    plugins['go'] = (await buildGoHello()).file;
  });

  for (const language of ['ts', 'go']) {
    it(`${language} hello passes the hello suite`, async () => {
      const report = await harnessCheck(plugins[language] as string);
      assert.deepEqual(
        report.checks.filter((c) => !c.passed),
        [],
        'failed checks',
      );
      assert.equal(report.passed, true);
      assert.equal(report.checks.length, 5);
    });
  }
});
