import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
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
import { IsUuid } from '../../../../platform/http/uuid';
import { SANDBOX_DISPUTE_REASONS } from '../../application/sandbox-disputes.service';
import { DISPUTE_STATUSES, MAX_DISPUTE_EVIDENCE } from '../../domain/dispute';
import { DISPUTE_EVIDENCE_MAX_LENGTH } from '../../persistence/dispute-evidence.entity';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class AdminDisputesQueryDto {
  @ApiPropertyOptional({
    enum: ['open', 'closed'],
    description:
      'open: not closed yet (an inquiry or a chargeback in progress); closed: won, lost or withdrawn',
  })
  @IsOptional()
  @IsIn(['open', 'closed'])
  state?: 'open' | 'closed';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: disputes opened before its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class DisputeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null for a subscription payment',
  })
  rentalId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The disputed payment intent' }) intentId: string;
  @ApiProperty({ enum: ['charge', 'deposit'], description: 'The rental charge, or a captured deposit' })
  leg: string;
  @ApiProperty({ format: 'uuid', description: 'Who paid, and disputed with their bank' }) renterId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who was paid (the owner)' })
  ownerId: string | null;
  @ApiProperty({ example: 9900, description: 'Minor units' }) amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({
    example: 'product_not_received',
    maxLength: 64,
    description:
      "The bank's reason, as Stripe names it (fraudulent, product_not_received, product_unacceptable...)",
  })
  reason: string;
  @ApiProperty({ enum: DISPUTE_STATUSES, example: 'needs_response' }) status: string;
  @ApiProperty({
    enum: ['inquiry', 'chargeback'],
    description: 'An inquiry takes no money; a chargeback took the amount back from the platform',
  })
  kind: string;
  @ApiProperty({
    enum: ['won', 'lost', 'withdrawn'],
    nullable: true,
    type: String,
    description: 'Null while open',
  })
  outcome: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Evidence is due by then' })
  evidenceDueBy: Date | null;
  @ApiProperty({ example: 0, description: 'Evidence sent or staged so far' }) evidenceSubmissions: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "A lost dispute: taken from the owner's unpaid share (see the README's dispute policy)",
  })
  ownerDebited: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'A lost dispute: borne by the platform' })
  platformDebited: number | null;
  @ApiProperty({ format: 'date-time', description: 'When the bank opened it' }) openedAt: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: Date | null;
}

export class DisputeStatusChangeDto {
  @ApiProperty({ enum: DISPUTE_STATUSES }) status: string;
  @ApiProperty({
    enum: ['webhook', 'gateway', 'sandbox'],
    description: "webhook: Stripe's signed event; gateway: its answer to our evidence; sandbox: the sandbox",
  })
  source: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: Date;
}

export class DisputeEvidenceDto {
  @ApiProperty({ example: 1 }) sequence: number;
  @ApiProperty({ maxLength: DISPUTE_EVIDENCE_MAX_LENGTH }) text: string;
  @ApiProperty({ description: 'false: staged at the gateway, not sent to the bank yet' }) submitted: boolean;
  @ApiProperty({ format: 'uuid', description: 'The admin who sent it' }) submittedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class DisputeDetailDto extends DisputeDto {
  @ApiProperty({
    type: [DisputeStatusChangeDto],
    maxItems: DISPUTE_STATUSES.length,
    description: 'Oldest first, one entry per status reached',
  })
  history: DisputeStatusChangeDto[];
  @ApiProperty({ type: [DisputeEvidenceDto], maxItems: MAX_DISPUTE_EVIDENCE, description: 'Oldest first' })
  evidence: DisputeEvidenceDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['pending', 'transferring', 'transferred', 'paid_out', 'cancelled'],
    description:
      "The owner's payout of the rental, if scheduled: `pending` means the share is still held here",
  })
  payoutStatus: string | null;
}

export class DisputePageDto {
  @ApiProperty({ type: [DisputeDto], description: 'Newest first' }) items: DisputeDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older disputes; null when there are none',
  })
  nextCursor: string | null;
}

export class SubmitDisputeEvidenceDto {
  @ApiProperty({
    minLength: 1,
    maxLength: DISPUTE_EVIDENCE_MAX_LENGTH,
    example:
      'The renter collected the drill on 3 March and returned it on 5 March (messages in the rental conversation); ' +
      'the owner confirmed the return in the app.',
    description:
      "The platform's answer, sent as the dispute's `uncategorized_text` evidence. In the sandbox (and Stripe's test " +
      'mode) `winning_evidence` / `losing_evidence` close the dispute won / lost at once.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(DISPUTE_EVIDENCE_MAX_LENGTH)
  text: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'false stages the evidence at the gateway without sending it to the bank (it can be changed)',
  })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;
}

export class OpenSandboxDisputeDto {
  @ApiProperty({ format: 'uuid', description: "One of the caller's payment intents, captured" })
  @IsUuid()
  paymentIntentId: string;

  @ApiPropertyOptional({ enum: SANDBOX_DISPUTE_REASONS, default: 'general' })
  @IsOptional()
  @IsIn(SANDBOX_DISPUTE_REASONS)
  reason?: (typeof SANDBOX_DISPUTE_REASONS)[number];

  @ApiPropertyOptional({
    default: false,
    description: 'true: an inquiry (questions, no money taken); false: a chargeback',
  })
  @IsOptional()
  @IsBoolean()
  inquiry?: boolean;
}
