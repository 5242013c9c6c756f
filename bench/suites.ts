import { BenchSuite } from './harness';
import { storeSuite } from './store.bench';
import { contributionsSuite, importSuite } from './members.bench';
import { projectionsSuite } from './projections.bench';
import { payoutsSuite } from './payouts.bench';

/** Every suite `npm run bench` runs, in order. Add a suite here. */
export const SUITES: BenchSuite[] = [
  storeSuite,
  importSuite,
  contributionsSuite,
  projectionsSuite,
  payoutsSuite,
];
