// Entry point of the kv plugin binary (`build.ts` packages it into dist/).
import { serve } from '@strongroom/plugin-sdk';
import { kvBackend } from './backend';

serve(kvBackend).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
