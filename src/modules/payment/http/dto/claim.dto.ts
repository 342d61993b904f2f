import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import {
  CLAIM_DESCRIPTION_MAX,
  CLAIM_PHOTO_REF_MAX,
  CLAIM_PHOTOS_MAX,
  CLAIM_STATUSES,
} from '../../domain/claim';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';
/** Money in minor units: a claim never exceeds what a deposit can be (the rental's own cap applies too). */
const AMOUNT_MAX = 100_000_000;
const NOTE_MAX = 2000;

export class FileClaimDto {
  @ApiProperty({
    minimum: 1,
    maximum: AMOUNT_MAX,
    example: 4500,
    description:
      'Minor units; at most the deposit held for the rental (else 422 PAYMENT.CLAIM_AMOUNT_ABOVE_DEPOSIT)',
  })
  @IsInt()
  @Min(1)
  @Max(AMOUNT_MAX)
  amount: number;

  @ApiProperty({
    example: 'EUR',
    pattern: '^[A-Z]{3}$',
    maxLength: 3,
    description: "The rental's currency (else 422 PAYMENT.CLAIM_CURRENCY_MISMATCH)",
  })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;

  @ApiProperty({
    minLength: 1,
    maxLength: CLAIM_DESCRIPTION_MAX,
    example: 'The drill came back with a cracked housing and a missing depth stop.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(CLAIM_DESCRIPTION_MAX)
  @Matches(/\S/, { message: 'description must not be blank' })
  description: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: CLAIM_PHOTOS_MAX,
    items: { type: 'string', minLength: 1, maxLength: CLAIM_PHOTO_REF_MAX },
    example: ['media/7b0c1a9e-photo-1.jpg'],
    description: "References to the owner's photos of the damage (uploaded media ids or URLs)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CLAIM_PHOTOS_MAX)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(CLAIM_PHOTO_REF_MAX, { each: true })
  photos?: string[];
}

export class ClaimAnswerDto {
  @ApiPropertyOptional({
    maxLength: NOTE_MAX,
    example: 'The crack was there when I collected it; see the photo I sent in the conversation.',
    description: 'Why (for a dispute); kept in the claim history',
  })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;
}

export class ResolveClaimDto {
  @ApiProperty({
    minimum: 0,
    maximum: AMOUNT_MAX,
    example: 2000,
    description:
      'Awarded to the owner, minor units, 0..the claimed amount: captured from the deposit, the rest released',
  })
  @IsInt()
  @Min(0)
  @Max(AMOUNT_MAX)
  amount: number;

  @ApiProperty({
    minLength: 1,
    maxLength: NOTE_MAX,
    example:
      'Photos show the crack at return; the renter reported no damage at collection. Half the repair cost.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_MAX)
  @Matches(/\S/, { message: 'note must not be blank' })
  note: string;
}

export class AdminClaimsQueryDto {
  @ApiPropertyOptional({
    enum: CLAIM_STATUSES,
    description: 'Only claims in this status (`disputed`: awaiting an admin)',
  })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: (typeof CLAIM_STATUSES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: claims filed after its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class ClaimDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) rentalId: string;
  @ApiProperty({ format: 'uuid', description: "The rental's payment intent (its deposit leg)" })
  intentId: string;
  @ApiProperty({ format: 'uuid', description: 'Who filed it' }) ownerId: string;
  @ApiProperty({ format: 'uuid', description: 'Who answers it' }) renterId: string;
  @ApiProperty({ example: 4500, description: 'Claimed, minor units' }) amount: number;
  @ApiProperty({ example: 'EUR', maxLength: 3 }) currency: string;
  @ApiProperty({ maxLength: CLAIM_DESCRIPTION_MAX }) description: string;
  @ApiProperty({
    type: [String],
    maxItems: CLAIM_PHOTOS_MAX,
    items: { type: 'string', maxLength: CLAIM_PHOTO_REF_MAX },
  })
  photos: string[];
  @ApiProperty({
    enum: CLAIM_STATUSES,
    description: 'open → accepted | disputed → resolved; open → withdrawn',
  })
  status: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Captured from the deposit for the owner (accepted: the claim; resolved: the award); null otherwise',
  })
  awarded: number | null;
  @ApiProperty({ format: 'date-time' }) filedAt: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) settledAt: Date | null;
}

export class ClaimStatusChangeDto {
  @ApiProperty({ enum: CLAIM_STATUSES }) status: string;
  @ApiProperty({ enum: ['owner', 'renter', 'admin'] }) actorRole: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Captured by this move' }) amount: number | null;
  @ApiProperty({ nullable: true, type: String, maxLength: NOTE_MAX }) note: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: Date;
}

export class ClaimDetailDto extends ClaimDto {
  @ApiProperty({
    type: [ClaimStatusChangeDto],
    maxItems: CLAIM_STATUSES.length,
    description: 'Oldest first: each status it reached, once',
  })
  history: ClaimStatusChangeDto[];
  @ApiProperty({
    enum: ['held', 'captured', 'released', 'pending'],
    description:
      'The deposit at the gateway: held while the claim is open; captured (in part) or released after',
  })
  depositStatus: string;
  @ApiProperty({ example: 0, description: 'Captured from the deposit so far, minor units' })
  depositCaptured: number;
}

export class ClaimPageDto {
  @ApiProperty({ type: [ClaimDto], maxItems: MAX_PAGE_LIMIT, description: 'Oldest filed first' })
  items: ClaimDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null when there are none',
  })
  nextCursor: string | null;
}
