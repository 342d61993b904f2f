import type { GatewayStatus, IntentState, LegState, PaymentStage } from './payment-intent';
import { acceptsGatewayStatus, isStageForward } from './payment-intent';
import { deriveStatus, planNextStep } from './settlement-plan';

const leg = (kind: 'charge' | 'deposit', status: GatewayStatus, over: Partial<LegState> = {}): LegState => ({
  kind,
  amount: kind === 'charge' ? 11000 : 5000,
  captureMethod: 'manual',
  gatewayIntentId: status === 'none' ? null : `pi_${kind}`,
  gatewayStatus: status,
  amountCaptured: status === 'succeeded' ? (kind === 'charge' ? 11000 : 5000) : 0,
  amountRefunded: 0,
  attemptsRequested: 1,
  attemptsMade: status === 'none' ? 0 : 1,
  ...over,
});

const rental = (stage: PaymentStage, legs: LegState[], over: Partial<IntentState> = {}): IntentState => ({
  purpose: 'rental',
  reference: 'rental-r1',
  stage,
  refundTarget: null,
  hasPaymentMethod: true,
  legs,
  ...over,
});

describe('planNextStep', () => {
  const cases: [string, IntentState, string | null][] = [
    [
      'requested: authorize the charge first',
      rental('requested', [leg('charge', 'none'), leg('deposit', 'none')]),
      'charge:authorize:rental-r1-charge-authorize-1',
    ],
    [
      'requested: then the deposit',
      rental('requested', [leg('charge', 'requires_capture'), leg('deposit', 'none')]),
      'deposit:authorize:rental-r1-deposit-authorize-1',
    ],
    [
      'requested: both held, nothing to do',
      rental('requested', [leg('charge', 'requires_capture'), leg('deposit', 'requires_capture')]),
      null,
    ],
    [
      'requested without a payment method: wait',
      rental('requested', [leg('charge', 'none'), leg('deposit', 'none')], { hasPaymentMethod: false }),
      null,
    ],
    [
      'declined card: wait for the payer',
      rental('requested', [leg('charge', 'requires_payment_method'), leg('deposit', 'none')]),
      null,
    ],
    [
      'declined card, payer confirmed again',
      rental('requested', [
        leg('charge', 'requires_payment_method', { attemptsRequested: 2 }),
        leg('deposit', 'none'),
      ]),
      'charge:authorize:rental-r1-charge-authorize-2',
    ],
    [
      'deposit never authorized while the charge is declined',
      rental('requested', [
        leg('charge', 'requires_payment_method'),
        leg('deposit', 'none', { attemptsRequested: 3 }),
      ]),
      null,
    ],
    [
      'authentication pending: wait',
      rental('requested', [leg('charge', 'requires_action'), leg('deposit', 'none')]),
      null,
    ],
    [
      'authentication done by payer: refresh',
      rental('requested', [
        leg('charge', 'requires_action', { attemptsRequested: 2 }),
        leg('deposit', 'none'),
      ]),
      'charge:refresh:null',
    ],
    [
      'accepted: capture the charge, keep the deposit',
      rental('accepted', [leg('charge', 'requires_capture'), leg('deposit', 'requires_capture')]),
      'charge:capture:rental-r1-charge-capture',
    ],
    [
      'accepted and captured: nothing',
      rental('accepted', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')]),
      null,
    ],
    [
      'returned: the deposit stays held through the inspection window',
      rental('returned', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')]),
      null,
    ],
    [
      'completed: release the deposit',
      rental('completed', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')]),
      'deposit:cancel:rental-r1-deposit-cancel',
    ],
    [
      'an open claim keeps the deposit held after completion',
      rental('completed', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        claim: { id: 'c1', pending: true, capture: null },
      }),
      null,
    ],
    [
      'a settled claim captures its amount, keyed by the claim',
      rental('returned', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        claim: { id: 'c1', pending: false, capture: 1200 },
      }),
      'deposit:capture:claim-c1-deposit-capture',
    ],
    [
      'a claim settled at 0 releases the deposit, keyed by the claim',
      rental('returned', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        claim: { id: 'c1', pending: false, capture: 0 },
      }),
      'deposit:cancel:claim-c1-deposit-cancel',
    ],
    [
      'a withdrawn claim leaves the deposit to the stage: held while returned',
      rental('returned', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        claim: { id: 'c1', pending: false, capture: null },
      }),
      null,
    ],
    [
      'a withdrawn claim leaves the deposit to the stage: released once completed',
      rental('completed', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        claim: { id: 'c1', pending: false, capture: null },
      }),
      'deposit:cancel:rental-r1-deposit-cancel',
    ],
    [
      'completed after release: nothing',
      rental('completed', [leg('charge', 'succeeded'), leg('deposit', 'canceled')]),
      null,
    ],
    [
      'declined: release the charge hold',
      rental('declined', [leg('charge', 'requires_capture'), leg('deposit', 'requires_capture')]),
      'charge:cancel:rental-r1-charge-cancel',
    ],
    [
      'declined: a never-created deposit is voided locally',
      rental('declined', [leg('charge', 'canceled'), leg('deposit', 'none')]),
      'deposit:void:null',
    ],
    [
      'expired with a declined card: cancel the open intent',
      rental('expired', [leg('charge', 'requires_payment_method'), leg('deposit', 'none')]),
      'charge:cancel:rental-r1-charge-cancel',
    ],
    [
      'renter cancels late (the policy refunds nothing): the capture stays, the deposit is released',
      rental('cancelled', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        refundTarget: 0,
      }),
      'deposit:cancel:rental-r1-deposit-cancel',
    ],
    [
      'renter cancels after capture: refund the amount rental decided',
      rental('cancelled', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
        refundTarget: 10000,
      }),
      'charge:refund:rental-r1-charge-refund-0',
    ],
    [
      'refund done: release the deposit',
      rental(
        'cancelled',
        [leg('charge', 'succeeded', { amountRefunded: 10000 }), leg('deposit', 'requires_capture')],
        { refundTarget: 10000 },
      ),
      'deposit:cancel:rental-r1-deposit-cancel',
    ],
    [
      'cancelled with a refund target but never captured: release',
      rental('cancelled', [leg('charge', 'requires_capture'), leg('deposit', 'requires_capture')], {
        refundTarget: 11000,
      }),
      'charge:cancel:rental-r1-charge-cancel',
    ],
    [
      'accepted before any authorization: authorize, capture comes next',
      rental('accepted', [leg('charge', 'none'), leg('deposit', 'none')]),
      'charge:authorize:rental-r1-charge-authorize-1',
    ],
    [
      'no deposit leg amount: ignored',
      rental('returned', [leg('charge', 'succeeded'), leg('deposit', 'none', { amount: 0 })]),
      null,
    ],
  ];
  it.each(cases)('%s', (_name, state, expected) => {
    const step = planNextStep(state);
    expect(step ? `${step.leg}:${step.action}:${step.idempotencyKey}` : null).toBe(expected);
  });

  it('captures only the settled amount of the deposit', () => {
    const state = rental('completed', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')], {
      claim: { id: 'c1', pending: false, capture: 1200 },
    });
    expect(planNextStep(state)).toMatchObject({ action: 'capture', amount: 1200 });
  });

  it("refunds the policy's share exactly, once", () => {
    const charge = [leg('charge', 'succeeded'), leg('deposit', 'canceled')];
    const state = rental('cancelled', charge, { refundTarget: 3751 });
    expect(planNextStep(state)).toMatchObject({ action: 'refund', amount: 3751, refundedBefore: 0 });
    const refunded = rental(
      'cancelled',
      [leg('charge', 'succeeded', { amountRefunded: 3751 }), leg('deposit', 'canceled')],
      { refundTarget: 3751 },
    );
    expect(planNextStep(refunded)).toBeNull();
  });

  it('refunds only what remains of the target', () => {
    const state = rental('cancelled', [leg('charge', 'succeeded', { amountRefunded: 4000 })], {
      refundTarget: 11000,
    });
    expect(planNextStep(state)).toMatchObject({ action: 'refund', amount: 7000, refundedBefore: 4000 });
  });

  it('charges a due subscription period and cancels a void one', () => {
    const sub = (stage: PaymentStage, status: GatewayStatus): IntentState => ({
      purpose: 'subscription',
      reference: 'subscription-s1-p1',
      stage,
      refundTarget: null,
      hasPaymentMethod: true,
      legs: [leg('charge', status, { captureMethod: 'automatic' })],
    });
    expect(planNextStep(sub('due', 'none'))?.action).toBe('authorize');
    expect(planNextStep(sub('due', 'succeeded'))).toBeNull();
    expect(planNextStep(sub('void', 'requires_action'))?.action).toBe('cancel');
  });
});

