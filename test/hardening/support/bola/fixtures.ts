import {
  createProduct,
  type CreateProductBody,
  type ProductBody,
  signUpAdmin,
} from '../../../support/catalog.factory';
import { type SignedUpUser, signUp } from '../../../support/identity.factory';
import { createIntegrator, type Scope } from '../../../support/integration.factory';
import {
  addPaymentMethod,
  drain,
  type PaymentIntentBody,
  type PaymentMethodBody,
  rentalIntent,
} from '../../../support/payment.factory';
import {
  completeRental,
  createRental,
  moveRental,
  type RentalBody,
  type RentalStatusName,
} from '../../../support/rental.factory';
import type { TestApp } from '../../../support/test-app';

/** Resources made the way a client makes them: through the API, with the shared test factories. */
export class Fixtures {
  private adminUser?: Promise<SignedUpUser>;
  private planList?: Promise<{ id: string; code: string }[]>;

  constructor(readonly t: TestApp) {}

  user(fullName = 'Hardening Person'): Promise<SignedUpUser> {
    return signUp(this.t.http, { fullName });
  }

  admin(): Promise<SignedUpUser> {
    this.adminUser ??= signUpAdmin(this.t);
    return this.adminUser;
  }

  /**
   * A third-party integrator (an API client an admin made), as a caller: `auth` carries its API key
   * and `id` is its client's id. Operations open to keys take it where they take a user.
   */
  async integrator(
    scopes: Scope[] = ['listings:read', 'rentals:read', 'events:read'],
  ): Promise<SignedUpUser> {
    const made = await createIntegrator(this.t, scopes);
    return {
      id: made.clientId,
      email: '',
      password: '',
      accessToken: made.secret,
      refreshToken: '',
      auth: made.auth,
    };
  }

  product(owner: SignedUpUser, overrides: Partial<CreateProductBody> = {}): Promise<ProductBody> {
    return createProduct(this.t, owner, overrides);
  }

  rental(renter: SignedUpUser, product: { id: string }): Promise<RentalBody> {
    return createRental(this.t, renter, product);
  }

  move(rental: { id: string }, actor: SignedUpUser, status: RentalStatusName): Promise<RentalBody> {
    return moveRental(this.t, rental, actor, status);
  }

  completedRental(owner: SignedUpUser, renter: SignedUpUser, product: { id: string }): Promise<RentalBody> {
    return completeRental(this.t, owner, renter, product);
  }

  paymentMethod(user: SignedUpUser, token = 'pm_card_visa'): Promise<PaymentMethodBody> {
    return addPaymentMethod(this.t, user, token);
  }

  /** Delivers pending integration events now (the relay's timer is off in these tests). */
  drain(): Promise<void> {
    return drain(this.t);
  }

  /** A requested rental of a fresh product, its events delivered; the renter's intent with it. */
  async rentalWithIntent(
    renterToken: string | null,
  ): Promise<{ owner: SignedUpUser; renter: SignedUpUser; rental: RentalBody; intent: PaymentIntentBody }> {
    const owner = await this.user('Owner');
    const renter = await this.user('Renter');
    if (renterToken) await this.paymentMethod(renter, renterToken);
    const rental = await this.rental(renter, await this.product(owner));
    await this.drain();
    const intent = await rentalIntent(this.t, renter, rental.id);
    if (!intent) throw new Error(`no payment intent for rental ${rental.id}`);
    return { owner, renter, rental, intent };
  }

  plans(): Promise<{ id: string; code: string }[]> {
    this.planList ??= this.t.http.get('/api/v1/subscription/plans').then((res) => {
      if (res.status !== 200) throw new Error(`plans: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.items as { id: string; code: string }[];
    });
    return this.planList;
  }

  async plan(code: string): Promise<{ id: string; code: string }> {
    const plan = (await this.plans()).find((p) => p.code === code);
    if (!plan) throw new Error(`no plan ${code}`);
    return plan;
  }

  /** POST as `user`, expecting `status`; returns the body. */
  async post<T>(user: SignedUpUser, path: string, body: unknown, status = 201): Promise<T> {
    const res = await this.t.http
      .post(path)
      .set(user.auth)
      .send(body as object);
    if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
}
