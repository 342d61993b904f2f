/**
 * How long JetStream keeps a published event (the stream's max age). A consumer can be handed an
 * event again until then, so its inbox must remember the event for longer (INBOX_RETENTION_DAYS).
 */
export const JETSTREAM_MAX_AGE_DAYS = 7;
