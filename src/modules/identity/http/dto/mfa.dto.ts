import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ValidationArguments } from 'class-validator';
import {
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
} from 'class-validator';

const TOTP_CODE = /^\d{6}$/;

const oneProof = (body: { code?: unknown; recoveryCode?: unknown }) =>
  (body.code === undefined) !== (body.recoveryCode === undefined);

/**
 * On `code`, run whether it is present or not (a ValidateIf would skip it when absent): exactly one
 * of code and recoveryCode, and a code is six digits.
 */
function IsCodeOrRecoveryCode() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCodeOrRecoveryCode',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          oneProof(args.object) &&
          (value === undefined || (typeof value === 'string' && TOTP_CODE.test(value))),
        defaultMessage: (args: ValidationArguments) =>
          oneProof(args.object) ? 'code must be 6 digits' : 'send exactly one of code and recoveryCode',
      },
    });
}

export class EnrolTotpDto {
  @ApiProperty({ example: 'correct-Horse-battery', description: 'The current password, asked again' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class TotpCodeDto {
  @ApiProperty({
    example: '287082',
    pattern: '^\\d{6}$',
    description: 'The 6-digit code the authenticator shows',
  })
  @IsString()
  @Matches(TOTP_CODE, { message: 'code must be 6 digits' })
  code: string;
}

/** A second-factor proof: an authenticator code or, when the device is lost, a recovery code. */
export class SecondFactorProofDto {
  @ApiPropertyOptional({
    example: '287082',
    pattern: '^\\d{6}$',
    minLength: 6,
    maxLength: 6,
    description: 'Either this or recoveryCode',
  })
  @IsCodeOrRecoveryCode()
  code?: string;

  // No example: the composed example request would carry both proofs, which is refused.
  @ApiPropertyOptional({
    description:
      'One of the recovery codes (like `k7mq-x2pa-9rtd`), once each; case, spaces and dashes do not matter',
  })
  @ValidateIf((body: SecondFactorProofDto) => body.recoveryCode !== undefined)
  @IsString()
  @Length(12, 40)
  recoveryCode?: string;
}

export class CompleteMfaLoginDto extends SecondFactorProofDto {
  @ApiProperty({
    example: 'Zk3v9QmT2xW7bN4pL8sR1cY6hJ0dF5gA3eK9uV2iO7q',
    description: 'The challengeToken of the 202 answer to POST /auth/login',
  })
  @IsString()
  @Length(16, 256)
  challengeToken: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    minLength: 32,
    maxLength: 32,
    description: 'The shared secret (160 bits), base32',
  })
  secret: string;

  @ApiProperty({
    example:
      'otpauth://totp/OneSociety:ada%40example.com?issuer=OneSociety&secret=JBSW...&algorithm=SHA1&digits=6&period=30',
    maxLength: 1024,
    description: 'The same secret as a URI for a QR code',
  })
  otpauthUri: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 14, maxLength: 14 },
    minItems: 10,
    maxItems: 10,
    example: [
      'k7mq-x2pa-9rtd',
      'b3zh-w8nc-4yfe',
      'p4tn-r6ke-2wcj',
      'h9sv-m3qd-7xba',
      'c2fw-y5lu-8nzr',
      'e6jp-t4mh-3kqs',
      'w8ra-n2xe-5dvg',
      'q3lc-z7bt-6hum',
      'u5dy-k9wf-2pca',
      'f7ne-j4rs-9tbx',
    ],
    description: 'Shown this once; each works once. Any earlier codes no longer work.',
  })
  recoveryCodes: string[];
}

export class MfaChallengeDto {
  @ApiProperty({
    type: Boolean,
    example: true,
    description: 'Always true: the password was right, a code is needed',
  })
  mfaRequired: true;

  @ApiProperty({ maxLength: 64, description: 'Send it with the code to POST /auth/login/mfa; single-use' })
  challengeToken: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ enum: ['totp', 'recovery_code'], enumName: 'MfaMethod', isArray: true, maxItems: 2 })
  methods: string[];
}
