// The benchmarks draw from the generator the demo uses (one copy, in src/util).
export { seededRandom, type Random } from '../src/util/seeded-random.js';
