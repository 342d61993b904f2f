import { defineFuzzSuite } from './support/fuzz/fuzz-suite';

// The heavy profile, in `npm run test:hardening`.
defineFuzzSuite({ name: 'heavy', runsPerOperation: 400 });
