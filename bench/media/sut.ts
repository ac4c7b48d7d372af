/** bench/media's system under test as a child process of the orchestrator (see sutCore.ts). */
import { serveParent } from './rpc.ts';
import { startSut } from './sutCore.ts';

serveParent(await startSut({
  mode: process.env.BENCH_MEDIA_MODE === 'echo' ? 'echo' : 'bridge',
  workers: Number(process.env.BENCH_MEDIA_WORKERS ?? '1'),
  profile: process.env.BENCH_MEDIA_PROFILE === '1',
  path: process.env.BENCH_MEDIA_PATH === 'werift' ? 'werift' : 'fast',
}));
