import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';

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
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({
    example: 'abcd-efgh-jkmn',
    description: 'One unused recovery code, instead of code',
  })
  @IsOptional()
  @IsString()
  @Length(12, 40)
  recoveryCode?: string;
}
