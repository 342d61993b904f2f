import { Check, Entity, PrimaryColumn } from 'typeorm';
import type { ReviewRole } from '../domain/review-eligibility';
import { consistentStats, RatingStatsColumns } from './rating-stats.columns';

/** A user's ratings per role: as a renter and as an owner are different kinds of trust. */
@Entity({ schema: 'review', name: 'user_rating_stats' })
@Check('chk_user_rating_stats_consistent', consistentStats)
@Check('chk_user_rating_stats_role', `role IN ('renter', 'owner')`)
export class UserRatingStatsEntity extends RatingStatsColumns {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_user_rating_stats' })
  userId: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_user_rating_stats' })
  role: ReviewRole;
}
