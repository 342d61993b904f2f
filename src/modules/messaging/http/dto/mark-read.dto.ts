import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class MarkReadDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Read up to and including this message; default the latest',
  })
  @IsOptional()
  @IsUUID()
  upToMessageId?: string;
}
