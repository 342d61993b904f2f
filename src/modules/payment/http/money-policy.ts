/** The money policy as published in the OpenAPI document (the code is in domain/settlement-plan.ts). */
export const MONEY_POLICY =
  "**How a rental is paid.** At the request the renter's payment method (the one given here, else the " +
  'default card or wallet) is authorized for the charge (subtotal + platform fee) and, separately, the ' +
  "deposit: both are held, nothing is captured. When the owner accepts, the charge is captured (the owner's " +
  'payout is the subtotal, the platform keeps the fee) and the deposit stays held, through the return and ' +
  'its inspection window (the owner may file a damage claim against it); when the rental completes the ' +
  'deposit hold is released, unless a claim is open: then it waits for the claim, whose settled amount is ' +
  'captured and the rest released. Declined or expired requests, and cancellations before acceptance, release ' +
  'every hold. A cancellation after acceptance and before hand-over releases the deposit and refunds the ' +
  "charge: in full when the owner cancels; when the renter cancels, the share of the subtotal the listing's " +
  'cancellation policy gives for the time left before the start (the platform fee is kept; the rental shows ' +
  'it as `cancellationRefund`). ' +
  'A renter without a usable payment method, or whose card is declined, gets an intent in ' +
  '`requires_payment_method`; one whose bank asks for 3-D Secure gets `requires_action` with `nextAction`. ' +
  'Either way the renter completes it with `POST /payment/payment-intents/{id}/confirm`; if the owner ' +
  'accepted meanwhile, the capture follows at once. Bank debits cannot hold money and are not used for ' +
  'rentals. Subscription periods are charged at once.';
