// Notification owns what people are told: the in-app feed, email notifications (through the
// platform mail path), preferences per category, message digests and reminders. It offers nothing
// to other contexts: it only reacts to their integration events and reads them through their APIs.
export { NotificationModule } from './notification.module';
export { NOTIFICATION_REMOTING } from './contracts/notification.remoting';
