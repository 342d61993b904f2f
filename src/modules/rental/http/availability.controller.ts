import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { WriteLimitExempt } from '../../../platform/http/write-rate-limit.guard';
import { BookingService } from '../application/booking.service';
import { AvailabilityDto } from './dto/rental.response';
import { AvailabilityRequestDto } from './dto/stay.dto';
import { toQuoteCancellationDto } from './rental-view';

@ApiTags('rental')
@Controller('availability')
export class AvailabilityController {
  constructor(private readonly booking: BookingService) {}

  @Post()
  @Public()
  @WriteLimitExempt()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rental_checkAvailability',
    summary: 'Check dates and price a stay',
    description:
      'No account needed. Applies the same rules as booking: dates are [startDate, endDate) calendar days, ' +
      '"today" is the UTC date; past dates, too short or too long stays and too little notice are 422. ' +
      "`conflicts` lists the held ranges (including the owner's buffer days after each rental) that the stay " +
      "overlaps. The quote is what a booking made now would cost. `cancellation` shows the listing's " +
      'cancellation policy for this stay (kept by a booking made now): its windows with what each refunds, ' +
      '"full refund until" an instant, and what cancelling right now would refund once the owner has accepted. ' +
      'The tiers count down to 00:00 UTC of startDate.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(404, 409, 422)
  async check(@Body() body: AvailabilityRequestDto): Promise<AvailabilityDto> {
    const availability = await this.booking.checkAvailability({
      ...body,
      productId: body.productId.toLowerCase(),
    });
    return { ...availability, cancellation: toQuoteCancellationDto(availability.cancellation) };
  }
}
