import { describeSendError, extractLinks, messageIdFor, redactAddresses } from './mail-text';

describe('mail text helpers', () => {
  it('derives the Message-ID from the event id and the sending domain', () => {
    const id = '0b8f3c1e-2f6a-4d7e-9a51-3c2b1d0e9f87';
    expect(messageIdFor(id, 'OneSociety <no-reply@OneSociety.example>')).toBe(`<${id}@onesociety.example>`);
    expect(messageIdFor(id, 'no-reply@mail.example')).toBe(`<${id}@mail.example>`);
    expect(messageIdFor(id, 'nonsense')).toBe(`<${id}@onesociety.local>`);
  });

  it('finds the links of a text body, once each, without the punctuation after them', () => {
    const text =
      'Open https://app.example/verify-email?token=abc_123-x. Or (http://localhost:3000/reset?token=z) ' +
      'again https://app.example/verify-email?token=abc_123-x\n';
    expect(extractLinks(text)).toEqual([
      'https://app.example/verify-email?token=abc_123-x',
      'http://localhost:3000/reset?token=z',
    ]);
    expect(extractLinks(null)).toEqual([]);
    expect(extractLinks('no links here')).toEqual([]);
  });

  it('keeps addresses out of what is logged of a failure', () => {
    expect(redactAddresses('550 5.1.1 <ann@example.com>: Recipient address rejected')).toBe(
      '550 5.1.1 <<address>>: Recipient address rejected',
    );
    const error = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 bo@x.io unknown"),
      {
        code: 'EENVELOPE',
        responseCode: 550,
      },
    );
    expect(describeSendError(error)).toBe(
      "EENVELOPE 550 Can't send mail - all recipients were rejected: 550 <address> unknown",
    );
    expect(describeSendError('x'.repeat(2000))).toHaveLength(500);
  });
});
