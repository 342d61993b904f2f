import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { AdminReportDetail, AdminReportPage } from '../application/report-queue.service';
import { ReportQueue } from '../application/report-queue.service';
import type { DecisionView } from '../application/moderation-decisions.service';
import { ModerationDecisions } from '../application/moderation-decisions.service';
import { AdminReportDetailDto, AdminReportPageDto, ReportQueueQueryDto } from './dto/admin-report.dto';
import { DecideReportDto, ModerationDecisionDto } from './dto/moderation-decision.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/reports')
export class AdminReportsController {
  constructor(
    private readonly queue: ReportQueue,
    private readonly decisions: ModerationDecisions,
  ) {}

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

  @Post(':reportId/decision')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_decideReport',
    summary: 'Decide a report (admins)',
    description:
      'Closes every open report of the same target with the same outcome (`dismissed` for `dismiss`, ' +
      '`actioned` otherwise) and tells each reporter. `hide_listing` takes the listing down (its owner ' +
      'sees `reason`, may edit it and resubmit it); `remove_content` removes the message or review ' +
      '(kept for audit, hidden from everyone); `warn`, `suspend` (until `until`) and `ban` sanction the ' +
      "target's author. The other contexts act on trust's events. Recorded in the audit log. An action " +
      'that does not fit the target, a missing reason or a suspension end outside (now, now + 365 days] ' +
      'is a 422; a report that is no longer open a 409 TRUST.REPORT_NOT_OPEN (two moderators at once: ' +
      'one decides, the other gets the 409). Nobody decides a report they are part of: about them or their ' +
      'content, about a review of them or of their listing, or one they filed (422 TRUST.CANNOT_MODERATE_OWN). ' +
      'An admin author can be warned, not suspended or banned (409 TRUST.SANCTION_TARGET_IS_ADMIN); an ' +
      'author who erased their account cannot be sanctioned (404 TRUST.USER_NOT_FOUND).',
  })
  @ApiOkResponse({ type: ModerationDecisionDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  decide(
    @CurrentUser() moderator: AuthUser,
    @Param('reportId', UuidParamPipe) reportId: string,
    @Body() body: DecideReportDto,
  ): Promise<DecisionView> {
    return this.decisions.decide(moderator, reportId, body);
  }
}
