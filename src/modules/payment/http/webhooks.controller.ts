import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { WebhookService } from '../application/webhook.service';
import { WebhookReceiptDto } from './dto/webhook.dto';
import type { RequestWithRawBody } from './webhook-raw-body';

@ApiTags('payment')
@Controller('payment/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post('stripe')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_receiveStripeWebhook',
    summary: "Stripe's webhook endpoint",
    description:
      'Verifies `Stripe-Signature` on the raw body (tampered, re-serialised or older than 5 minutes: 422 ' +
      '`PAYMENT.WEBHOOK_SIGNATURE_INVALID`), then processes each event id once: a redelivery answers ' +
      '`duplicate: true` and does nothing. Effects only move a payment forward, so out-of-order deliveries are ' +
      'harmless. Acts on payment_intent.*, charge.refunded and charge.dispute.* for our own payments, and on ' +
      "account.updated and payout.paid for owners' payout accounts; other events are acknowledged " +
      'and ignored. 503 when STRIPE_WEBHOOK_SECRET is not configured.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: 't=<timestamp>,v1=<HMAC-SHA256>' })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiProblems(400, 413, 422, 503)
  receive(
    @Req() request: RequestWithRawBody,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(request.rawBody, signature);
  }
}
