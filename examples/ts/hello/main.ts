// Entry point of the hello plugin binary (`build.ts` packages it into dist/).
import { serve } from '../../../plugin-host/sdk';
import { helloBackend } from './backend';

serve(helloBackend).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
