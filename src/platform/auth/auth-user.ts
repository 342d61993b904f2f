export type Role = 'user' | 'admin';

/** Who is calling, as proven by the access token. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The session (refresh-token family) the access token was issued for. */
  sessionId?: string;
}

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** Session id: the refresh-token family, so "sign out my other sessions" knows which is this one. */
  sid?: string;
}

export const JWT_ALGORITHM = 'HS256' as const;
