// Payment owns payment methods, payment intents and the money ledger, through a PaymentGateway
// (Stripe, or the embedded sandbox). It reacts to rental events to hold, capture and refund.
export { PaymentModule } from './payment.module';
