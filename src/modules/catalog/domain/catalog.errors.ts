import { DomainError } from '../../../platform/errors/domain-error';
import type { ProductStatus } from '../contracts/catalog-api';

type FieldError = { field: string; message: string };

export const CatalogErrors = {
  productNotFound: () => new DomainError('CATALOG.PRODUCT_NOT_FOUND', 'not_found', 'Product was not found'),
  categoryNotFound: () =>
    new DomainError('CATALOG.CATEGORY_NOT_FOUND', 'not_found', 'Category was not found'),
  invalidProduct: (errors: FieldError[]) =>
    new DomainError('CATALOG.INVALID_PRODUCT', 'validation', 'The product is invalid', { errors }),
  unknownCategory: (field = 'categoryId') =>
    new DomainError('CATALOG.UNKNOWN_CATEGORY', 'validation', 'The category does not exist', {
      errors: [{ field, message: `${field} does not name an existing category` }],
    }),
  /** Another moderator decides on an admin's own listing: no one reviews their own work. */
  cannotModerateOwn: () =>
    new DomainError('CATALOG.CANNOT_MODERATE_OWN', 'validation', 'You cannot decide on your own listing', {
      errors: [{ field: 'productId', message: 'productId names a listing of yours' }],
    }),
  invalidCursor: () =>
    new DomainError('CATALOG.INVALID_CURSOR', 'validation', 'The cursor is malformed', {
      errors: [{ field: 'cursor', message: 'cursor must be a nextCursor returned by this API' }],
    }),
  invalidSearch: (errors: FieldError[]) =>
    new DomainError('CATALOG.INVALID_SEARCH', 'validation', 'The search is invalid', { errors }),
  categorySlugTaken: (slug: string) =>
    new DomainError('CATALOG.CATEGORY_SLUG_TAKEN', 'conflict', `The slug "${slug}" is already used`),
  categoryNameTaken: (name: string) =>
    new DomainError(
      'CATALOG.CATEGORY_NAME_TAKEN',
      'conflict',
      `A category named "${name}" already exists under this parent`,
    ),
  categoryCycle: () =>
    new DomainError(
      'CATALOG.CATEGORY_CYCLE',
      'conflict',
      'A category cannot be moved under itself or one of its descendants',
    ),
  tooManyCategories: (max: number) =>
    new DomainError(
      'CATALOG.TOO_MANY_CATEGORIES',
      'conflict',
      `A category holds at most ${max} subcategories`,
      { max },
    ),
  categoryTooDeep: (maxDepth: number) =>
    new DomainError('CATALOG.CATEGORY_TOO_DEEP', 'validation', `Categories nest at most ${maxDepth} levels`, {
      errors: [{ field: 'parentId', message: `categories nest at most ${maxDepth} levels` }],
    }),
  imageNotFound: () =>
    new DomainError('CATALOG.IMAGE_NOT_FOUND', 'not_found', 'The listing has no such image'),
  tooManyImages: (max: number) =>
    new DomainError('CATALOG.TOO_MANY_IMAGES', 'conflict', `A listing holds at most ${max} images`, { max }),
  invalidImageOrder: (message: string) =>
    new DomainError('CATALOG.INVALID_IMAGE_ORDER', 'validation', 'The image order is invalid', {
      errors: [{ field: 'imageIds', message }],
    }),
  productHasUpcomingRentals: (
    rentals: { rentalId: string; startDate: string; endDate: string; status: string }[],
  ) =>
    new DomainError(
      'CATALOG.PRODUCT_HAS_UPCOMING_RENTALS',
      'conflict',
      `The product has ${rentals.length} upcoming accepted rental(s); settle them before deleting it`,
      { rentals },
    ),
  listingTakenDown: (status: ProductStatus) =>
    new DomainError(
      'CATALOG.LISTING_TAKEN_DOWN',
      'conflict',
      'A moderator took this listing down: edit it and set its status to active to resubmit it for review, or delete it',
      { listingStatus: status },
    ),
  listingNotAwaitingApproval: (status: ProductStatus) =>
    new DomainError(
      'CATALOG.LISTING_NOT_AWAITING_APPROVAL',
      'conflict',
      `The listing is ${status}, not awaiting approval`,
      { listingStatus: status },
    ),
};
