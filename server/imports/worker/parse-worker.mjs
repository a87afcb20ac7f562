// Entry point of the parse worker thread. Plain JavaScript, because a worker starts a fresh module loader:
// it registers tsx's TypeScript hooks (the same compiler `npm start` runs under) and then loads the worker's
// TypeScript body. The worker inherits no execArgv, so this is the one registration whatever started the parent
// (tsx, vitest, plain node).
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker-main.ts');
