// Rental owns availability, quotes, bookings and their lifecycle; it guarantees no double booking.
// Others get RentalApi (a rental's parties, dates, status and quote) and one event per lifecycle step.
export { RentalApi, HOLDING_STATUSES } from './contracts/rental-api';
export type {
  ListedRental,
  RentalListPage,
  RentalSnapshot,
  RentalStatus,
  RentalQuote,
} from './contracts/rental-api';
export * from './contracts/rental.events';
export { RentalModule } from './rental.module';
