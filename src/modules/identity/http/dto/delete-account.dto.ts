import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** What proves it is the person: the password, and the second factor when two-step verification is on. */
export class DeleteAccountDto {
  @ApiProperty({ example: 'correct-Horse-battery', description: 'The current password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'A current authenticator code; required (or recoveryCode) when two-step verification is on',
  })
  // Absent is fine; null is not a code (IsOptional would let it through to the second-factor check).
  @ValidateIf((body: DeleteAccountDto) => body.code !== undefined)
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  // No example: the composed example request would carry both proofs, which is refused.
  @ApiPropertyOptional({ description: 'One unused recovery code (like `k7mq-x2pa-9rtd`), instead of code' })
  @ValidateIf((body: DeleteAccountDto) => body.recoveryCode !== undefined)
  @IsString()
  @Length(12, 40)
  recoveryCode?: string;
}
