import { randomBytes } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';

export interface SignedUpUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.com`;

/** Signs up through the API, as a client would; fails loudly if the API refuses. */
export async function signUp(
  http: TestAgent,
  overrides: Partial<{ email: string; password: string; fullName: string }> = {},
): Promise<SignedUpUser> {
  const body = { email: uniqueEmail(), password: 'correct-Horse-42', fullName: 'Test Person', ...overrides };
  const res = await http.post('/api/v1/auth/signup').send(body);
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    email: body.email,
    password: body.password,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}
