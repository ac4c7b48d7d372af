// The media worker's entry under tsx (tests and development): register tsx in this thread, then run the
// TypeScript entry. The production bundle starts media-worker.js instead (see entry.ts).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
