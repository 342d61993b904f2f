/** Rental rules fixed by the product itself; the tunable ones (fee, response and inspection windows)
 * are configuration: RENTAL_PLATFORM_FEE_BASIS_POINTS, RENTAL_RESPONSE_WINDOW_HOURS, RENTAL_INSPECTION_WINDOW_HOURS. */

/** How far ahead a stay may start: bounds the calendar and keeps requests sane. */
export const MAX_ADVANCE_DAYS = 730;
