// Review owns product and user reviews and rating summaries.
// Others get the ProductRatingChanged/UserRatingChanged events.
export * from './contracts/review.events';
export { ReviewModule } from './review.module';
export { REVIEW_REMOTING } from './contracts/review.remoting';
