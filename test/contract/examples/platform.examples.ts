import type { ExampleFixtures } from './example-fixture';

export const platformExamples: ExampleFixtures = {
  admin_listAuditEntries: async (world) => ({ auth: (await world.admin()).auth }),
  dev_listMailbox: async () => ({}),
  health_live: async () => ({}),
  health_ready: async () => ({}),
};
