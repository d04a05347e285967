import { runHeadless } from './headless';

await runHeadless();
