import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BACKEND_PLUGIN_COOKIE, HOST_CONTROLLED_ENV_KEYS, buildPluginEnv } from '../../../plugin-host/launch/env';
import type { PluginEnvInput } from '../../../plugin-host/launch/env';

const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function input(overrides: Partial<PluginEnvInput> = {}): PluginEnvInput {
  return {
    hostEnv: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/someone',
      LANG: 'en_US.UTF-8',
      TZ: 'Europe/Berlin',
      AWS_SECRET_ACCESS_KEY: 'do-not-leak',
      VAULT_TOKEN: 'do-not-leak',
      SystemRoot: 'C:\\Windows',
    },
    platform: 'linux',
    catalogEnv: {},
    vaultVersion: '1.19.0',
    protocolVersions: [4, 5],
    hostCertificatePem: CERT_PEM,
    socketDir: '/run/user/1000/strongroom/p1',
    ...overrides,
  };
}

describe('buildPluginEnv', () => {
  test('is exactly the PATH allowlist plus the Vault SDK and go-plugin variables', () => {
    assert.deepEqual(buildPluginEnv(input()), {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      VAULT_VERSION: '1.19.0',
      VAULT_PLUGIN_METADATA_MODE: 'false',
      VAULT_PLUGIN_AUTOMTLS_ENABLED: 'true',
      VAULT_BACKEND_PLUGIN: '6669da05-b1c8-4f49-97d9-c8e5bed98e20',
      PLUGIN_PROTOCOL_VERSIONS: '4,5',
      PLUGIN_MIN_PORT: '10000',
      PLUGIN_MAX_PORT: '25000',
      PLUGIN_CLIENT_CERT: CERT_PEM,
      PLUGIN_UNIX_SOCKET_DIR: '/run/user/1000/strongroom/p1',
      TMPDIR: '/run/user/1000/strongroom/p1',
    });
  });

  test('adds SystemRoot on Windows, which Go needs to start', () => {
    const env = buildPluginEnv(input({ platform: 'win32' }));
    assert.equal(env.SystemRoot, 'C:\\Windows');
    assert.equal(env.HOME, undefined);
  });

  test('leaves PATH out when the host has none', () => {
    assert.equal('PATH' in buildPluginEnv(input({ hostEnv: { HOME: '/h' } })), false);
  });

  test('the catalog env is added and may override PATH', () => {
    const env = buildPluginEnv(input({ catalogEnv: { PATH: '/opt/tools/bin', CUSTOM_SETTING: 'x' } }));
    assert.equal(env.PATH, '/opt/tools/bin');
    assert.equal(env.CUSTOM_SETTING, 'x');
  });

  test('protocol variables win over the catalog env', () => {
    const catalogEnv = Object.fromEntries(HOST_CONTROLLED_ENV_KEYS.map((key) => [key, 'from-catalog']));
    const env = buildPluginEnv(input({ catalogEnv }));
    for (const key of HOST_CONTROLLED_ENV_KEYS) assert.notEqual(env[key], 'from-catalog', key);
    assert.equal(env[BACKEND_PLUGIN_COOKIE.key], BACKEND_PLUGIN_COOKIE.value);
  });

  test('HOST_CONTROLLED_ENV_KEYS names exactly the variables the host sets', () => {
    const env = buildPluginEnv(input({ hostEnv: {} }));
    assert.deepEqual(Object.keys(env).sort(), [...HOST_CONTROLLED_ENV_KEYS].sort());
  });

  test('VAULT_VERSION drops a leading v and protocol versions keep their order', () => {
    const env = buildPluginEnv(input({ vaultVersion: 'v1.20.1', protocolVersions: [5] }));
    assert.equal(env.VAULT_VERSION, '1.20.1');
    assert.equal(env.PLUGIN_PROTOCOL_VERSIONS, '5');
  });
});
