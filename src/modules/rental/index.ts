// Rental owns availability, quotes, bookings and their lifecycle; it guarantees no double booking.
// Others get RentalApi (a rental's parties, dates, status and quote) and one event per lifecycle step.
// It asks PayoutReadiness (a port payment provides) whether an owner can be paid before booking.
export { RentalApi, HOLDING_STATUSES } from './contracts/rental-api';
export type {
  CancellationPolicy,
  CancellationRefund,
  OwnerRecord,
  RefundBasis,
  ListedRental,
  RentalListPage,
  RentalSnapshot,
  RentalStatus,
  RentalQuote,
} from './contracts/rental-api';
export * from './contracts/rental.events';
export { PayoutReadiness, PAYOUT_ONBOARDING_ROUTE } from './contracts/payout-readiness';
export { RentalModule } from './rental.module';
export { RENTAL_REMOTING } from './contracts/rental.remoting';
