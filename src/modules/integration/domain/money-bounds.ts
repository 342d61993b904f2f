/**
 * Honest bounds of a rental's amounts (minor units), for the documented schemas: catalog takes a
 * daily price or deposit of at most 100,000,000, a stay is at most 365 days, and the platform fee
 * is at most 50 % of the subtotal (RENTAL_PLATFORM_FEE_BASIS_POINTS ≤ 5000).
 */
export const MAX_PRICE = 100_000_000;
export const MAX_SUBTOTAL = 365 * MAX_PRICE;
export const MAX_PLATFORM_FEE = MAX_SUBTOTAL / 2;
export const MAX_TOTAL = MAX_SUBTOTAL + MAX_PLATFORM_FEE + MAX_PRICE;
