/**
 * Files of a new TypeScript plugin project: an ordinary npm project. It depends on
 * `@strongroom/plugin-sdk` through the tarball `plugin:new` packs from this checkout into its
 * `vendor/` folder (until the SDK is published; then the dependency becomes a version range) and
 * builds and tests with its own devDependencies (tsx, TypeScript, Node's types).
 */
import { developmentModeSection } from './template-dev-mode';

export interface TemplateContext {
  /** Plugin name, also the binary's file name. */
  name: string;
  /** The SDK tarball, relative to the project folder (`vendor/strongroom-plugin-sdk-<v>.tgz`). */
  sdkTarball: string;
  /** Version ranges of the project's devDependencies, taken from this checkout's package.json. */
  devDependencies: Record<string, string>;
}

export function tsProjectFiles(ctx: TemplateContext): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(
      {
        name: ctx.name,
        version: '0.1.0',
        private: true,
        type: 'module',
        scripts: {
          build: 'tsx build.ts',
          'build:standalone': 'tsx build.ts --standalone',
          test: 'node --import tsx --test test/*.test.ts',
          typecheck: 'tsc --noEmit',
        },
        dependencies: { '@strongroom/plugin-sdk': `file:${ctx.sdkTarball}` },
        devDependencies: ctx.devDependencies,
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2023',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src', 'test', 'build.ts'],
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'dist/\nnode_modules/\n',
    'src/backend.ts': `// The ${ctx.name} secrets engine: one path, greet/<name>. Add paths to \`paths\`.
import { defineBackend } from '@strongroom/plugin-sdk';

export const backend = defineBackend({
  version: 'v0.1.0',
  help: 'The ${ctx.name} engine. Read greet/<name> to be greeted.',
  paths: [
    {
      pattern: 'greet/{name}',
      fields: {
        name: { type: 'nameString', description: 'Who to greet.' },
        punctuation: { type: 'string', default: '!', description: 'What ends the greeting.' },
      },
      operations: {
        read: {
          summary: 'Greet a name.',
          handler: (_req, { data }) => ({ data: { message: \`Hello, \${data.get<string>('name')}\${data.get<string>('punctuation')}\` } }),
        },
      },
      helpSynopsis: 'Greet a name.',
      helpDescription: 'Answers {"message": "Hello, <name>!"}.',
    },
  ],
});
`,
    'src/main.ts': `// Entry point of the plugin binary; \`npm run build\` packages it into dist/${ctx.name}.
import { serve } from '@strongroom/plugin-sdk';
import { backend } from './backend';

serve(backend).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`,
    'test/backend.test.ts': `import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testMount } from '@strongroom/plugin-sdk';
import { backend } from '../src/backend';

it('greets a name', async () => {
  const mount = await testMount(backend);
  const response = await mount.request('read', 'greet/world');
  assert.deepEqual(response?.data, { message: 'Hello, world!' });
});
`,
    'build.ts': `// Packages src/main.ts into dist/${ctx.name}: one executable file, run by the Node 20+ of the
// machine it is on. With --standalone, into dist/standalone/${ctx.name}: a Node single executable
// application (~100 MB) that carries its own Node, for a Vault/OpenBao server without one.
// Prints the sha256 to register.
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';

const standalone = process.argv.includes('--standalone');
const built = await packagePlugin('src/main.ts', standalone ? 'dist/standalone/${ctx.name}' : 'dist/${ctx.name}', { standalone });
console.log(\`\${built.file}\\nsha256 \${built.sha256}\`);
`,
    'README.md': `# ${ctx.name}

A Vault-compatible secrets engine plugin written with the Strongroom TypeScript SDK.

- \`src/backend.ts\`: the engine, declared as data (paths, fields, operations, help).
- \`src/main.ts\`: the binary's entry point (\`serve(backend)\`).
- \`${ctx.sdkTarball}\`: the SDK, packed from the Strongroom checkout this project was made
  from (until \`@strongroom/plugin-sdk\` is published). Replace it with a newer tarball
  (\`npm run sdk:pack -- <this folder>/vendor\` in the checkout) and \`npm install\` again.

After \`npm install\`:

- \`npm test\`: unit tests, in-process, no host needed.
- \`npm run typecheck\`: TypeScript, strict.
- \`npm run build\`: packages the plugin into \`dist/${ctx.name}\`, one executable file (Node 20+
  on the machine that runs it), and prints its sha256.
${standaloneLine(ctx.name)}

Register the file with Strongroom, or with Vault/OpenBao:

    cp dist/${ctx.name} <plugin directory>/
    vault plugin register -sha256=<sha256> secret ${ctx.name}
    vault secrets enable ${ctx.name}
    vault read ${ctx.name}/greet/world

${developmentModeSection({ name: ctx.name, lang: 'ts', kind: 'secrets' })}`,
  };
}

/** The README's line on the standalone build; the auth template's README has it too. */
export function standaloneLine(name: string): string {
  return `- \`npm run build:standalone\`: the same plugin as \`dist/standalone/${name}\`, a Node single
  executable application (~100 MB) for a Vault/OpenBao server with no Node: it carries the Node
  that built it (an official Node 20.11+ build for Linux), and prints its sha256.`;
}
