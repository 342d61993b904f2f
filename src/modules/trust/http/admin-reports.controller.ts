import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { AdminReportDetail, AdminReportPage } from '../application/report-queue.service';
import { ReportQueue } from '../application/report-queue.service';
import { AdminReportDetailDto, AdminReportPageDto, ReportQueueQueryDto } from './dto/admin-report.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/reports')
export class AdminReportsController {
  constructor(private readonly queue: ReportQueue) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_listReports',
    summary: 'The moderation queue (admins)',
    description:
      'Open reports oldest first, each with what the reporter saw of the target, who reported it, why, ' +
      'and how many open reports its target has (one decision closes them all). `status` lists decided ' +
      'reports instead, newest first. Keyset pagination on (createdAt, id): pass nextCursor as `cursor` ' +
      'with the same filters.',
  })
  @ApiOkResponse({ type: AdminReportPageDto })
  @ApiProblems(401, 403, 422)
  list(@Query() query: ReportQueueQueryDto): Promise<AdminReportPage> {
    return this.queue.page(query);
  }

  @Get(':reportId')
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_getReport',
    summary: 'A report with its history (admins)',
    description:
      "The report, the target's other reports, the reports of the same person's other content and " +
      'the sanctions they have had: what a decision should weigh.',
  })
  @ApiOkResponse({ type: AdminReportDetailDto })
  @ApiProblems(401, 403, 404, 422)
  get(@Param('reportId', UuidParamPipe) reportId: string): Promise<AdminReportDetail> {
    return this.queue.detail(reportId);
  }
}
