export type BillingCycle = 'monthly' | 'yearly';
export const BILLING_CYCLES: readonly BillingCycle[] = ['monthly', 'yearly'];

const MONTHS: Record<BillingCycle, number> = { monthly: 1, yearly: 12 };

/** `date` plus whole months in UTC, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      y,
      m,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/**
 * The end of the period that follows one ending at `currentEnd`, counted from the billing anchor
 * so clamping never drifts: an anchor on the 31st bills on the 31st, or the month's last day.
 */
export function nextPeriodEnd(anchor: Date, currentEnd: Date, cycle: BillingCycle): Date {
  const step = MONTHS[cycle];
  for (let k = 1; k < 12 * 200; k++) {
    const candidate = addMonths(anchor, k * step);
    if (candidate.getTime() > currentEnd.getTime()) return candidate;
  }
  throw new Error('billing anchor too far in the past');
}

export const firstPeriodEnd = (start: Date, cycle: BillingCycle) => addMonths(start, MONTHS[cycle]);

export interface PlanPrice {
  price: number;
  cycle: BillingCycle;
}

export interface Proration {
  /** What is left of the current period's price, credited back (minor units). */
  unusedCredit: number;
  /** What the new plan costs from now (the rest of this period, or a whole new one). */
  newCost: number;
  /** Charged now: newCost - unusedCredit - the account's credit, never below zero. */
  amountDue: number;
  /** The account's credit afterwards: what was not used, plus any excess of a downgrade. */
  creditAfter: number;
  /** A new period starts now (billing cycle changed, or leaving a free plan); else the period is kept. */
  periodResets: boolean;
}

/**
 * Upgrades and downgrades take effect at once, prorated to the second:
 *   f = (periodEnd - now) / (periodEnd - periodStart)        the unused fraction of this period
 *   unusedCredit = round(currentPrice × f)
 *   newCost = round(newPrice × f)        same cycle: the new plan for the rest of this period
 *           = newPrice                   cycle change or leaving free: a new period starts now
 *   delta = newCost - unusedCredit
 *   delta ≥ 0 (upgrade): amountDue = max(0, delta - credit), the credit pays first
 *   delta < 0 (downgrade): nothing is charged, and -delta is added to the credit, which later
 *   renewals spend before charging the card. Nothing is ever refunded to the card.
 */
export function prorate(input: {
  current: PlanPrice;
  next: PlanPrice;
  periodStart: Date;
  periodEnd: Date;
  now: Date;
  credit: number;
}): Proration {
  const length = input.periodEnd.getTime() - input.periodStart.getTime();
  const left = input.periodEnd.getTime() - input.now.getTime();
  const fraction = length <= 0 ? 0 : Math.min(1, Math.max(0, left / length));
  const unusedCredit = Math.round(input.current.price * fraction);
  const periodResets = input.current.cycle !== input.next.cycle || input.current.price === 0;
  const newCost = periodResets ? input.next.price : Math.round(input.next.price * fraction);
  const delta = newCost - unusedCredit;
  if (delta < 0)
    return { unusedCredit, newCost, amountDue: 0, creditAfter: input.credit - delta, periodResets };
  const fromCredit = Math.min(input.credit, delta);
  return {
    unusedCredit,
    newCost,
    amountDue: delta - fromCredit,
    creditAfter: input.credit - fromCredit,
    periodResets,
  };
}

/** A renewal spends the credit first. */
export function renewalCharge(price: number, credit: number): { amountDue: number; creditAfter: number } {
  const fromCredit = Math.min(credit, price);
  return { amountDue: price - fromCredit, creditAfter: credit - fromCredit };
}
