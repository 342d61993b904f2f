import { JwtService } from '@nestjs/jwt';
import type { TestApp } from '../support/test-app';

/** An access token for a generated user, signed as the app signs them (no bcrypt login needed). */
export function accessTokenFor(t: TestApp, userId: string): string {
  return t.app.get(JwtService).sign({ sub: userId, role: 'user' });
}
