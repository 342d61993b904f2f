// Subscription owns plans, users' subscriptions and usage limits.
export { SubscriptionModule } from './subscription.module';
