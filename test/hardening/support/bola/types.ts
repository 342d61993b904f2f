import type { SignedUpUser } from '../../../support/identity.factory';
import type { TestApp } from '../../../support/test-app';
import type { Fixtures } from './fixtures';

/**
 * Who may call an operation on someone else's resource:
 * - `private`: only the people it belongs to; anyone else gets 404 (it does not exist for them).
 * - `public-read`: a read anyone (signed in, or anonymous on a public route) may make: 200.
 * - `admin`: admins only; a signed-in plain user gets 403.
 * - `capability`: public, but the body carries a secret that proves the caller (a client secret);
 *   the intruder sends a wrong one and gets 404.
 * - `caller-scoped`: the path names another person, not something owned: the request acts on the
 *   caller's own relation to them (a block), so an intruder's identical request succeeds for the
 *   intruder and must leave the owner's relation (`ownerState`) exactly as it was.
 */
export type Exposure = 'private' | 'public-read' | 'admin' | 'capability' | 'caller-scoped';

/** One resource, made through the API by its owner, and a request its owner may make on it. */
export interface BolaCase {
  /** Who the resource belongs to: their identical request must succeed (the control). */
  owner: SignedUpUser;
  params: Record<string, string>;
  query?: Record<string, string>;
  /** A valid body for the operation: the only thing wrong with the intruder's request is who sends it. */
  body?: unknown;
  /** What an intruder sends instead (capabilities only: the same request with a wrong secret). */
  intruderBody?: unknown;
  /** A particular intruder who is related to the resource but has no right to this (default: a stranger). */
  intruder?: SignedUpUser;
  /** Path ids the intruder mixes in (their own product with the victim's block id...). */
  intruderParams?: (intruder: SignedUpUser) => Promise<Record<string, string>>;
  /** `caller-scoped` only: reads what the owner holds, which the intruder's request must not change. */
  ownerState?: () => Promise<unknown>;
}

export interface BolaEntry {
  /** What the case shows, e.g. 'a draft product'. */
  name: string;
  exposure: Exposure;
  setup(fixtures: Fixtures): Promise<BolaCase>;
}

/** `METHOD /path/{param}` as in the OpenAPI document → the resources to try it on. */
export type BolaRegistry = Record<string, BolaEntry[]>;

export type { Fixtures, SignedUpUser, TestApp };
