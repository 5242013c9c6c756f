import { BenchSuite } from './harness';
import { storeSuite } from './store.bench';

/** Every suite `npm run bench` runs, in order. Add a suite here. */
export const SUITES: BenchSuite[] = [storeSuite];
