import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { DomainError } from '../../../platform/errors/domain-error';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import { BookingService } from '../application/booking.service';
import { RentalQueriesService } from '../application/rental-queries.service';
import { RentalUpdatesService } from '../application/rental-updates.service';
import { ListRentalsQueryDto, UpdateRentalDto } from './dto/rental-request.dto';
import { RentalDetailDto, RentalDto, RentalPageDto } from './dto/rental.response';
import { CreateRentalDto } from './dto/stay.dto';
import { toCancellationDto, toRentalDto } from './rental-view';

@ApiTags('rental')
@ApiBearerAuth()
@Controller('rentals')
export class RentalsController {
  constructor(
    private readonly booking: BookingService,
    private readonly queries: RentalQueriesService,
    private readonly updates: RentalUpdatesService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'rental_createRental',
    summary: 'Request a rental',
    description:
      "Creates a rental in status `requested` that holds the dates (plus the owner's buffer days) at once; the " +
      'owner accepts or declines it within 48 hours or it expires. Dates are [startDate, endDate) calendar days; ' +
      'lead time and past dates are judged against today in UTC. Refused: own product (422), a product that ' +
      "cannot be rented (409), dates breaking the product's rules (422), dates overlapping a holding rental " +
      'or an owner block (409 `RENTAL.OVERLAP` with `conflicts`), an owner the renter blocked (403 `RENTAL.BLOCKED`: ' +
      'lift the block first); an owner who blocked the renter is never named: their product just cannot be rented ' +
      '(409 `RENTAL.PRODUCT_NOT_RENTABLE`); rentals made before a block continue. With an Idempotency-Key, a retry returns ' +
      'the same rental. Renting needs a verified email: 403 `IDENTITY.EMAIL_NOT_VERIFIED` (the problem names ' +
      'the re-send route in `resend`). A suspended or banned renter is refused (403 `RENTAL.ACCOUNT_RESTRICTED`); ' +
      "a suspended or banned owner's products cannot be rented (409 `RENTAL.PRODUCT_NOT_RENTABLE`, not saying why). " +
      'A suspension cancels nothing: rentals already accepted run to their end, and requests still pending ' +
      'expire unanswered as usual (a suspended owner cannot sign in, nor accept: 403 `RENTAL.ACCOUNT_RESTRICTED` on ' +
      'PUT), unless the renter cancels them first. When the operator requires payout onboarding ' +
      '(PAYOUTS_REQUIRE_ONBOARDING), a listing whose owner cannot receive payouts yet takes no booking: 409 ' +
      '`RENTAL.OWNER_CANNOT_RECEIVE_PAYOUTS`, whose `onboarding` names the route the owner completes.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: RentalDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateRentalDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<RentalDto> {
    const request = {
      productId: body.productId.toLowerCase(),
      startDate: body.startDate,
      endDate: body.endDate,
      notes: body.notes || null,
    };
    const { rental } = await this.booking.requestRental(user.id, request, key);
    return toRentalDto(rental);
  }

  @Get()
  @ApiOperation({
    operationId: 'rental_listRentals',
    summary: "The caller's rentals, as renter and/or owner",
    description: 'Newest first. `{ items, page, limit, total }`.',
  })
  @ApiOkResponse({ type: RentalPageDto })
  @ApiProblems(401, 422)
  async list(@CurrentUser() user: AuthUser, @Query() query: ListRentalsQueryDto): Promise<RentalPageDto> {
    const page = await this.queries.list(user.id, query);
    return { ...page, items: page.items.map(toRentalDto) };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'rental_getRental',
    summary: 'One rental with its history and its cancellation terms',
    description:
      'Only for its renter and its owner; anyone else gets 404. `cancellation` shows the policy the rental ' +
      'was booked with, its windows for this stay, and `ifCancelledNow`: what cancelling right now would give ' +
      "the renter back, for the caller (the renter: everything before acceptance, the policy's share of the " +
      'subtotal after it; the owner: everything), null when the caller cannot cancel now.',
  })
  @ApiOkResponse({ type: RentalDetailDto })
  @ApiProblems(401, 404)
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<RentalDetailDto> {
    const rental = await this.queries.getForParty(user.id, id);
    return {
      ...toRentalDto(rental),
      history: rental.history,
      cancellation: toCancellationDto(rental.cancellation),
    };
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'rental_updateRental',
    summary: 'Move a rental through its lifecycle, or change its notes',
    description:
      'For its renter or owner (anyone else: 404). A status the caller may not move to from the current one is ' +
      '409 `RENTAL.ILLEGAL_TRANSITION` with `allowed`; every transition is recorded in the history and ' +
      'published as an integration event. Notes cannot change once the rental is over (409 `RENTAL.CLOSED`). ' +
      "Cancelling refunds the renter by the rental's cancellation policy, decided at that moment and shown as " +
      '`cancellationRefund`: everything when the owner cancels or before acceptance; after acceptance, the ' +
      "policy's share of the subtotal for the time left before 00:00 UTC of startDate (the fee is kept). An " +
      "owner's cancellation is counted on their public record (GET /users/{id}/owner-record). " +
      'A suspended or banned owner cannot accept a request (403 `RENTAL.ACCOUNT_RESTRICTED`), nor anyone accept ' +
      'the request of a renter suspended since (409 `RENTAL.RENTER_UNAVAILABLE`: decline it or let it expire); every ' +
      'other move goes on as usual, so rentals already accepted run to their end.',
  })
  @ApiOkResponse({ type: RentalDto })
  @ApiProblems(401, 403, 404, 409, 422)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateRentalDto,
  ): Promise<RentalDto> {
    if (body.status === undefined && body.notes === undefined) {
      throw new DomainError('RENTAL.EMPTY_UPDATE', 'validation', 'Send a status, notes, or both', {
        errors: [{ field: 'status', message: 'status or notes is required' }],
      });
    }
    const notes = body.notes === undefined ? undefined : body.notes || null;
    return toRentalDto(await this.updates.update(user.id, id, { status: body.status, notes }));
  }
}
