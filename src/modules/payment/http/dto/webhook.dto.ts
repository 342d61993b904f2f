import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

export class WebhookReceiptDto {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({ example: false, description: 'This event id was already processed: nothing was done' })
  duplicate: boolean;
  @ApiProperty({ enum: ['applied', 'ignored'], description: 'ignored: not an event or object we act on' })
  outcome: string;
}

export class SandboxAuthenticationDto {
  @ApiProperty({
    example: 'pi_sb_0123_secret_abcd',
    description: "The intent's client secret (from nextAction)",
  })
  @IsString()
  @Length(10, 200)
  clientSecret: string;

  @ApiProperty({
    enum: ['succeed', 'fail'],
    example: 'succeed',
    description: "The test page's two buttons: complete or fail 3-D Secure",
  })
  @IsIn(['succeed', 'fail'])
  outcome: 'succeed' | 'fail';
}

export class SandboxAuthenticationResultDto {
  @ApiProperty({ example: 'pi_sb_0123' }) id: string;
  @ApiProperty({ example: 'requires_capture', description: "The sandbox intent's status afterwards" })
  status: string;
}
