import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

interface ListingRow {
  id: string;
  title: string;
  description: string;
  category_id: string;
  category_name: string;
  tag_names: string[];
  specifications: Record<string, unknown>;
  condition: string;
  street: string | null;
  city: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  daily_price: number;
  weekly_price: number | null;
  deposit: number;
  currency: string;
  min_days: number;
  max_days: number;
  lead_time_days: number;
  buffer_days: number;
  cancellation_policy: string;
  status: string;
  listed_at: Date | null;
  moderation_reason: string | null;
  moderated_at: Date | null;
  submitted_at: Date | null;
  approved_at: Date | null;
  deleted_at: Date | null;
  rating_average: number | null;
  rating_count: number;
  created_at: Date;
  updated_at: Date;
}

interface ImageRow {
  product_id: string;
  position: number;
  url: string;
  alt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Catalog's section of a person's data export: every listing they own, deleted ones included
 * (they are still held), with prices in minor units and their images.
 */
@Injectable()
export class CatalogPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('catalog', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const listings: ListingRow[] = await this.dataSource.query(
      `SELECT p.id, p.title, p.description, p.category_id, c.name AS category_name, p.tag_names,
              p.specifications, p.condition, p.street, p.city, p.country, p.latitude, p.longitude,
              p.daily_price, p.weekly_price, p.deposit, p.currency, p.min_days, p.max_days,
              p.lead_time_days, p.buffer_days, p.cancellation_policy, p.status, p.listed_at, p.moderation_reason, p.moderated_at,
              p.submitted_at, p.approved_at, p.deleted_at, p.rating_average,
              p.rating_count, p.created_at, p.updated_at
       FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
       WHERE p.owner_id = $1 ORDER BY p.created_at, p.id`,
      [userId],
    );
    const images: ImageRow[] = await this.dataSource.query(
      `SELECT i.product_id, i.position, i.url, i.alt FROM catalog.product_images i
       JOIN catalog.products p ON p.id = i.product_id
       WHERE p.owner_id = $1 ORDER BY i.product_id, i.position`,
      [userId],
    );
    return {
      listings: listings.map((p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        category: { id: p.category_id, name: p.category_name },
        tags: p.tag_names,
        specifications: p.specifications,
        condition: p.condition,
        address: { street: p.street, city: p.city, country: p.country, lat: p.latitude, lng: p.longitude },
        pricing: {
          dailyPrice: p.daily_price,
          weeklyPrice: p.weekly_price,
          deposit: p.deposit,
          currency: p.currency,
        },
        rules: {
          minDays: p.min_days,
          maxDays: p.max_days,
          leadTimeDays: p.lead_time_days,
          bufferDays: p.buffer_days,
          cancellationPolicy: p.cancellation_policy,
        },
        status: p.status,
        listedAt: iso(p.listed_at),
        // What moderators decided about it: the owner was shown it, so it is theirs to take away.
        moderation: {
          reason: p.moderation_reason,
          takenDownAt: iso(p.moderated_at),
          submittedAt: iso(p.submitted_at),
          approvedAt: iso(p.approved_at),
        },
        deletedAt: iso(p.deleted_at),
        rating: { average: p.rating_average, count: p.rating_count },
        images: images
          .filter((i) => i.product_id === p.id)
          .map((i) => ({ url: i.url, alt: i.alt, position: i.position })),
        createdAt: iso(p.created_at),
        updatedAt: iso(p.updated_at),
      })),
    };
  }
}
