/**
 * The layers of src/, from the ground up: the one source of the layer rules (.dependency-cruiser.cjs, run by
 * `npm run lint`) and of the diagram in ARCHITECTURE.md (test/architecture.test.ts keeps the two in step).
 * A directory may import from directories of lower rank only; directories of one rank are siblings.
 */
module.exports = [
  {
    rank: 0,
    dirs: ['core', 'io'],
    role: 'decimals, units, money, issues and catalogues, canonical JSON; JSON Lines, CSV, encodings',
  },
  {
    rank: 1,
    dirs: ['coefficients'],
    role: 'coefficient tables, registry, overlays, price indices, classifications',
  },
  {
    rank: 2,
    dirs: ['custom'],
    role: 'custom-indicator schema and the formula sandbox (own parser, decimals)',
  },
  {
    rank: 3,
    dirs: ['input'],
    role: 'the account input model: schemas, types, section lists; JSON read from bytes, checked',
  },
  {
    rank: 4,
    dirs: ['indicators', 'change'],
    role: 'one method per module (spec + pure compute); change accounting',
  },
  { rank: 5, dirs: ['profiles'], role: 'method sets per standard, profile comparison' },
  { rank: 6, dirs: ['account'], role: 'orchestration: input → lines → prices → tables → review' },
  { rank: 7, dirs: ['carbon', 'vep', 'raster'], role: 'platform modules, never importing each other' },
  {
    rank: 8,
    dirs: ['xlsx', 'report', 'uncertainty'],
    role: 'outputs for people; uncertainty over an account',
  },
  {
    rank: 9,
    dirs: ['queue'],
    role: 'the job queue (BullMQ on Redis): raster tiles and carbon partitions on workers',
  },
  {
    rank: 10,
    dirs: ['serve'],
    role: 'the HTTP service: OpenAPI routes over the engine, keys, limits, problem+json',
  },
  { rank: 11, dirs: ['cli'], role: 'the gepkit command: parses, reads files, calls the library, prints' },
];
