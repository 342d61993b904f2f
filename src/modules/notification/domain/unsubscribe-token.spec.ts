import { randomUUID } from 'node:crypto';
import { recipientsOfRentalStep } from './notification-kinds';
import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const key = Buffer.alloc(32, 7);

describe('unsubscribe tokens', () => {
  const userId = randomUUID();

  it('name the person and category they were signed for', () => {
    expect(verifyUnsubscribeToken(key, signUnsubscribeToken(key, userId, 'messages'))).toEqual({
      userId,
      category: 'messages',
    });
  });

  it('refuse another person, another category, another key, or a mandatory category', () => {
    const token = signUnsubscribeToken(key, userId, 'booking');
    expect(verifyUnsubscribeToken(key, token.replace(userId, randomUUID()))).toBeNull();
    expect(verifyUnsubscribeToken(key, token.replace('.booking.', '.reviews.'))).toBeNull();
    expect(verifyUnsubscribeToken(Buffer.alloc(32, 8), token)).toBeNull();
    expect(verifyUnsubscribeToken(key, signUnsubscribeToken(key, userId, 'money'))).toBeNull();
    expect(verifyUnsubscribeToken(key, `${token}.x`)).toBeNull();
    expect(verifyUnsubscribeToken(key, '')).toBeNull();
  });
});

describe('who hears of a rental step', () => {
  const rental = { renterId: 'r', ownerId: 'o', cancelledBy: null };
  it.each([
    ['requested', ['o']],
    ['accepted', ['r']],
    ['declined', ['r']],
    ['expired', ['r', 'o']],
    ['handed-over', ['r']],
    ['returned', ['o']],
    ['completed', ['r', 'o']],
    ['cancelled', ['r', 'o']],
  ] as const)('%s: %j', (step, expected) => {
    expect(recipientsOfRentalStep(step, rental)).toEqual(expected);
  });

  it('tells a cancellation to the side that did not cancel', () => {
    expect(recipientsOfRentalStep('cancelled', { ...rental, cancelledBy: 'renter' })).toEqual(['o']);
    expect(recipientsOfRentalStep('cancelled', { ...rental, cancelledBy: 'owner' })).toEqual(['r']);
  });
});
