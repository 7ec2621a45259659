/**
 * Module boundaries (ARCHITECTURE.md §2), checked by `npm run lint`:
 * - a module imports platform/* and other modules' index.ts only;
 * - platform/ imports no module, flow or composition file;
 * - nothing imports flows/ except modules (which expose the routes);
 * - app.ts / main.ts / gateway compose.
 */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: 'A module may import another module only through its index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-into-module-internals',
      comment: 'Flows, gateway and tests outside src/modules reach a module through its index.ts only.',
      severity: 'error',
      from: { path: '^src/(flows|gateway)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-is-a-kernel',
      comment: 'platform/ holds no business rules and depends on no module, flow or composition root.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|flows|gateway|app\\.ts|main\\.ts)' },
    },
    {
      name: 'flows-only-from-modules',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(modules|flows|app\\.ts)' },
      to: { path: '^src/flows/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
