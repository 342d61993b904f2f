import { IsEmailAddress } from '../../../../platform/http/is-email-address';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ACCOUNT_TOKEN_PATTERN } from '../../domain/account-token-policy';

const TOKEN_DOC = {
  example: 'q1Yb8m3x3CkzYw6e5M6y0GJqk4mJ2lB0aXkGdQ6d7aE',
  description: "The token of the email's link (`?token=`): 43 base64url characters",
  pattern: ACCOUNT_TOKEN_PATTERN.source,
  minLength: 43,
  maxLength: 43,
};
const NEW_PASSWORD_DOC = {
  example: 'another-Horse-battery',
  minLength: 10,
  maxLength: 72,
  description:
    'At least 10 characters mixing two classes (lower, upper, digits, symbols); at most 72 UTF-8 bytes',
};

export class EmailTokenDto {
  @ApiProperty(TOKEN_DOC)
  @IsString()
  @Matches(ACCOUNT_TOKEN_PATTERN, { message: 'token must be the 43-character token of the link' })
  token: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmailAddress({ message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty(TOKEN_DOC)
  @IsString()
  @Matches(ACCOUNT_TOKEN_PATTERN, { message: 'token must be the 43-character token of the link' })
  token: string;

  @ApiProperty(NEW_PASSWORD_DOC)
  @IsString()
  @MaxLength(200)
  newPassword: string;
}

export class ChangeEmailDto {
  @ApiProperty({ example: 'ada.lovelace@example.org', maxLength: 254 })
  @IsEmailAddress({ message: 'newEmail must be a valid email address' })
  @MaxLength(254)
  newEmail: string;

  @ApiProperty({ example: 'correct-Horse-battery', description: 'The current password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct-Horse-battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty(NEW_PASSWORD_DOC)
  @IsString()
  @MaxLength(200)
  newPassword: string;
}

/** The answer of requests that send an email: the same whatever happens next (no enumeration). */
export class MailAcceptedDto {
  @ApiProperty({ example: 'If the address can receive it, an email is on its way', maxLength: 200 })
  message: string;
}
