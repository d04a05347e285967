import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<{ name: string; file: string; code: string; banned: boolean }> = [
  { name: 'plugin-host importing electron', file: 'plugin-host/x.ts', code: "import 'electron';", banned: true },
  { name: 'plugin-host importing sqlite', file: 'plugin-host/x.ts', code: "import 'better-sqlite3';", banned: true },
  { name: 'plugin-host importing core', file: 'plugin-host/x.ts', code: "import '../electron/core/dispatch';", banned: true },
  { name: 'plugin-host importing grpc', file: 'plugin-host/x.ts', code: "import '@grpc/grpc-js';", banned: false },
  { name: 'core importing electron', file: 'electron/core/x.ts', code: "import 'electron';", banned: true },
  { name: 'electron/main importing electron', file: 'electron/main/x.ts', code: "import 'electron';", banned: false },
  { name: 'core importing the plugin-host entry', file: 'electron/core/x.ts', code: "import '../../plugin-host';", banned: false },
  { name: 'core importing the plugin-host entry by its index', file: 'electron/core/router/x.ts', code: "import '../../../plugin-host/index';", banned: false },
  { name: 'core importing a plugin-host module', file: 'electron/core/x.ts', code: "import '../../plugin-host/errors';", banned: true },
  { name: 'core importing plugin-host vault types', file: 'electron/core/router/x.ts', code: "import type { VaultOperation } from '../../../plugin-host/vault/types';", banned: true },
  { name: 'core importing the supervisor directly', file: 'electron/core/plugins/x.ts', code: "import '../../../plugin-host/supervisor/supervisor';", banned: true },
  { name: 'sys/declare importing a plugin-host module', file: 'electron/core/sys/declare.ts', code: "import '../../../plugin-host/vault/types';", banned: true },
  { name: 'the shell importing a plugin-host module', file: 'electron/main/x.ts', code: "import '../../plugin-host/catalog/catalog';", banned: true },
  { name: 'the headless launcher importing the storage entry', file: 'electron/launch/x.ts', code: "import '../storage';", banned: false },
  { name: 'core importing the storage entry', file: 'electron/core/audit/x.ts', code: "import '../../storage';", banned: false },
  { name: 'core importing the storage entry by its index', file: 'electron/core/x.ts', code: "import '../storage/index';", banned: false },
  { name: 'core importing a storage module', file: 'electron/core/x.ts', code: "import '../storage/storage';", banned: true },
  { name: 'core importing the storage database', file: 'electron/core/audit/x.ts', code: "import '../../storage/database';", banned: true },
  { name: 'the headless launcher importing a storage module', file: 'electron/launch/x.ts', code: "import '../storage/aes-gcm';", banned: true },
  { name: 'storage importing its own modules', file: 'electron/storage/x.ts', code: "import './database';", banned: false },
  { name: 'storage importing sqlite', file: 'electron/storage/x.ts', code: "import 'better-sqlite3';", banned: false },
  { name: 'storage importing the plugin-host entry (the StoragePort type)', file: 'electron/storage/x.ts', code: "import type { StoragePort } from '../../plugin-host';", banned: false },
  { name: 'storage importing a plugin-host module', file: 'electron/storage/x.ts', code: "import '../../plugin-host/storage-port';", banned: true },
  { name: 'storage importing the core', file: 'electron/storage/x.ts', code: "import '../core/dispatch';", banned: true },
  { name: 'storage importing electron', file: 'electron/storage/x.ts', code: "import 'electron';", banned: true },
  { name: 'a test importing a plugin-host module', file: 'test/plugin-host/x.test.ts', code: "import '../../plugin-host/supervisor/supervisor';", banned: false },
  { name: 'the Vault API importing the core', file: 'electron/vault-api/x.ts', code: "import '../core/vault-api-port';", banned: false },
  { name: 'the Vault API importing the wire module', file: 'electron/vault-api/x.ts', code: "import '../../proto/wire/error-codes';", banned: false },
  { name: 'the Vault API importing the plugin-host entry', file: 'electron/vault-api/x.ts', code: "import '../../plugin-host';", banned: true },
  { name: 'the Vault API importing the storage entry', file: 'electron/vault-api/x.ts', code: "import '../storage';", banned: true },
  { name: 'the Vault API importing the headless server', file: 'electron/vault-api/x.ts', code: "import '../server/json-body';", banned: true },
  { name: 'common importing node fs', file: 'electron/common/x.ts', code: "import 'node:fs';", banned: true },
  { name: 'renderer importing node fs', file: 'renderer/src/x.ts', code: "import 'node:fs';", banned: true },
  { name: 'renderer importing core', file: 'renderer/src/x.ts', code: "import '../../electron/core/dispatch';", banned: true },
  { name: 'renderer importing plugin-host', file: 'renderer/src/x.ts', code: "import '../../plugin-host/errors';", banned: true },
  { name: 'renderer importing the contract', file: 'renderer/src/x.ts', code: "import '../../electron/common/contract';", banned: false },
  { name: 'renderer importing the wire module', file: 'renderer/src/x.ts', code: "import '../../proto/wire/duration';", banned: false },
  { name: 'renderer importing the proto codegen script', file: 'renderer/src/x.ts', code: "import '../../proto/generate';", banned: true },
  { name: 'common importing the wire module', file: 'electron/common/x.ts', code: "import '../../proto/wire/duration';", banned: false },
  { name: 'plugin-host importing the wire module', file: 'plugin-host/vault/x.ts', code: "import '../../proto/wire/go-time';", banned: false },
  { name: 'plugin-host importing the shared AutoMTLS module', file: 'plugin-host/launch/x.ts', code: "import '../../proto/automtls/certificate';", banned: false },
  { name: 'plugin-host importing the SDK by path', file: 'plugin-host/vault/x.ts', code: "import '../../sdk/translation';", banned: true },
  { name: 'plugin-host importing the SDK by package name', file: 'plugin-host/x.ts', code: "import '@strongroom/plugin-sdk';", banned: true },
  { name: 'the SDK importing the wire module', file: 'sdk/x.ts', code: "import '../proto/wire/go-time';", banned: false },
  { name: 'the SDK importing the shared AutoMTLS module', file: 'sdk/x.ts', code: "import '../proto/automtls/certificate';", banned: false },
  { name: 'the SDK importing its own generated code', file: 'sdk/x.ts', code: "import './gen/pb/backend';", banned: false },
  { name: 'the SDK importing grpc', file: 'sdk/x.ts', code: "import '@grpc/grpc-js';", banned: false },
  { name: 'the SDK importing the host', file: 'sdk/x.ts', code: "import '../plugin-host/launch/mtls';", banned: true },
  { name: "the SDK importing the host's generated code", file: 'sdk/x.ts', code: "import '../plugin-host/gen/pb/backend';", banned: true },
  { name: 'the SDK importing the host front door', file: 'sdk/cli/x.ts', code: "import '../../plugin-host';", banned: true },
  { name: 'the SDK importing the core', file: 'sdk/x.ts', code: "import '../electron/core/dispatch';", banned: true },
  { name: 'the SDK importing the proto codegen script', file: 'sdk/x.ts', code: "import '../proto/generate';", banned: true },
  { name: 'the SDK importing sqlite', file: 'sdk/x.ts', code: "import 'better-sqlite3';", banned: true },
  { name: 'the AutoMTLS module importing x509', file: 'proto/automtls/x.ts', code: "import '@peculiar/x509';", banned: false },
  { name: 'the AutoMTLS module importing the host', file: 'proto/automtls/x.ts', code: "import '../../plugin-host/errors';", banned: true },
  { name: 'the AutoMTLS module importing the SDK', file: 'proto/automtls/x.ts', code: "import '../../sdk/serve';", banned: true },
  { name: 'an example importing the SDK by package name', file: 'examples/ts/hello/x.ts', code: "import '@strongroom/plugin-sdk';", banned: false },
  { name: 'an example importing the SDK by path', file: 'examples/ts/hello/x.ts', code: "import '../../../sdk';", banned: true },
  { name: 'an example importing the host', file: 'examples/ts/hello/x.ts', code: "import '../../../plugin-host';", banned: true },
  { name: 'core importing the SDK', file: 'electron/core/x.ts', code: "import '@strongroom/plugin-sdk';", banned: true },
  { name: 'core importing the SDK\'s declaration model elsewhere than sys/declare', file: 'electron/core/x.ts', code: "import '@strongroom/plugin-sdk/framework';", banned: true },
  { name: 'sys/declare importing the SDK\'s declaration model', file: 'electron/core/sys/declare.ts', code: "import '@strongroom/plugin-sdk/framework';", banned: false },
  { name: 'sys/declare importing the whole SDK', file: 'electron/core/sys/declare.ts', code: "import '@strongroom/plugin-sdk';", banned: true },
  { name: 'sys/declare importing the SDK by path', file: 'electron/core/sys/declare.ts', code: "import '../../../sdk/serve';", banned: true },
  { name: 'renderer importing the SDK', file: 'renderer/src/x.ts', code: "import '../../sdk/types';", banned: true },
  { name: 'the wire module importing the SDK', file: 'proto/wire/x.ts', code: "import '../../sdk/types';", banned: true },
  { name: 'the wire module importing itself', file: 'proto/wire/x.ts', code: "import './go-time';", banned: false },
  { name: 'the wire module importing node builtins', file: 'proto/wire/x.ts', code: "import 'node:path';", banned: true },
  { name: 'the wire module importing plugin-host', file: 'proto/wire/x.ts', code: "import '../../plugin-host/gen/pb/backend';", banned: true },
  { name: 'the wire module importing electron/common', file: 'proto/wire/x.ts', code: "import '../../electron/common/contract';", banned: true },
  { name: 'the wire module importing a package', file: 'proto/wire/x.ts', code: "import 'zod';", banned: true },
];

for (const c of cases) {
  test(`layer rule: ${c.name} is ${c.banned ? 'refused' : 'allowed'}`, async () => {
    const errors = await importErrors(c.file, c.code);
    assert.equal(errors.length > 0, c.banned, errors.join('\n'));
  });
}
