import type { VariantViews } from '../../../platform/media/variant-views';
import type { PublicUser } from '../../identity';
import type { ProductPricing, ProductStatus, RentalRules } from '../contracts/catalog-api';
import type { Condition } from '../domain/product-rules';
import type { JsonObject } from '../domain/specifications';
import type { ImageSource } from '../persistence/product-image.entity';
import type { ProductEntity } from '../persistence/product.entity';

export interface CategoryRef {
  id: string;
  name: string;
  slug: string;
}

export interface AddressView {
  street: string | null;
  city: string;
  country: string;
  lat: number | null;
  lng: number | null;
}

export interface ImageView {
  id: string;
  source: ImageSource;
  /** An external image's URL, or an upload's full variant. */
  url: string;
  alt: string | null;
  position: number;
  /** An upload's variants; null for external images. */
  variants: VariantViews | null;
}

export interface CoverImageView {
  url: string;
  alt: string | null;
  variants: VariantViews | null;
}

export interface RatingView {
  average: number | null;
  count: number;
}

/** Where a listing under moderation stands, for its owner (and moderators) only. */
export interface ModerationView {
  status: 'pending_approval' | 'hidden';
  /**
   * The moderator's reason for taking it down: while hidden, and while a resubmission awaits
   * approval; null for a first publication awaiting approval.
   */
  reason: string | null;
  /** When it was hidden, or submitted for approval. */
  at: string;
}

/** A product as its detail page shows it. */
export interface ProductView {
  id: string;
  ownerId: string;
  /** The owner's public view; null when identity no longer shows the owner (suspended). */
  owner: PublicUser | null;
  title: string;
  description: string;
  category: CategoryRef;
  tags: string[];
  images: ImageView[];
  specifications: JsonObject;
  condition: Condition;
  address: AddressView;
  pricing: ProductPricing;
  rules: RentalRules;
  status: ProductStatus;
  /** Set for the owner (and moderators) while the listing is hidden or awaits approval; null otherwise. */
  moderation: ModerationView | null;
  rating: RatingView;
  createdAt: string;
  updatedAt: string;
}

/** A product as a search result shows it. */
export interface ProductSummary {
  id: string;
  ownerId: string;
  title: string;
  category: CategoryRef;
  tags: string[];
  coverImage: CoverImageView | null;
  condition: Condition;
  address: { city: string; country: string; lat: number | null; lng: number | null };
  pricing: ProductPricing;
  rules: RentalRules;
  status: ProductStatus;
  rating: RatingView;
  /** Kilometres from `near`, rounded to 0.1; null when the search had no `near`. */
  distanceKm: number | null;
  createdAt: string;
}

export const pricingOf = (p: ProductEntity): ProductPricing => ({
  dailyPrice: p.dailyPrice,
  weeklyPrice: p.weeklyPrice,
  deposit: p.deposit,
  currency: p.currency,
});

export const rulesOf = (p: ProductEntity): RentalRules => ({
  minDays: p.minDays,
  maxDays: p.maxDays,
  leadTimeDays: p.leadTimeDays,
  bufferDays: p.bufferDays,
  cancellationPolicy: p.cancellationPolicy,
});

export const ratingOf = (p: ProductEntity): RatingView => ({
  average: p.ratingAverage === null ? null : Math.round(p.ratingAverage * 100) / 100,
  count: p.ratingCount,
});

export function moderationOf(p: ProductEntity): ModerationView | null {
  if (p.status === 'hidden' && p.moderatedAt)
    return { status: 'hidden', reason: p.moderationReason, at: p.moderatedAt.toISOString() };
  if (p.status === 'pending_approval' && p.submittedAt)
    return { status: 'pending_approval', reason: p.moderationReason, at: p.submittedAt.toISOString() };
  return null;
}

/** `moderated`: the viewer is the owner or a moderator, who see where moderation stands. */
export function toProductView(
  product: ProductEntity,
  category: CategoryRef,
  images: ImageView[],
  owner: PublicUser | null,
  moderated = false,
): ProductView {
  return {
    id: product.id,
    ownerId: product.ownerId,
    owner,
    title: product.title,
    description: product.description,
    category: { id: category.id, name: category.name, slug: category.slug },
    tags: product.tagNames,
    images: [...images].sort((a, b) => a.position - b.position),
    specifications: product.specifications as JsonObject,
    condition: product.condition,
    address: {
      street: product.street,
      city: product.city,
      country: product.country,
      lat: product.latitude,
      lng: product.longitude,
    },
    pricing: pricingOf(product),
    rules: rulesOf(product),
    status: product.status,
    moderation: moderated ? moderationOf(product) : null,
    rating: ratingOf(product),
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
