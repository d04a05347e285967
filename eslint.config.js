// Lint: typescript-eslint's recommended rules plus the layer rules of docs/architecture.md,
// expressed as per-folder import bans so a wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'worker_threads'];

// Front doors: outside its own folder, plugin-host/ is imported through plugin-host/index.ts and
// electron/storage/ through electron/storage/index.ts (import the folder, or its index), never a
// file inside. Tests may reach internals; bench/ and the app may not.
const frontDoors = 'Import plugin-host/ and electron/storage/ through their entries (\'…/plugin-host\', \'…/storage\'); export what you need from their index.ts.';
const deepImports = ['**/plugin-host/*', '!**/plugin-host/index', '**/storage/*', '!**/storage/index'];

/** Builds a no-restricted-imports rule from banned module names and path patterns. */
function layer(message, { names = [], patterns = [] }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns: patterns.map((group) => ({ group, message })),
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', '.cache/**', '**/target/**', 'release/**', 'test-results/**', 'plugin-host/gen/**', 'sdk/gen/**', '**/bin/**', 'examples/**/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['plugin-host/**/*.ts'],
    rules: layer('plugin-host/ is the host side: it may import only its generated proto code, proto/wire, proto/automtls, grpc, x509 and node builtins, never the plugin SDK (see docs/architecture.md).', {
      names: ['electron', 'react', 'react-dom', 'better-sqlite3', '@strongroom/plugin-sdk'],
      patterns: [['**/electron/**', '**/renderer/**', '@tanstack/*', '**/sdk/**', '**/sdk', '@strongroom/plugin-sdk/*']],
    }),
  },
  {
    files: ['sdk/**/*.ts'],
    rules: layer('sdk/ is the plugin side, published on its own: it may import itself (its own gen/), proto/wire, proto/automtls, grpc, x509, esbuild, postject and node builtins, never the host (plugin-host/), the app or the renderer.', {
      names: ['electron', 'react', 'react-dom', 'better-sqlite3', 'ws', 'zod'],
      patterns: [['**/plugin-host', '**/plugin-host/**', '**/electron/**', '**/renderer/**', '@tanstack/*', '**/proto/*', '!**/proto/wire', '!**/proto/wire/**', '!**/proto/automtls', '!**/proto/automtls/**']],
    }),
  },
  {
    files: ['proto/automtls/**/*.ts'],
    rules: layer('proto/automtls/ is shared by the host and the SDK: node builtins, x509 and reflect-metadata only, never either side or the app.', {
      names: ['electron', 'better-sqlite3', '@grpc/grpc-js', '@strongroom/plugin-sdk'],
      patterns: [['**/plugin-host/**', '**/sdk/**', '**/electron/**', '**/renderer/**', 'react', 'zod', 'ws']],
    }),
  },
  {
    files: ['examples/**/*.ts'],
    rules: layer('examples/ are plugins like any other: they import the SDK by its package name (@strongroom/plugin-sdk), never the checkout by path.', {
      names: ['electron', 'better-sqlite3'],
      patterns: [['**/sdk/**', '**/sdk', '**/plugin-host', '**/plugin-host/**', '**/electron/**', '**/renderer/**', '**/proto/**']],
    }),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/storage/**'],
    rules: layer(`Only electron/main/ may import electron; main-process code must not import the renderer or the plugin SDK (plugins run in their own processes). ${frontDoors}`, {
      names: ['electron', '@strongroom/plugin-sdk'],
      patterns: [['**/renderer/src/**', 'react', 'react-dom', '@tanstack/*', '**/sdk/**', '@strongroom/plugin-sdk/*', ...deepImports]],
    }),
  },
  {
    // Vault's HTTP API sits on the core like the UI's contract does: it reaches the router, the
    // lifecycle and the token check through the core's port, never the plugin host or storage.
    files: ['electron/vault-api/**/*.ts'],
    rules: layer('electron/vault-api/ (Vault\'s HTTP API) may import electron/core, electron/common, proto/wire and node builtins: never plugin-host, storage, the headless server, the shell, electron or the renderer.', {
      names: ['electron', 'better-sqlite3', 'ws', '@grpc/grpc-js', '@strongroom/plugin-sdk'],
      patterns: [['**/plugin-host', '**/plugin-host/**', '**/storage', '**/storage/**', '**/server/**', '**/main/**', '**/launch/**', '**/renderer/**', '**/sdk/**', 'react', 'react-dom', '@tanstack/*', '@strongroom/plugin-sdk/*']],
    }),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: layer(frontDoors, { patterns: [deepImports] }),
  },
  {
    files: ['electron/storage/**/*.ts'],
    rules: layer(`electron/storage/ may import node builtins, better-sqlite3, its own files and plugin-host's entry (the StoragePort type), nothing else. ${frontDoors}`, {
      names: ['electron', '@strongroom/plugin-sdk'],
      patterns: [['**/renderer/**', '**/core/**', '**/server/**', '**/main/**', '**/launch/**', '**/common/**', 'react', 'react-dom', '@tanstack/*', '**/sdk/**', '@strongroom/plugin-sdk/*', '**/plugin-host/*', '!**/plugin-host/index']],
    }),
  },
  {
    // sys/ is declared with the SDK's declaration model (patterns, fields, help, OpenAPI), so it reads
    // and renders like any plugin: this one file may import the SDK's server-free `framework` entry.
    files: ['electron/core/sys/declare.ts'],
    rules: layer(`Only the SDK's declaration model (@strongroom/plugin-sdk/framework) may come into the core, through electron/core/sys/declare.ts; the rest of the SDK is the plugin side. ${frontDoors}`, {
      names: ['electron', '@strongroom/plugin-sdk'],
      patterns: [['**/renderer/src/**', 'react', 'react-dom', '@tanstack/*', '**/sdk/**', '@strongroom/plugin-sdk/*', '!@strongroom/plugin-sdk/framework', ...deepImports]],
    }),
  },
  {
    files: ['electron/common/**/*.ts'],
    rules: layer('electron/common/ is shared with the sandboxed renderer: no node builtins, sqlite, electron or plugin-host.', {
      names: ['electron', 'better-sqlite3'],
      patterns: [[...nodeBuiltins, '**/plugin-host/**', '**/core/**', '**/storage/**', '**/server/**', '**/main/**']],
    }),
  },
  {
    files: ['proto/wire/**/*.ts'],
    rules: layer('proto/wire/ is imported by every layer, the renderer included: it imports nothing but itself (no node builtins, no packages).', {
      patterns: [[...nodeBuiltins, '**/plugin-host/**', '**/sdk/**', '**/electron/**', '**/renderer/**', '@*/*', 'zod', 'react', 'ws']],
    }),
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: layer('renderer/ may import only electron/common (the contract types), proto/wire (the duration grammar), react and browser libraries.', {
      names: ['electron', 'better-sqlite3', '@grpc/grpc-js', '@strongroom/plugin-sdk'],
      patterns: [[...nodeBuiltins, '**/plugin-host/**', '**/sdk/**', '**/electron/*', '!**/electron/common', '!**/electron/common/**', '**/proto/*', '!**/proto/wire', '!**/proto/wire/**']],
    }),
  },
);
