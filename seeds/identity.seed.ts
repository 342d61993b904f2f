import { hashSync } from 'bcryptjs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export const DEMO_ADMIN_EMAIL = 'admin@onesociety.local';

export interface SeededCredentials {
  email: string;
  password: string;
}

/**
 * The demo admin. Its password is random, generated on the first seed and shown once; nothing in
 * the code knows it. Returns the credentials only when it created the account.
 */
export async function seedAdmin(
  dataSource: DataSource,
  bcryptCost: number,
): Promise<SeededCredentials | null> {
  const exists = await dataSource.query('SELECT 1 FROM identity.users WHERE email = $1', [DEMO_ADMIN_EMAIL]);
  if (exists.length > 0) return null;
  const password = `Admin-${randomBytes(12).toString('base64url')}`;
  const id = randomUUID();
  return dataSource.transaction(async (manager) => {
    const inserted = await manager.query(
      `INSERT INTO identity.users (id, email, password_hash, role, email_verified_at) VALUES ($1, $2, $3, 'admin', now())
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [id, DEMO_ADMIN_EMAIL, hashSync(password, bcryptCost)],
    );
    if (inserted.length === 0) return null;
    await manager.query(
      `INSERT INTO identity.profiles (user_id, full_name, display_name, city, country) VALUES ($1, $2, $3, $4, $5)`,
      [id, 'OneSociety Admin', 'Admin', 'Lisbon', 'PT'],
    );
    return { email: DEMO_ADMIN_EMAIL, password };
  });
}
