import { defineFuzzSuite } from './support/fuzz/fuzz-suite';

// The fast profile, in `npm test`: a few invalid requests per operation, same seed every run.
defineFuzzSuite({ name: 'fast', runsPerOperation: 6 });
