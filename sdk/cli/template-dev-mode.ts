/**
 * The README section every `plugin:new` project gets: how to open it in Strongroom's development
 * mode (issue 15), where Strongroom watches the plugin and reloads it after each build. Kept in one
 * marked section, the same for the four templates, so it changes in one place with the feature:
 * `plugins.setDevelopment` in the contract, `development=true` (and `source_dir` for a TS plugin)
 * on `sys/plugins/catalog` over Vault's HTTP API.
 */
export interface DevModeContext {
  name: string;
  lang: 'ts' | 'go';
  kind: 'secrets' | 'auth';
}

export const DEV_MODE_BEGIN = '<!-- strongroom:development-mode -->';
export const DEV_MODE_END = '<!-- /strongroom:development-mode -->';

/** Strongroom's default plugin directory on Linux (Settings shows the one in use). */
const PLUGIN_DIR = '~/.config/Strongroom/plugins';

export function developmentModeSection(ctx: DevModeContext): string {
  const type = ctx.kind === 'auth' ? 'auth' : 'secret';
  const enable = ctx.kind === 'auth' ? `vault auth enable ${ctx.name}` : `vault secrets enable ${ctx.name}`;
  const tryIt =
    ctx.kind === 'auth'
      ? [`vault write auth/${ctx.name}/config secret='let me in' token_policies=default`, `vault write auth/${ctx.name}/login secret='let me in'`]
      : [`vault read ${ctx.name}/greet/world`];
  const source = ctx.lang === 'ts' ? 'src/backend.ts' : 'backend.go';
  const build =
    ctx.lang === 'ts'
      ? [`npm install && npm run build`, `cp dist/${ctx.name} ${PLUGIN_DIR}/`]
      : [`sh build.sh ${PLUGIN_DIR}        # builds straight into the plugin directory`];
  const built = ctx.lang === 'ts' ? `dist/${ctx.name}` : `${PLUGIN_DIR}/${ctx.name}`;
  const register = [
    `vault write sys/plugins/catalog/${type}/${ctx.name} command=${ctx.name} \\`,
    `    sha256=$(sha256sum ${built} | cut -d' ' -f1) development=true${ctx.lang === 'ts' ? ' source_dir="$PWD/src"' : ''}`,
  ];
  const watched =
    ctx.lang === 'ts'
      ? "Strongroom watches `src/`: when a file there is saved, it rebuilds `src/main.ts` with the SDK's\npackager into the registered file, hashes it"
      : `Strongroom watches the registered file, \`${PLUGIN_DIR}/${ctx.name}\`: when a build has\nfinished writing it, Strongroom hashes it`;
  const loop =
    ctx.lang === 'ts'
      ? `Now edit \`${source}\` and save: that is the whole loop.`
      : `Now edit \`${source}\` and run \`sh build.sh ${PLUGIN_DIR}\` again: the build\n   finishing is the whole loop.`;
  // Seven spaces: a code block inside the numbered list's item 2.
  const indent = (lines: string[]) => lines.map((line) => `       ${line}`).join('\n');
  return `${DEV_MODE_BEGIN}
## Development mode in Strongroom

${watched}, re-pins that sha256, restarts the plugin and sets up every
mount of it again: mounts, their data and leases stay. A build that fails, or a binary that
crashes on start, is reported with its output (the build's errors, the plugin's stderr) and the
previous binary stays pinned until a good one arrives.

1. Start Strongroom (\`npm start\`, or \`npm run serve\` for the headless mode, in its checkout) and
   export the \`VAULT_ADDR\` and \`VAULT_TOKEN\` it prints. Its plugin directory is shown in
   Settings (\`${PLUGIN_DIR}\` by default on Linux).
2. Build the plugin into that directory, register it in development mode and mount it:

${indent([...build, ...register, enable, ...tryIt])}

   Development mode is Strongroom's own (${ctx.lang === 'ts' ? '`development` and `source_dir` are not OpenBao fields' : '`development` is not an OpenBao field'}).
   Over Strongroom's contract it is \`plugins.setDevelopment\` with \`{ type: '${type}', name: '${ctx.name}',
   enabled: true${ctx.lang === 'ts' ? ", sourceDir: '<absolute path of src/>'" : ''} }\`; \`development=false\` turns it off.
   \`vault read sys/plugins/catalog/${type}/${ctx.name}\` shows what is watched and the last reload
   or failure.
3. ${loop}
   ${ctx.kind === 'auth' ? 'The next login' : `The next \`${tryIt[0]}\``} is answered by the new code.

Outside development mode nothing changes silently: a changed binary is refused with a checksum
mismatch naming both hashes until it is re-pinned.
${DEV_MODE_END}
`;
}
