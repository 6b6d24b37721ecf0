/**
 * The import rules of the architecture, checked by `npm run lint:deps` (and so by .ci/run): any
 * violation fails the run. docs/architecture.md describes the layers; each rule here says what it
 * forbids and why.
 */

/** Production code only: specs, test folders and testing helpers may reach further. */
const NOT_TESTS = ['\\.spec\\.ts$', '\\.e2e-spec\\.ts$', '/test/', '/testing/'];

/**
 * The libs from the bottom up: a lib may import the libs before it, never one after it, so no two
 * libs can depend on each other (no cycles between libs). `kernel` is the shared kernel (money,
 * ids, clock) that imports nothing of ours.
 */
const LIB_LAYERS = ['kernel', 'platform', 'event-store', 'paykassma', 'ledger', 'read-models', 'infrastructure'];

/**
 * The pure domain: deciders with their commands, events, states, status rules and reactions; money,
 * the journal and the ledger's shared definitions; and the shared kernel.
 */
const PURE_DOMAIN = [
  '^libs/ledger/src/.+\\.(decider|commands?|events?|state|status|reactions)\\.ts$',
  '^libs/ledger/src/(money|journal|shared)/',
  '^libs/kernel/src/',
];

/** Node modules that talk to the outside world (files, network, processes, threads). */
const NODE_IO = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls',
  'cluster', 'worker_threads', 'readline', 'inspector', 'os', 'process', 'v8', 'vm',
];

const layerRules = LIB_LAYERS.slice(0, -1).map((lib, index) => {
  const below = LIB_LAYERS.slice(0, index);
  const above = LIB_LAYERS.slice(index + 1);
  return {
    name: `${lib}-imports-only-lower-libs`,
    severity: 'error',
    comment: `libs/${lib} may import ${below.length === 0 ? 'no lib of ours' : below.join(', ')}; never ${above.join(', ')} (libs form layers, so they have no cycles).`,
    from: { path: `^libs/${lib}/`, pathNot: NOT_TESTS },
    to: { path: `^libs/(${above.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      comment: 'The apps are built on the libs; a lib (or its tests) that imports an app turns that around.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-has-no-frameworks',
      severity: 'error',
      comment: 'Deciders, events, states, money, the journal and the kernel are plain TypeScript: no Nest, no pg, no TypeORM, no event store client.',
      from: { path: PURE_DOMAIN, pathNot: NOT_TESTS },
      to: { path: '(^|/)node_modules/(@nestjs/|pg/|pg-[^/]+/|typeorm/|@eventstore/)' },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      comment: 'The pure domain does no I/O: no files, network, processes or threads.',
      from: { path: PURE_DOMAIN, pathNot: NOT_TESTS },
      to: { dependencyTypes: ['core'], path: `^(node:)?(${NODE_IO.join('|')})$` },
    },
    {
      name: 'domain-imports-only-the-kernel',
      severity: 'error',
      comment: 'The pure domain decides from its inputs alone: of our libs it imports the kernel only (no event store, no provider, no read models).',
      from: { path: PURE_DOMAIN, pathNot: NOT_TESTS },
      to: { path: '^libs/', pathNot: ['^libs/(kernel|ledger)/'] },
    },
    ...layerRules,
    {
      name: 'ledger-does-not-know-the-provider',
      severity: 'error',
      comment: 'The ledger calls the payment provider through its own port (PaymentProvider, libs/ledger/src/application/payment-provider.ts); the Paykassma adapter lives in libs/infrastructure. The ledger never imports paykassma.',
      from: { path: '^libs/ledger/', pathNot: NOT_TESTS },
      to: { path: '^libs/paykassma/' },
    },
    {
      name: 'no-deep-imports-across-libs',
      severity: 'error',
      comment: "Another lib is reached through its door, src/index.ts (the @kassa/<lib> alias), never through its files.",
      from: { path: '^(libs|apps)/([^/]+)/', pathNot: NOT_TESTS },
      to: { path: '^libs/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other, directly or in a ring, cannot be understood (or loaded) one at a time.',
      from: { path: '^(libs|apps)/', pathNot: NOT_TESTS },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
