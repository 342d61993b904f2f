import { Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { ConversationViews } from './application/conversation-view';
import { ConversationsService } from './application/conversations.service';
import { MessagesService } from './application/messages.service';
import { RentalConversations } from './application/rental-conversations';
import { MessageRemovalSubscriber } from './application/message-removal.subscriber';
import { ClaimEventsSubscriber } from './application/claim-events.subscriber';
import { RentalEventsSubscriber } from './application/rental-events.subscriber';
import { MessagingUserErasureSubscriber } from './application/user-erasure.subscriber';
import { MessagingPersonalDataExport } from './application/personal-data-export';
import { ReportableMessageSource } from './application/reportable-message.source';
import { ConversationsController } from './http/conversations.controller';
import { MessagesController } from './http/messages.controller';
import { ConversationParticipantEntity } from './persistence/conversation-participant.entity';
import { ConversationEntity } from './persistence/conversation.entity';
import { MessageEntity } from './persistence/message.entity';

const entities = [ConversationEntity, ConversationParticipantEntity, MessageEntity];
const useCases = [ConversationsService, MessagesService, RentalConversations, ConversationViews];
const subscribers = [
  RentalEventsSubscriber,
  ClaimEventsSubscriber,
  MessagingUserErasureSubscriber,
  MessageRemovalSubscriber,
];
const personalDataExport = [MessagingPersonalDataExport];
// What trust asks when someone reports a message.
const reportableContent = [ReportableMessageSource];

// Offers nothing to other contexts: it reads catalog, identity and rental through their global
// public APIs and learns about rentals from their events.
@Module({
  imports: [ContextDatabaseModule.forContext('messaging', entities)],
  controllers: [ConversationsController, MessagesController],
  providers: [...personalDataExport, ...reportableContent, ...useCases, ...subscribers],
})
export class MessagingModule {}
