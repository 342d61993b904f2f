import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import { MAX_BODY_LENGTH } from '../../domain/message-content';

/** Exactly one of rentalId or productId. */
export class OpenConversationDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Talk about this rental (you must be its renter or owner). Exclusive with productId.',
  })
  @IsOptional()
  @IsUuid()
  rentalId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    description: "Ask a product's owner before booking. Asking again reuses the same conversation.",
  })
  @IsOptional()
  @IsUuid()
  productId?: string;

  @ApiProperty({
    example: 'Hi! Is the drill available next weekend?',
    minLength: 1,
    maxLength: MAX_BODY_LENGTH,
    description: 'The first message (text), stored exactly as given.',
  })
  @IsString()
  @Length(1, MAX_BODY_LENGTH)
  message: string;
}
