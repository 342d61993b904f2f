import { Check, Entity, PrimaryColumn } from 'typeorm';
import { consistentStats, RatingStatsColumns } from './rating-stats.columns';

@Entity({ schema: 'review', name: 'product_rating_stats' })
@Check('chk_product_rating_stats_consistent', consistentStats)
export class ProductRatingStatsEntity extends RatingStatsColumns {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_product_rating_stats' })
  productId: string;
}
