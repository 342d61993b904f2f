import type { DataSource } from 'typeorm';
import type { CatalogSeedReport } from './catalog.seed';
import { seedCatalog } from './catalog.seed';
import type { SeededCredentials } from './identity.seed';
import { seedAdmin } from './identity.seed';
import { seedPlans } from './subscription.seed';

export interface SeedOptions {
  bcryptCost: number;
}

export interface SeedReport {
  admin: SeededCredentials | null;
  /** What the demo catalog added this time (all zero on a rerun). */
  catalog: CatalogSeedReport;
}

/** Idempotent: running it again changes nothing and reports no new credentials. */
export async function runSeeds(dataSource: DataSource, options: SeedOptions): Promise<SeedReport> {
  // Plans first: they are reference data every environment needs (the migration inserts them too).
  await seedPlans(dataSource);
  const admin = await seedAdmin(dataSource, options.bcryptCost);
  const catalog = await seedCatalog(dataSource, options.bcryptCost);
  return { admin, catalog };
}
