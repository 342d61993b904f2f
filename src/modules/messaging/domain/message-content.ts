/**
 * What a participant may post. Bodies are stored exactly as given (never trimmed, never
 * sanitised: nothing is rendered server-side, clients escape). Attachments are links to files
 * already uploaded elsewhere, so only their description is bounded here.
 */
export type UserMessageType = 'text' | 'image' | 'file';
export type MessageType = UserMessageType | 'system';

export const MAX_BODY_LENGTH = 4000;
export const MAX_ATTACHMENT_URL_LENGTH = 2048;
export const MAX_ATTACHMENT_NAME_LENGTH = 255;
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export interface Attachment {
  url: string;
  name: string;
  size: number;
  mimeType: string;
}

export interface MessageContent {
  type: UserMessageType;
  body?: string | null;
  attachment?: Attachment | null;
}

export interface ContentProblem {
  field: string;
  message: string;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function attachmentProblems(type: UserMessageType, a: Attachment): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (a.url.length > MAX_ATTACHMENT_URL_LENGTH || !isHttpsUrl(a.url))
    problems.push({ field: 'attachment.url', message: 'attachment.url must be an https URL' });
  if (a.name.length < 1 || a.name.length > MAX_ATTACHMENT_NAME_LENGTH)
    problems.push({ field: 'attachment.name', message: 'attachment.name must be 1 to 255 characters' });
  if (!Number.isInteger(a.size) || a.size < 1 || a.size > MAX_ATTACHMENT_BYTES)
    problems.push({ field: 'attachment.size', message: 'attachment.size must be 1 byte to 25 MiB' });
  if (!MIME_TYPE.test(a.mimeType))
    problems.push({ field: 'attachment.mimeType', message: 'attachment.mimeType must be a MIME type' });
  else if (type === 'image' && !a.mimeType.startsWith('image/'))
    problems.push({ field: 'attachment.mimeType', message: 'an image message needs an image/* attachment' });
  return problems;
}

/** Why a message cannot be posted as given; empty when it can. */
export function contentProblems(content: MessageContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const body = content.body ?? null;
  if (body !== null && (body.length > MAX_BODY_LENGTH || body.trim().length === 0))
    problems.push({ field: 'body', message: `body must be 1 to ${MAX_BODY_LENGTH} characters, not blank` });
  if (content.type === 'text') {
    if (body === null) problems.push({ field: 'body', message: 'a text message needs a body' });
    if (content.attachment)
      problems.push({ field: 'attachment', message: 'a text message has no attachment' });
  } else if (!content.attachment) {
    problems.push({ field: 'attachment', message: `a ${content.type} message needs an attachment` });
  } else {
    problems.push(...attachmentProblems(content.type, content.attachment));
  }
  return problems;
}
