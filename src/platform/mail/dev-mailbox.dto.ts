import { IsEmailAddress } from '../http/is-email-address';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAIL_LOCALES } from './mail-template';

export class MailboxQueryDto {
  @ApiPropertyOptional({
    description: 'Only messages to this address',
    example: 'ada@example.com',
    maxLength: 254,
  })
  @IsOptional()
  @IsEmailAddress({ message: 'to must be a valid email address' })
  @MaxLength(254)
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: messages older than its last one",
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class MailboxMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 }) to: string;
  @ApiProperty({ example: 'Confirm your email address', maxLength: 998 }) subject: string;
  @ApiProperty({ nullable: true, type: String, description: 'The plain-text part', maxLength: 100_000 })
  text: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The HTML part, in the shared layout',
    maxLength: 200_000,
  })
  html: string | null;
  @ApiProperty({ example: 'identity.verify-email', maxLength: 100 }) template: string;
  @ApiProperty({ enum: MAIL_LOCALES }) locale: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 2048 },
    maxItems: 50,
    description: 'The links of the text part, in order (the verification or reset link to click)',
    example: ['http://localhost:3000/verify-email?token=...'],
  })
  links: string[];
}

export class MailboxPageDto {
  @ApiProperty({ type: [MailboxMessageDto], description: 'Newest first' }) items: MailboxMessageDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older messages; null when there are none',
  })
  nextCursor: string | null;
}