describe('deriveStatus', () => {
  const cases: [string, IntentState, string][] = [
    [
      'no method yet',
      rental('requested', [
        leg('charge', 'none', { attemptsRequested: 0 }),
        leg('deposit', 'none', { attemptsRequested: 0 }),
      ]),
      'requires_payment_method',
    ],
    ['work pending', rental('requested', [leg('charge', 'none'), leg('deposit', 'none')]), 'processing'],
    [
      'both held',
      rental('requested', [leg('charge', 'requires_capture'), leg('deposit', 'requires_capture')]),
      'authorized',
    ],
    [
      'declined',
      rental('requested', [leg('charge', 'requires_payment_method'), leg('deposit', 'none')]),
      'requires_payment_method',
    ],
    [
      '3DS',
      rental('requested', [leg('charge', 'requires_action'), leg('deposit', 'none')]),
      'requires_action',
    ],
    [
      'captured, deposit held',
      rental('accepted', [leg('charge', 'succeeded'), leg('deposit', 'requires_capture')]),
      'captured',
    ],
    [
      'captured, deposit declined',
      rental('accepted', [leg('charge', 'succeeded'), leg('deposit', 'requires_payment_method')]),
      'requires_payment_method',
    ],
    [
      'returned and released',
      rental('returned', [leg('charge', 'succeeded'), leg('deposit', 'canceled')]),
      'succeeded',
    ],
    [
      'declined and released',
      rental('declined', [leg('charge', 'canceled'), leg('deposit', 'canceled')]),
      'canceled',
    ],
    [
      'expired before any method',
      rental('expired', [leg('charge', 'none', { attemptsRequested: 0 }), leg('deposit', 'canceled')]),
      'canceled',
    ],
    [
      'refunded',
      rental(
        'cancelled',
        [leg('charge', 'succeeded', { amountRefunded: 11000 }), leg('deposit', 'canceled')],
        { refundTarget: 11000 },
      ),
      'refunded',
    ],
  ];
  it.each(cases)('%s', (_name, state, expected) => expect(deriveStatus(state)).toBe(expected));
});

describe('stage and gateway status ordering', () => {
  it.each([
    ['requested', 'accepted', true],
    ['accepted', 'requested', false],
    ['returned', 'accepted', false],
    ['returned', 'completed', true],
    ['accepted', 'cancelled', true],
    ['cancelled', 'accepted', false],
    ['declined', 'expired', false],
    ['due', 'void', true],
  ] as [PaymentStage, PaymentStage, boolean][])('%s -> %s: %s', (from, to, ok) =>
    expect(isStageForward(from, to)).toBe(ok),
  );

  it.each([
    ['requires_action', 'requires_payment_method', true],
    ['requires_payment_method', 'requires_capture', true],
    ['requires_capture', 'requires_action', false],
    ['succeeded', 'requires_capture', false],
    ['canceled', 'requires_capture', false],
    ['requires_capture', 'canceled', true],
    ['processing', 'succeeded', true],
  ] as [GatewayStatus, GatewayStatus, boolean][])('gateway %s -> %s: %s', (from, to, ok) =>
    expect(acceptsGatewayStatus(from, to)).toBe(ok),
  );
});
