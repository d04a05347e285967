// Packages this plugin into dist/strongroom-userpass-ts (one executable file) and prints its
// sha256, the value to register it with: `npx tsx examples/ts/userpass/build.ts`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePlugin } from '@strongroom/plugin-sdk/package-plugin';

const here = path.dirname(fileURLToPath(import.meta.url));
export const pluginFile = path.join(here, 'dist', 'strongroom-userpass-ts');

export async function buildPlugin() {
  return packagePlugin(path.join(here, 'main.ts'), pluginFile);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildPlugin();
  console.log(`${built.file}\nsha256 ${built.sha256}`);
}
