import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { OwnerRecordService } from '../application/owner-record.service';
import { OwnerRecordDto } from './dto/cancellation.response';

@ApiTags('rental')
@Public()
@Controller('users')
export class OwnerRecordsController {
  constructor(private readonly records: OwnerRecordService) {}

  @Get(':id/owner-record')
  @ApiOperation({
    operationId: 'rental_getOwnerRecord',
    summary: "An owner's record: accepted rentals, and how many of them the owner cancelled",
    description:
      "Public, beside the profile at GET /users/{id}, so a renter can weigh a listing's cancellation policy " +
      'against how often its owner cancels. An owner cancelling an accepted rental refunds the renter in full and ' +
      'is counted here; declining a request is not. Unknown, suspended and erased accounts are 404, as their ' +
      'profile is.',
  })
  @ApiOkResponse({ type: OwnerRecordDto })
  @ApiProblems(404, 422)
  get(@Param('id', UuidParamPipe) id: string): Promise<OwnerRecordDto> {
    return this.records.forPublic(id);
  }
}
