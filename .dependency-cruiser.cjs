// The layering of src/, checked by tests/architecture.test.ts (and `npx depcruise src`):
//   src/errors.ts, src/roles.ts          the kernel every layer shares (refusals, who is acting)
//   infrastructure                       config, util, i18n, db, http, web, pdf, maps, signing: never a domain
//   domains                              accounts, auth, audit, registry, identify, interop, network,
//                                        notifications, backup, redlists, observatory, emergencies, alerts, duediligence: through the infrastructure, never an adapter
//   composition                          app (the app's wiring, its server), cli: imported by nothing else
// Tests, test helpers and fixtures may import anything; production code never imports them.

const DOMAINS = 'accounts|alerts|audit|auth|backup|duediligence|emergencies|identify|interop|network|notifications|observatory|redlists|registry';
const INFRASTRUCTURE = 'config|db|http|i18n|maps|pdf|signing|util|web';

/** Test code: test files, the helpers and fixtures only tests import, and the contract suites. */
const TEST_CODE = [
  '\\.test\\.tsx?$',
  '\\.test-support\\.ts$',
  '\\.contract\\.ts$',
  '\\.scenario\\.ts$',
  '^src/test-support/',
  '^src/security/',
  '^src/interop/testing/',
  '/fixtures/',
];

/** Modules loaded by path rather than imported: the entry point, the worker threads' scripts, the browser's scripts. */
const ENTRY_POINTS = ['^src/cli/main\\.ts$', '-worker\\.ts$', '\\.d\\.ts$', '^src/web/assets/'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module cycle (type-only imports aside): load order decides what is undefined.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycle',
      comment:
        'Folders of different top-level folders that import each other (through any chain): two layers, or two domains, ' +
        'tangled. A domain and its own subfolders may (registry/ and registry/photos/).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src/[^/]+)' },
      to: { circular: true, pathNot: '^$1(/|$)' },
    },
    {
      name: 'infrastructure-independent-of-domains',
      comment:
        'Infrastructure serves every domain, so it knows none of them. A port the engines implement lives in db/ ' +
        '(search-store.ts, indexing-job-claims.ts, audit-chain.ts), its adapters in db/sqlite and db/postgres; ' +
        'what picks an engine for a domain belongs to app/.',
      severity: 'error',
      from: { path: `^src/(${INFRASTRUCTURE})/`, pathNot: ['^src/db/(sqlite|postgres)/', ...TEST_CODE] },
      to: { path: `^src/(${DOMAINS})/` },
    },
    {
      name: 'adapters-implement-db-ports',
      // Type-only imports included: domains import db/, and a folder's dependencies include its subfolders,
      // so an adapter naming a domain's type would tangle db/ and that domain (no-folder-cycle).
      comment: 'A database adapter implements a port of db/: it never imports a domain, not even a type.',
      severity: 'error',
      from: { path: '^src/db/(sqlite|postgres)/', pathNot: TEST_CODE },
      to: { path: `^src/(${DOMAINS})/` },
    },
    {
      name: 'domains-through-the-storage-port',
      comment: 'SQL of one dialect stays in its adapter: domains reach the database through db/ and their repositories, never an adapter.',
      severity: 'error',
      from: { path: `^src/(${DOMAINS})/`, pathNot: TEST_CODE },
      to: { path: '^src/db/(sqlite|postgres)/' },
    },
    {
      name: 'services-through-repositories',
      comment:
        'Services, pages and APIs reach the database through repositories and the unit of work (db/unit-of-work.ts): ' +
        'only repositories hold the connection, start transactions or pick an engine (app/context.ts wires them). ' +
        'Kysely itself: src/app/storage-port.test.ts.',
      severity: 'error',
      from: { path: `^src/(${DOMAINS})/`, pathNot: ['\\.repository\\.ts$', ...TEST_CODE] },
      to: { path: '^src/db/(database|write-transaction|search-stores)\\.ts$' },
    },
    {
      name: 'composition-imported-by-nothing',
      comment: 'app/ and cli/ wire everything together: what they hold is passed down, never imported back.',
      severity: 'error',
      from: { pathNot: ['^src/(app|cli)/', ...TEST_CODE] },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Test helpers, fixtures and contract suites stay out of the production build.',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports (entry points and worker scripts aside) is dead code.',
      severity: 'error',
      from: { orphan: true, pathNot: [...ENTRY_POINTS, ...TEST_CODE] },
      to: {},
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing (a moved file) fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    // Test files may import anything and are imported by nothing: left out. Test helpers stay in, for the
    // rule that keeps them out of production code, but what they import is not followed (no folder cycle
    // through a test helper).
    exclude: { path: ['\\.test\\.tsx?$', '/fixtures/'] },
    doNotFollow: { path: TEST_CODE },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a folder that names another's types depends on it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
