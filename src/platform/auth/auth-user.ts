export type Role = 'user' | 'admin';

/** Who is calling, as proven by the access token. */
export interface AuthUser {
  id: string;
  role: Role;
}

export interface AccessTokenClaims {
  sub: string;
  role: Role;
}

export const JWT_ALGORITHM = 'HS256' as const;
