import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_MILESTONES } from '../../domain/claim-messages';
import { RENTAL_MILESTONES } from '../../domain/system-messages';

export class AttachmentResponseDto {
  @ApiProperty({ format: 'uri', example: 'https://files.example.com/u/7f3a/manual.pdf' }) url: string;
  @ApiProperty({ example: 'manual.pdf' }) name: string;
  @ApiProperty({ example: 482113 }) size: number;
  @ApiProperty({ example: 'application/pdf' }) mimeType: string;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty({ enum: ['text', 'image', 'file', 'system'], example: 'text' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for system messages' })
  senderId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Is the drill available next weekend?' })
  body: string | null;
  @ApiProperty({ type: AttachmentResponseDto, nullable: true }) attachment: AttachmentResponseDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: [...RENTAL_MILESTONES.map((m) => `rental.${m}`), ...CLAIM_MILESTONES.map((m) => `claim.${m}`)],
    example: 'rental.accepted',
    description:
      'System messages only: which step of the rental (or of a damage claim on its deposit) it reports, for clients to localise',
  })
  systemEvent: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'Newest first' }) items: MessageDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `before` for older messages; null when there are none',
  })
  nextCursor: string | null;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ['renter', 'owner'] }) role: string;
}

export class CounterpartDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada' }) displayName: string;
  @ApiProperty({ nullable: true, type: String, format: 'uri', example: 'https://images.example.com/ada.jpg' })
  avatarUrl: string | null;
}

export class ConversationProductDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Cordless drill' }) title: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['inquiry', 'rental'],
    description: 'An inquiry becomes a rental conversation once booked',
  })
  kind: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rentalId: string | null;
  @ApiProperty({ enum: ['renter', 'owner'], description: "The caller's role" }) myRole: string;
  @ApiProperty({ type: [ParticipantDto] }) participants: ParticipantDto[];
  @ApiProperty({
    type: CounterpartDto,
    nullable: true,
    description: "Null when their account is suspended; displayName 'Deleted user' once they erased it",
  })
  counterpart: CounterpartDto | null;
  @ApiProperty({ type: ConversationProductDto, nullable: true }) product: ConversationProductDto | null;
  @ApiProperty({ type: MessageDto, nullable: true }) lastMessage: MessageDto | null;
  @ApiProperty({ example: 2, description: "Messages after the caller's read position, not written by them" })
  unreadCount: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) lastReadMessageId: string | null;
  @ApiProperty({ format: 'date-time' }) lastActivityAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OpenedConversationDto extends ConversationDto {
  @ApiProperty({ type: MessageDto, description: 'The message just posted' }) message: MessageDto;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto], description: 'Newest activity first' }) items: ConversationDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 3 }) total: number;
}

export class ReadStateDto {
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) lastReadMessageId: string | null;
  @ApiProperty({ example: 0 }) unreadCount: number;
}
