// The reader worker's entry when the core runs from source (tsx: the CLI, bench, the e2e harness; vitest). A worker
// thread does not inherit its parent's tsx hooks, and on Node 20 `--import tsx` in a worker's execArgv does not
// apply to the worker's own entry (ERR_UNKNOWN_FILE_EXTENSION), so this plain module registers tsx itself and then
// loads the TypeScript worker. The electron-vite bundle does not use it (client.ts: readerWorkerEntry).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
