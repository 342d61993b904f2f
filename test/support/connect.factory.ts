import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

export interface ConnectAccountBody {
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirementsDue: string[];
  disabledReason: string | null;
  nextStep: 'onboarding' | 'none';
  createdAt: string;
  updatedAt: string;
}

/** The sandbox page an onboarding link leads to, and the link's proof, from the link's URL. */
export function sandboxOnboardingTarget(url: string): { path: string; link: string } {
  const parsed = new URL(url, 'http://localhost');
  const link = parsed.searchParams.get('link');
  if (!link || !parsed.pathname.startsWith('/api/v1/payment/sandbox/connect/accounts/'))
    throw new Error(`not a sandbox onboarding link: ${url}`);
  return { path: parsed.pathname, link };
}

/** POST /payment/connect/onboarding-link as `owner`; throws on anything but 201. */
export async function onboardingLink(
  t: TestApp,
  owner: SignedUpUser,
): Promise<{ url: string; expiresAt: string }> {
  const res = await t.http.post('/api/v1/payment/connect/onboarding-link').set(owner.auth);
  if (res.status !== 201)
    throw new Error(`onboarding link failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * The owner onboards through the sandbox, as they would through Stripe's hosted form: asks for a
 * link, follows it and submits everything due. Their account can then receive payouts.
 */
export async function onboardOwner(t: TestApp, owner: SignedUpUser): Promise<ConnectAccountBody> {
  const { path, link } = sandboxOnboardingTarget((await onboardingLink(t, owner)).url);
  const res = await t.http.post(path).send({ link, outcome: 'complete' });
  if (res.status !== 200)
    throw new Error(`sandbox onboarding failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.account as ConnectAccountBody;
}
