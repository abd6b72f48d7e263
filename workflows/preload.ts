// Libraries the workflow bundle loads once per workflow thread and shares between workflows (the
// bundler's preloadModules; platform/workflow-bundle.ts). Without it the reusable V8 context evaluates
// every module a workflow imports again for each workflow it starts or replays. Measured in
// BENCHMARKS.md (B3).
//
// Only stateless libraries belong here: shared modules and the context's globals are deep-frozen by the
// SDK once preloading is done, and module-level state in them would be shared by every workflow of the
// thread. Our own workflow modules stay per-workflow. Each import must be used.
//
// zod is not among them: workflows import core/ (zod-free), not the contracts' schemas, so zod is not in
// the bundle at all (it was, and needed its global configuration filled in here before the freeze).
import * as workflow from '@temporalio/workflow';
import * as sha2 from '@noble/hashes/sha2.js';
import * as hashUtils from '@noble/hashes/utils.js';
import * as tinyduration from 'tinyduration';

export const preloaded = [workflow, sha2, hashUtils, tinyduration];
