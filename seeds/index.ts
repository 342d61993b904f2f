import type { DataSource } from 'typeorm';
import type { SeededCredentials } from './identity.seed';
import { seedAdmin } from './identity.seed';

export interface SeedOptions {
  bcryptCost: number;
}

export interface SeedReport {
  admin: SeededCredentials | null;
}

/** Idempotent: running it again changes nothing and reports no new credentials. */
export async function runSeeds(dataSource: DataSource, options: SeedOptions): Promise<SeedReport> {
  const admin = await seedAdmin(dataSource, options.bcryptCost);
  return { admin };
}
