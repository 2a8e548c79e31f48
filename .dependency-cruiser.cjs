/**
 * The architecture as rules over the import graph, checked by `npm run check:imports` (part of
 * `npm test`). Layers, bottom up:
 *   contract/ (shapes that cross a border) and common/ (small helpers): import nothing of the project
 *     (but for the i18n module, which hands the contract its words: see common-is-a-leaf)
 *   models/ freeze/ persistence/ data/: the contract, common/ and libraries only, never each other
 *   engine/ (the training worker) and importer/ (the import worker): the layers below
 *   store/: the layers below, and the engine only through its typed API (engine/api.ts, types only)
 *   ui/: the stores, the contract, common/ and pure helpers of data/ models/ freeze/; never storage or a worker
 * bench/ and pretrain/ are pages of their own that drive the engine directly.
 */
const LEAVES = '^src/(contract|common)/';
const BOTTOM = '^src/(models|freeze|persistence|data)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: one of these modules must not know the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment: 'The contract imports nothing of the project (zod only).',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'common-is-a-leaf',
      severity: 'error',
      comment: 'common/ holds small helpers every layer may use; it imports nothing of the project.',
      // One exception: the i18n module hands the contract its words for why a value was refused
      // (contract/issues.ts, itself a leaf): the contract cannot reach the catalogues, and every
      // part that speaks a language (the page, both workers) loads the i18n module.
      from: { path: '^src/common/', pathNot: '^src/common/i18n/i18n\\.ts$' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    {
      name: 'i18n-reaches-only-the-issue-phrasing',
      severity: 'error',
      comment: 'The i18n module imports common/ and the contract\'s issue phrasing (contract/issues.ts) only.',
      from: { path: '^src/common/i18n/i18n\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/common/', '^src/contract/issues\\.ts$'] },
    },
    {
      name: 'bottom-layer-imports-only-leaves',
      severity: 'error',
      comment: 'models/, freeze/, persistence/ and data/ import the contract, common/ and their own folder only.',
      from: { path: '^src/(models|freeze|persistence|data)/' },
      to: { path: '^src/', pathNot: [LEAVES, '^src/$1/'] },
    },
    {
      name: 'workers-do-not-import-ui-or-store',
      severity: 'error',
      comment: 'The engine and the importer run in workers: they never reach up to the stores or the UI, nor into each other.',
      from: { path: '^src/(engine|importer)/' },
      to: { path: '^src/', pathNot: [LEAVES, BOTTOM, '^src/$1/'] },
    },
    {
      name: 'store-reaches-workers-through-their-api',
      severity: 'error',
      comment: 'The stores call the engine and the importer through their typed APIs (types only); their code runs in workers.',
      from: { path: '^src/store/' },
      to: { path: '^src/(engine|importer)/', pathNot: '^src/(engine|importer)/api\\.ts$' },
    },
    {
      name: 'store-api-imports-are-types',
      severity: 'error',
      comment: 'Importing a worker API as a value would bundle the worker into the page.',
      from: { path: '^src/store/' },
      to: { path: '^src/(engine|importer)/api\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-does-not-import-ui',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(ui|bench|pretrain)/' },
    },
    {
      name: 'ui-goes-through-stores',
      severity: 'error',
      comment: 'Components render state and send intents: storage and workers are reached through the stores.',
      from: { path: '^src/ui/' },
      to: { path: '^src/(engine|importer|persistence|bench|pretrain)/' },
    },
    {
      name: 'nothing-imports-the-pages',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(bench|pretrain)/' },
      to: { path: '^src/(bench|pretrain)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/testSupport\\.ts$|/testFiles\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
