import { EventRelay } from '../../../src/platform/events/event-relay';
import { MailDispatcher } from '../../../src/platform/mail/mail-dispatcher';
import type { ProductBody } from '../../support/catalog.factory';
import { createProduct, signUpAdmin } from '../../support/catalog.factory';
import type { SignedUpUser } from '../../support/identity.factory';
import { signUp } from '../../support/identity.factory';
import type { TestApp } from '../../support/test-app';

/** What an operation's example request needs beyond the document: who sends it, and the values no document can know. */
export interface PreparedExample {
  /** The caller's bearer header; absent for a public operation sent anonymously. */
  auth?: { Authorization: string };
  /** The real id behind each uuid placeholder, by parameter or property name. */
  ids?: Record<string, string>;
  /** Values the app issued at run time (tokens, codes), by property name. */
  secrets?: Record<string, string>;
  /** Headers the document leaves to the client (a webhook's signature). */
  headers?: Record<string, string>;
  /** Exact bytes to send when the document describes no body (the signed Stripe event). */
  rawBody?: string;
  /** Another documented success status this example answers (default: the lowest documented 2xx). */
  status?: number;
}

/** Builds, on a fresh state where the operation changes one, what its example request needs. */
export type ExampleFixture = (world: ExampleWorld) => Promise<PreparedExample>;

/** Fixtures by operationId. */
export type ExampleFixtures = Record<string, ExampleFixture>;

/** The documented password of the example requests (signup, login, re-authentication). */
export const DOCUMENTED_PASSWORD = 'correct-Horse-battery';

/** The one app every example is sent to, with the actors most examples share, made once on demand. */
export class ExampleWorld {
  private readonly shared = new Map<string, Promise<unknown>>();

  constructor(readonly t: TestApp) {}

  /** A fresh person whose password is the documented one, so re-authenticating examples pass. */
  person(overrides: { email?: string } = {}): Promise<SignedUpUser> {
    return signUp(this.t.http, { password: DOCUMENTED_PASSWORD, ...overrides });
  }

  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.shared.has(key)) this.shared.set(key, make());
    return this.shared.get(key) as Promise<T>;
  }

  admin = () => this.once('admin', () => signUpAdmin(this.t));
  owner = () => this.once('owner', () => this.person());
  /** An active product of `owner()`, rentable from today (no lead time, no buffer). */
  product = () => this.once<ProductBody>('product', async () => createProduct(this.t, await this.owner()));
  /** A fresh product of `owner()`, for examples that change or fill its calendar. */
  async freshProduct(): Promise<ProductBody> {
    return createProduct(this.t, await this.owner());
  }

  /** Delivers the pending integration events and mail, as the relay and dispatcher would. */
  async deliver(): Promise<void> {
    await this.t.app.get(EventRelay).drain();
    await this.t.app.get(MailDispatcher).drain();
  }
}
