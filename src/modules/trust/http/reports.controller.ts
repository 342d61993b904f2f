import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { ReportPage, ReportView } from '../application/reports.service';
import { ReportsService } from '../application/reports.service';
import { FileReportDto, ReportDto, ReportPageDto, ReportsQueryDto } from './dto/report.dto';

@ApiTags('trust')
@ApiBearerAuth()
@Controller('trust/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({
    operationId: 'trust_fileReport',
    summary: 'Report a listing, a user, a message or a review',
    description:
      'Moderators see it in their queue; the reported content stays as it is until one decides. ' +
      'Only what the caller can see may be reported: a listing anyone can see, an active user, a message ' +
      'of a conversation the caller takes part in (not a system message), a published review. Anything ' +
      'else, existing or not, is a 404 TRUST.TARGET_NOT_FOUND. Nobody reports themselves or their own ' +
      'content (422 TRUST.CANNOT_REPORT_OWN). `note` is required when `reason` is `other` (422 ' +
      'TRUST.INVALID_REPORT). One open report per reporter and target: another while it is open is a ' +
      '409 TRUST.REPORT_ALREADY_OPEN whose `reportId` names the open one.',
  })
  @ApiCreatedResponse({ type: ReportDto })
  @ApiProblems(400, 401, 404, 409, 422)
  file(@CurrentUser() user: AuthUser, @Body() body: FileReportDto): Promise<ReportView> {
    return this.reports.file(user.id, body);
  }

  @Get()
  @ApiOperation({
    operationId: 'trust_listReports',
    summary: 'The reports the caller filed, newest first',
    description: 'Keyset pagination on (createdAt, id): pass nextCursor as `cursor` for older ones.',
  })
  @ApiOkResponse({ type: ReportPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: ReportsQueryDto): Promise<ReportPage> {
    return this.reports.list(user.id, query.cursor, query.limit);
  }

  @Get(':reportId')
  @ApiOperation({
    operationId: 'trust_getReport',
    summary: 'One of the caller’s reports, and where it stands',
    description: "Someone else's report is a 404, as is an unknown one.",
  })
  @ApiOkResponse({ type: ReportDto })
  @ApiProblems(401, 404, 422)
  get(
    @CurrentUser() user: AuthUser,
    @Param('reportId', UuidParamPipe) reportId: string,
  ): Promise<ReportView> {
    return this.reports.get(user.id, reportId);
  }
}
