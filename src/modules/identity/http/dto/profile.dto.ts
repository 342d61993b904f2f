import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsISO31661Alpha2,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import type { MailLocale } from '../../../../platform/mail/mail-template';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LocationInputDto {
  @ApiProperty({ example: 'Lisbon', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiProperty({ example: 'PT', description: 'ISO 3166-1 alpha-2 country code' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({ example: 38.7223, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  lat?: number | null;

  @ApiPropertyOptional({ example: -9.1393, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  lng?: number | null;
}

/** Every field is optional: omitted fields stay as they are, `null` clears an optional one. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  fullName?: string;

  @ApiPropertyOptional({ example: 'Ada', maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  displayName?: string;

  @ApiPropertyOptional({ example: 'I lend my tools to neighbours.', maxLength: 2000, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(2000)
  bio?: string | null;

  @ApiPropertyOptional({ example: 'https://images.example.com/ada.jpg', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'avatarUrl must be an https URL' })
  @MaxLength(2048)
  avatarUrl?: string | null;

  @ApiPropertyOptional({ example: '+351912345678', description: 'E.164 format', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 format, e.g. +351912345678' })
  phone?: string | null;

  @ApiPropertyOptional({ type: LocationInputDto, nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => LocationInputDto)
  location?: LocationInputDto | null;

  @ApiPropertyOptional({ enum: MAIL_LOCALES, enumName: 'Locale', description: 'The language of emails' })
  // Omitted keeps it; null is refused like any other value outside the list (it cannot be cleared).
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(MAIL_LOCALES)
  locale?: MailLocale;
}
