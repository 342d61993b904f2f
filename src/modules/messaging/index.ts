// Messaging owns conversations between a renter and an owner, their messages and read state.
// It offers no API to other contexts; it listens to rental events to post system messages and
// tells others that someone wrote (MessagePosted), without the words.
export * from './contracts/messaging.events';
export { MessagingModule } from './messaging.module';
export { MESSAGING_REMOTING } from './contracts/messaging.remoting';
