export interface RefreshTokenState {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision =
  /** First use: rotate it and hand out a new pair. */
  | 'rotate'
  /** Used moments ago (a lost response, concurrent tabs): hand out another pair, do not punish. */
  | 'reissue_within_grace'
  /** Used before, outside the grace: treat as stolen and revoke the whole family. */
  | 'reuse_detected'
  | 'expired'
  | 'revoked';

export function decideRefresh(token: RefreshTokenState, now: Date, graceSeconds: number): RefreshDecision {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (!token.rotatedAt) return 'rotate';
  const sinceRotation = now.getTime() - token.rotatedAt.getTime();
  return sinceRotation <= graceSeconds * 1000 ? 'reissue_within_grace' : 'reuse_detected';
}
