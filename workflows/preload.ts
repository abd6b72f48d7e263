// Libraries the workflow bundle loads once per workflow thread and shares between workflows (the
// bundler's preloadModules; platform/workflow-bundle.ts). Without it the reusable V8 context evaluates
// every module a workflow imports again for each workflow it starts or replays: zod alone is most of
// that. Measured in BENCHMARKS.md (B3): about 2.4 MiB and over 100 ms of CPU per workflow before, a few
// hundred KiB and a few ms after.
//
// Only stateless libraries belong here: shared modules and the context's globals are deep-frozen by the
// SDK once preloading is done, and module-level state in them would be shared by every workflow of the
// thread. Our own workflow modules stay per-workflow. Each import must be used (a bare `import 'zod'`
// is dropped: zod is side-effect free).
import * as workflow from '@temporalio/workflow';
import * as sha2 from '@noble/hashes/sha2.js';
import * as hashUtils from '@noble/hashes/utils.js';
import * as tinyduration from 'tinyduration';
import * as zod from 'zod';

// zod fills its global configuration (globalThis.__zod_globalConfig: default locale, memoizer) lazily,
// on the first schema it builds; frozen, that write would fail in the first workflow. Build schemas of
// each family now, while the configuration can still be written.
zod
  .object({ text: zod.string().min(1).email(), count: zod.number().int(), list: zod.array(zod.enum(['a', 'b'])), map: zod.record(zod.string(), zod.unknown()) })
  .strict()
  .or(zod.literal(null))
  .safeParse({ text: 'a@example.com', count: 1, list: ['a'], map: {} });

export const preloaded = [workflow, sha2, hashUtils, tinyduration, zod];
