/**
 * Marketplace-wide rental settings. They are constants until the platform configuration offers
 * them as variables (RENTAL_PLATFORM_FEE_BASIS_POINTS, RENTAL_RESPONSE_WINDOW_HOURS,
 * RENTAL_INSPECTION_WINDOW_HOURS); the services take them as parameters so that swap is local.
 */

/** The platform's fee on the rental subtotal, in basis points (1000 = 10%). */
export const PLATFORM_FEE_BASIS_POINTS = 1000;

/** An owner who has not answered a request within this time lets it expire. */
export const RESPONSE_WINDOW_HOURS = 48;

/**
 * After the owner confirms the return, they have this long to inspect the item (and raise
 * damage through payments) before the rental completes on its own. The owner may complete
 * earlier by confirming the inspection.
 */
export const INSPECTION_WINDOW_HOURS = 48;

/** How far ahead a stay may start: bounds the calendar and keeps requests sane. */
export const MAX_ADVANCE_DAYS = 730;
