import type { MessageContent } from './message-content';
import { contentProblems, MAX_ATTACHMENT_BYTES, MAX_BODY_LENGTH } from './message-content';

const pdf = {
  url: 'https://files.example.com/a.pdf',
  name: 'contract.pdf',
  size: 1000,
  mimeType: 'application/pdf',
};
const png = { url: 'https://img.example.com/a.png', name: 'drill.png', size: 2048, mimeType: 'image/png' };

describe('contentProblems', () => {
  it.each<[string, MessageContent]>([
    ['a text', { type: 'text', body: 'Is the drill still available?' }],
    ['a text at the length limit', { type: 'text', body: 'x'.repeat(MAX_BODY_LENGTH) }],
    ['markup, stored as given', { type: 'text', body: '<script>alert(1)</script>' }],
    ['an image', { type: 'image', attachment: png }],
    ['an image with a caption', { type: 'image', body: 'Scratch on the side', attachment: png }],
    ['a file', { type: 'file', attachment: pdf }],
    ['a file that is an image', { type: 'file', attachment: png }],
    ['a file of the largest size', { type: 'file', attachment: { ...pdf, size: MAX_ATTACHMENT_BYTES } }],
  ])('accepts %s', (_, content) => {
    expect(contentProblems(content)).toEqual([]);
  });

  it.each<[string, MessageContent, string[]]>([
    ['a text without body', { type: 'text' }, ['body']],
    ['a blank text', { type: 'text', body: ' \n\t ' }, ['body']],
    ['a text over the limit', { type: 'text', body: 'x'.repeat(MAX_BODY_LENGTH + 1) }, ['body']],
    ['a text with an attachment', { type: 'text', body: 'hi', attachment: pdf }, ['attachment']],
    ['an image without attachment', { type: 'image', body: 'look' }, ['attachment']],
    ['a file without attachment', { type: 'file' }, ['attachment']],
    [
      'an http url',
      { type: 'file', attachment: { ...pdf, url: 'http://files.example.com/a.pdf' } },
      ['attachment.url'],
    ],
    [
      'a javascript url',
      { type: 'file', attachment: { ...pdf, url: 'javascript:alert(1)' } },
      ['attachment.url'],
    ],
    [
      'a data url',
      { type: 'image', attachment: { ...png, url: 'data:image/png;base64,AAAA' } },
      ['attachment.url'],
    ],
    [
      'credentials in the url',
      { type: 'file', attachment: { ...pdf, url: 'https://u:p@x.example.com/a' } },
      ['attachment.url'],
    ],
    [
      'a very long url',
      { type: 'file', attachment: { ...pdf, url: `https://x.example.com/${'a'.repeat(2048)}` } },
      ['attachment.url'],
    ],
    ['an empty name', { type: 'file', attachment: { ...pdf, name: '' } }, ['attachment.name']],
    ['a long name', { type: 'file', attachment: { ...pdf, name: 'n'.repeat(256) } }, ['attachment.name']],
    ['an empty file', { type: 'file', attachment: { ...pdf, size: 0 } }, ['attachment.size']],
    ['a fractional size', { type: 'file', attachment: { ...pdf, size: 1.5 } }, ['attachment.size']],
    [
      'a file too large',
      { type: 'file', attachment: { ...pdf, size: MAX_ATTACHMENT_BYTES + 1 } },
      ['attachment.size'],
    ],
    ['a bad mime type', { type: 'file', attachment: { ...pdf, mimeType: 'pdf' } }, ['attachment.mimeType']],
    ['an image that is a pdf', { type: 'image', attachment: pdf }, ['attachment.mimeType']],
    [
      'everything wrong at once',
      { type: 'image', body: '', attachment: { url: 'ftp://x', name: '', size: -1, mimeType: '' } },
      ['body', 'attachment.url', 'attachment.name', 'attachment.size', 'attachment.mimeType'],
    ],
  ])('refuses %s', (_, content, fields) => {
    expect(contentProblems(content).map((p) => p.field)).toEqual(fields);
  });
});
