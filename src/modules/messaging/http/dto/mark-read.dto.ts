import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';

export class MarkReadDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Read up to and including this message; default the latest',
  })
  @IsOptional()
  @IsUuid()
  upToMessageId?: string;
}
