import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { PageQueryDto } from '../../../platform/http/pagination';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { DataExportsService } from '../application/data-exports.service';
import { DataExportDocumentDto, DataExportDto, DataExportPageDto } from './dto/data-export.dto';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('account/data-exports')
export class DataExportsController {
  constructor(private readonly exports: DataExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'account_requestDataExport',
    summary: 'Ask for a copy of all your data (GDPR access and portability)',
    description:
      'Answers 202 at once with a `pending` export; the document is assembled in the background and an ' +
      'email says when it is ready. One export at a time: while one is pending, 409 ' +
      '`IDENTITY.EXPORT_IN_PROGRESS` names it (`exportId`). An account no longer active is a 404.',
  })
  @ApiAcceptedResponse({ type: DataExportDto })
  @ApiProblems(401, 404, 409)
  request(@CurrentUser() user: AuthUser): Promise<DataExportDto> {
    return this.exports.request(user.id);
  }

  @Get()
  @ApiOperation({
    operationId: 'account_listDataExports',
    summary: 'Your data exports, newest first',
    description: '`{ items, page, limit, total }`.',
  })
  @ApiOkResponse({ type: DataExportPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<DataExportPageDto> {
    return this.exports.list(user.id, query.page, query.limit);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'account_getDataExport',
    summary: 'One of your data exports',
    description: 'Poll it after requesting; an export of another person is a 404.',
  })
  @ApiOkResponse({ type: DataExportDto })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<DataExportDto> {
    return this.exports.get(user.id, id);
  }

  @Get(':id/document')
  @ApiOperation({
    operationId: 'account_downloadDataExport',
    summary: 'Download the export document',
    description:
      'The JSON document, as an attachment (`onesociety-export-<date>.json`). 409 ' +
      '`IDENTITY.EXPORT_NOT_READY` while pending, 409 `IDENTITY.EXPORT_FAILED` when it could not be ' +
      'assembled, 410 `IDENTITY.EXPORT_EXPIRED` after `expiresAt`; an export of another person is a 404.',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ type: DataExportDocumentDto })
  @ApiProblems(401, 404, 409, 410)
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const { fileName, document } = await this.exports.download(user.id, id);
    // Personal data: no shared cache may keep a copy.
    reply.header('content-disposition', `attachment; filename="${fileName}"`);
    reply.header('cache-control', 'no-store');
    return document;
  }
}
