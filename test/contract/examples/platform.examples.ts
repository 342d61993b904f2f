import type { ExampleFixtures } from './example-fixture';

export const platformExamples: ExampleFixtures = {
  dev_listMailbox: async () => ({}),
  health_live: async () => ({}),
  health_ready: async () => ({}),
};
