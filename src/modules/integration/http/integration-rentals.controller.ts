import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyOnly } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { OperatorRentalPage } from '../application/operator-rentals.service';
import { OperatorRentalsService } from '../application/operator-rentals.service';
import { OperatorRentalPageDto, OperatorRentalsQueryDto } from './dto/operator-rental.dto';

@ApiTags('integration')
@Controller('integrations/rentals')
export class IntegrationRentalsController {
  constructor(private readonly rentals: OperatorRentalsService) {}

  @Get()
  @ApiKeyOnly('rentals:read')
  @ApiOperation({
    operationId: 'integration_listRentals',
    summary: 'Every rental of the marketplace, newest first (API key with rentals:read)',
    description:
      'For the operator’s own tools: parties (ids only), dates, status and the priced quote of every ' +
      'rental, filtered by `status`. Keyset pagination on (createdAt, id): pass nextCursor as `cursor` for ' +
      'older ones. To follow changes, read the events feed (GET /events) or take webhooks rather than ' +
      'polling this list.',
  })
  @ApiOkResponse({ type: OperatorRentalPageDto })
  @ApiProblems(401, 403, 422, 429)
  list(@Query() query: OperatorRentalsQueryDto): Promise<OperatorRentalPage> {
    return this.rentals.list(query);
  }
}
