// Entry of the validation pool's worker thread. OpenEnroll runs its TypeScript sources through
// tsx, whose loader is registered per thread, so the worker registers it before loading the code.
import { register } from 'tsx/esm/api'

register()
await import('./validation-worker.ts')
