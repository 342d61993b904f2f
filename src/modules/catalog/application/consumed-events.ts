import { defineEvent } from '../../../platform/events/integration-event';

// Catalog listens to rental and review events, but rental (and later review) import CatalogApi from
// catalog's index, so importing theirs back would close an import cycle. Catalog therefore declares
// the events it consumes by their published type and version, with only the payload members it
// reads, as a separately deployed service reading them off a broker would. consumed-events.spec.ts
// checks them against the publishers' own definitions.

export interface RentalHoldPayload {
  rentalId: string;
  productId: string;
  /** ISO dates; start inclusive, end exclusive. */
  startDate: string;
  endDate: string;
  /** The status the rental entered. */
  status: string;
}

export const RENTAL_LIFECYCLE_EVENTS = [
  'rental.RentalRequested',
  'rental.RentalAccepted',
  'rental.RentalDeclined',
  'rental.RentalCancelled',
  'rental.RentalExpired',
  'rental.RentalHandedOver',
  'rental.RentalReturned',
  'rental.RentalCompleted',
].map((type) => defineEvent<RentalHoldPayload>(type));

export interface ProductRatingPayload {
  productId: string;
  average: number | null;
  count: number;
}

export const ProductRatingChanged = defineEvent<ProductRatingPayload>('review.ProductRatingChanged');
