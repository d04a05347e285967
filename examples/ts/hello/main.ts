// Entry point of the hello plugin binary (`build.ts` packages it into dist/).
import { serve } from '@strongroom/plugin-sdk';
import { helloBackend } from './backend';

serve(helloBackend).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
