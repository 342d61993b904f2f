/** Pricing of a stay, all amounts in integer minor units of one currency. */
export interface StayPricing {
  dailyPrice: number;
  /** The price of 7 consecutive days, when the owner offers one. */
  weeklyPrice: number | null;
  deposit: number;
  currency: string;
}

export interface StayQuote {
  currency: string;
  rentalDays: number;
  subtotal: number;
  platformFee: number;
  deposit: number;
  total: number;
}

/**
 * The price of `days` rental days. With a weekly price, every full week costs the weekly price and
 * the remaining days cost their daily price capped at one weekly price (6 days never cost more
 * than a week); the result is never more than paying every day at the daily price.
 */
export function stayPrice(days: number, dailyPrice: number, weeklyPrice: number | null): number {
  if (!Number.isInteger(days) || days < 1) throw new Error(`A stay has at least one day, got ${days}`);
  const daily = days * dailyPrice;
  if (weeklyPrice === null) return daily;
  const weeks = Math.floor(days / 7);
  const remaining = days % 7;
  const withWeeks = weeks * weeklyPrice + Math.min(remaining * dailyPrice, weeklyPrice);
  return Math.min(daily, withWeeks);
}

/** The platform fee in minor units: basis points of the subtotal, rounded half up. */
export function platformFee(subtotal: number, basisPoints: number): number {
  return Math.floor((subtotal * basisPoints + 5000) / 10000);
}

export function quoteStay(days: number, pricing: StayPricing, feeBasisPoints: number): StayQuote {
  const subtotal = stayPrice(days, pricing.dailyPrice, pricing.weeklyPrice);
  const fee = platformFee(subtotal, feeBasisPoints);
  return {
    currency: pricing.currency,
    rentalDays: days,
    subtotal,
    platformFee: fee,
    deposit: pricing.deposit,
    total: subtotal + fee + pricing.deposit,
  };
}
