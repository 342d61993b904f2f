import { IsEmailAddress } from '../../../../platform/http/is-email-address';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import type { MailLocale } from '../../../../platform/mail/mail-template';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignupDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmailAddress({ message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: 'correct-Horse-battery',
    minLength: 10,
    maxLength: 72,
    description:
      'At least 10 characters mixing two classes (lower, upper, digits, symbols); at most 72 UTF-8 bytes',
  })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  fullName: string;

  @ApiPropertyOptional({
    enum: MAIL_LOCALES,
    enumName: 'Locale',
    // No `default:` here: generated clients (openapi-typescript) make a defaulted field required.
    description: 'The language of emails; English when omitted',
  })
  @IsOptional()
  @IsIn(MAIL_LOCALES)
  locale?: MailLocale;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct-Horse-battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshTokenDto {
  @ApiProperty({
    example: 'q1Yb8m3x3CkzYw6e5M6y0GJqk4mJ2lB0aXkGdQ6d7aE',
    description: 'The opaque refresh token',
  })
  @IsString()
  @Length(16, 256)
  refreshToken: string;
}
