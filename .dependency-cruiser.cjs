// The layers' import rules (dependency-cruiser). `npm run lint` checks them; test/structure/import-rules.test.ts
// checks them too, shows that a violation fails, and keeps the list of known exceptions honest.
//
//   core/        ids, message definitions, state types, refusals, durations: zod-free, workflow-safe
//   schemas/     zod schemas over core/'s types (requests, policies, configuration): core/ and zod only
//   workflows/   deterministic process code: core/ and workflows/, activities' types only
//   activities/  I/O: core/, platform/, activities/, workflows' types only
//   platform/    config, logger, database, Temporal connection: no process
//   devtools/    what only scripts/, test/ and bench/ use

// Today's violations that another change is removing, with who removes it (emptied by the end of the change).
const knownExceptions = require('./.dependency-cruiser-known-exceptions.cjs');

const type = ['type-only', 'type-import'];

const rules = [
  {
    name: 'core-imports-no-layer-above',
    comment: 'core/ is the bottom layer: it imports nothing of the project outside core/ (api/, workflows/, activities/, platform/, ...).',
    from: { path: '^core/' },
    to: { dependencyTypes: ['local'], pathNot: '^core/' },
  },
  {
    name: 'core-imports-no-zod',
    comment: 'core/ is zod-free: schemas live above it (zod in the workflow sandbox costs memory and CPU per workflow).',
    from: { path: '^core/' },
    to: { path: '(^|/)node_modules/zod/' },
  },
  {
    name: 'core-imports-no-node-builtins',
    comment: 'core/ runs inside the workflow sandbox: no Node built-ins.',
    from: { path: '^core/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'schemas-import-only-core',
    comment: 'schemas/ sits right above core/ and is bundled into the workflow sandbox: it imports core/ and itself only.',
    from: { path: '^schemas/' },
    to: { dependencyTypes: ['local'], pathNot: '^(core|schemas)/' },
  },
  {
    name: 'schemas-import-no-node-builtins',
    comment: 'schemas/ runs inside the workflow sandbox: no Node built-ins.',
    from: { path: '^schemas/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'workflows-import-no-activity-implementation',
    comment: 'Workflows call activities through proxyActivities: they import activities/ types only (import type).',
    from: { path: '^workflows/' },
    to: { path: '^activities/', dependencyTypesNot: type },
  },
  {
    name: 'activities-import-no-workflow-implementation',
    comment: 'Activities import workflows/ types only; what both need at run time lives in core/.',
    from: { path: '^activities/' },
    to: { path: '^workflows/', dependencyTypesNot: type },
  },
  {
    name: 'activities-import-no-api',
    comment: 'Activities run in the worker, beneath the API: what both need (ids, rules) lives in core/.',
    from: { path: '^activities/' },
    to: { path: '^api/' },
  },
  {
    name: 'platform-imports-no-process',
    comment: 'platform/ is shared by every process: it imports no process (workflows/<process>, activities/, api/, worker/).',
    from: { path: '^platform/' },
    to: { path: ['^api/', '^activities/', '^worker/', '^workflows/(?!shared/)'] },
  },
  {
    name: 'production-imports-no-devtools',
    comment: 'devtools/ (dev server, embedded PostgreSQL, CLI build) is for scripts/, test/ and bench/; a deployed process never loads it.',
    from: { path: '^(core|schemas|workflows|activities|platform|api|worker)/' },
    to: { path: '^devtools/' },
  },
];

// Each exception narrows its rule by one import (its rule skips the file; a copy of the rule covers the
// file's other imports), so the file gains no second violation unnoticed.
function withExceptions(rule) {
  const mine = process.env.IMPORT_RULES_WITHOUT_EXCEPTIONS ? [] : knownExceptions.filter(([name]) => name === rule.name);
  if (mine.length === 0) return [{ ...rule, severity: 'error' }];
  const escape = (file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const files = [...new Set(mine.map(([, from]) => from))];
  return [
    { ...rule, severity: 'error', from: { ...rule.from, pathNot: files.map(escape) } },
    ...files.map((file) => ({
      ...rule,
      severity: 'error',
      from: { path: escape(file) },
      to: { ...rule.to, pathNot: [...[rule.to.pathNot ?? []].flat(), ...mine.filter(([, from]) => from === file).map(([, , to]) => escape(to))] },
    })),
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: rules.flatMap(withExceptions),
  options: {
    doNotFollow: { path: 'node_modules' },
    // TypeScript's own view of the imports, so `import type` (erased at run time) is told apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^prisma/generated/', '^test/', '^node_modules/'] },
  },
};
