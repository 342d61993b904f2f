import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import { allowSlowGatewayCalls } from '../application/slow-work';
import { PaymentMethodsService } from '../application/payment-methods.service';
import { SCHEMA } from '../application/intent-recorder';
import { AddPaymentMethodDto, PaymentMethodDto, PaymentMethodListDto } from './dto/payment-method.dto';

@ApiTags('payment')
@ApiBearerAuth()
@Controller('payment/payment-methods')
export class PaymentMethodsController {
  constructor(
    private readonly methods: PaymentMethodsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'payment_addPaymentMethod',
    summary: 'Save a card, wallet or bank account from a payment-method token',
    description:
      'Only a token (pm_...) from Stripe.js or the mobile SDKs is accepted; the API keeps the brand, last 4 digits, ' +
      'expiry, wallet or bank name, never a number (PCI scope stays with Stripe). The first method becomes the ' +
      'default. At most 20 saved methods (409 `PAYMENT.TOO_MANY_PAYMENT_METHODS`). With an Idempotency-Key, a ' +
      'retry returns the same method.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: PaymentMethodDto })
  @ApiProblems(400, 401, 409, 422, 503)
  async add(
    @CurrentUser() user: AuthUser,
    @Body() body: AddPaymentMethodDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<PaymentMethodDto> {
    const gatewayKey = key ? `payment-method-${user.id}-${key}` : `payment-method-${randomUUID()}`;
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: 'payment-method.add', userId: user.id, key, request: body },
      async (manager) => {
        await allowSlowGatewayCalls(manager);
        return this.methods.add(user.id, body.token, body.makeDefault, gatewayKey);
      },
    );
    return result;
  }

  @Get()
  @ApiOperation({
    operationId: 'payment_listPaymentMethods',
    summary: "The caller's payment methods, default first",
  })
  @ApiOkResponse({ type: PaymentMethodListDto })
  @ApiProblems(401)
  async list(@CurrentUser() user: AuthUser): Promise<PaymentMethodListDto> {
    return { items: await this.methods.list(user.id) };
  }

  @Put(':id/default')
  @ApiOperation({
    operationId: 'payment_setDefaultPaymentMethod',
    summary: 'Make a payment method the default',
  })
  @ApiOkResponse({ type: PaymentMethodDto })
  @ApiProblems(401, 404)
  setDefault(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<PaymentMethodDto> {
    return this.methods.makeDefault(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'payment_deletePaymentMethod',
    summary: 'Remove a payment method',
    description:
      'Detached at the gateway; if it was the default, the newest remaining method becomes the default.',
  })
  @ApiNoContentResponse()
  @ApiProblems(401, 404, 503)
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.methods.remove(user.id, id);
  }
}
