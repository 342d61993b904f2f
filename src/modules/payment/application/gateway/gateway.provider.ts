import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { PaymentSettings } from '../payment-settings';
import { PaymentGateway } from './payment-gateway';
import { SandboxGateway } from './sandbox-gateway';
import { StripeGateway } from './stripe-gateway';

export function createStripeClient(settings: PaymentSettings): Stripe {
  return new Stripe(settings.STRIPE_SECRET_KEY!, {
    host: settings.STRIPE_API_HOST,
    port: settings.STRIPE_API_PORT,
    protocol: settings.STRIPE_API_PROTOCOL,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'onesociety-backend' },
  });
}

/** Stripe when a secret key is configured, else the embedded sandbox. */
export const gatewayProvider: Provider = {
  provide: PaymentGateway,
  inject: [PaymentSettings, getDataSourceToken()],
  useFactory: (settings: PaymentSettings, dataSource: DataSource): PaymentGateway =>
    settings.STRIPE_SECRET_KEY
      ? new StripeGateway(createStripeClient(settings))
      : new SandboxGateway(dataSource),
};
