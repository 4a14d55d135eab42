/**
 * The layer rules of ARCHITECTURE.md, checked by `npm run lint` (dependency-cruiser). Each layer may import
 * from the layers below it, never from its own level's siblings or from above; the ranks are in scripts/layers.cjs,
 * which the diagram in ARCHITECTURE.md is checked against.
 */
const LAYERS = require('./scripts/layers.cjs');

const rankOf = new Map(LAYERS.flatMap((l) => l.dirs.map((d) => [d, l.rank])));
const all = [...rankOf.keys()];

/** For each layer directory: no import of a directory of the same rank or higher (other than itself). */
const layerRules = all.map((dir) => {
  const above = all.filter((d) => d !== dir && rankOf.get(d) >= rankOf.get(dir));
  return {
    name: `layer-${dir}`,
    comment: `src/${dir} may import only layers below it (ARCHITECTURE.md): not ${above.join(', ')}`,
    severity: 'error',
    from: { path: `^src/${dir}/` },
    to: { path: `^src/(${above.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-top-level-entries-below',
      comment: 'src/index.ts and src/errors.ts compose the modules; no module imports them',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(index|errors)\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle, not even between two files of one module',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'Production code never imports test helpers',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test(-d)?\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'no-unknown-layer',
      comment:
        'Every directory under src/ has a place in the layer table of this file (and of ARCHITECTURE.md)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `^src/(?!(${all.join('|')})/|[^/]+\\.ts$)` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test(-d)?\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
