import { Column, UpdateDateColumn } from 'typeorm';

/**
 * Count, sum and per-star counts of visible ratings, changed only by adding deltas in the
 * transaction that makes reviews visible. A check constraint keeps the three in agreement.
 */
export abstract class RatingStatsColumns {
  @Column('integer')
  reviewCount: number;

  @Column('integer')
  ratingSum: number;

  @Column('integer', { name: 'stars_1' })
  stars1: number;

  @Column('integer', { name: 'stars_2' })
  stars2: number;

  @Column('integer', { name: 'stars_3' })
  stars3: number;

  @Column('integer', { name: 'stars_4' })
  stars4: number;

  @Column('integer', { name: 'stars_5' })
  stars5: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const consistentStats =
  'stars_1 >= 0 AND stars_2 >= 0 AND stars_3 >= 0 AND stars_4 >= 0 AND stars_5 >= 0 ' +
  'AND review_count = stars_1 + stars_2 + stars_3 + stars_4 + stars_5 ' +
  'AND rating_sum = stars_1 + 2 * stars_2 + 3 * stars_3 + 4 * stars_4 + 5 * stars_5';
