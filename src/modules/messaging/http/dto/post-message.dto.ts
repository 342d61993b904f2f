import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { UserMessageType } from '../../domain/message-content';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME_LENGTH,
  MAX_ATTACHMENT_URL_LENGTH,
  MAX_BODY_LENGTH,
  MIME_TYPE,
} from '../../domain/message-content';

export class AttachmentDto {
  @ApiProperty({
    example: 'https://files.example.com/u/7f3a/manual.pdf',
    maxLength: MAX_ATTACHMENT_URL_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_ATTACHMENT_URL_LENGTH)
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: false },
    { message: 'attachment.url must be an https URL' },
  )
  url: string;

  @ApiProperty({ example: 'manual.pdf', minLength: 1, maxLength: MAX_ATTACHMENT_NAME_LENGTH })
  @IsString()
  @Length(1, MAX_ATTACHMENT_NAME_LENGTH)
  name: string;

  @ApiProperty({ example: 482113, minimum: 1, maximum: MAX_ATTACHMENT_BYTES, description: 'Bytes' })
  @IsInt()
  @Min(1)
  @Max(MAX_ATTACHMENT_BYTES)
  size: number;

  @ApiProperty({ example: 'application/pdf', maxLength: 255 })
  @IsString()
  @MaxLength(255)
  @Matches(MIME_TYPE, { message: 'attachment.mimeType must be a MIME type such as image/png' })
  mimeType: string;
}

export class PostMessageDto {
  // A file: the example shows the attachment too (a text message must not carry one).
  @ApiProperty({ enum: ['text', 'image', 'file'], example: 'file' })
  @IsIn(['text', 'image', 'file'])
  type: UserMessageType;

  @ApiPropertyOptional({
    example: 'The manual, in case you need it.',
    maxLength: MAX_BODY_LENGTH,
    description: 'Required for text; an optional caption for image and file. Stored exactly as given.',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_BODY_LENGTH)
  body?: string;

  @ApiPropertyOptional({ type: AttachmentDto, description: 'Required for image and file, absent for text' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AttachmentDto)
  attachment?: AttachmentDto;
}
