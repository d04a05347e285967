// Entry point of the userpass auth plugin binary (`build.ts` packages it into dist/).
import { serve } from '@strongroom/plugin-sdk';
import { userpassBackend } from './backend';

serve(userpassBackend).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
