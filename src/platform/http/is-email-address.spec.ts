import { validateSync } from 'class-validator';
import { IsEmailAddress } from './is-email-address';

class Body {
  @IsEmailAddress()
  email: unknown;
}

const errorsFor = (email: unknown) => {
  const body = new Body();
  body.email = email;
  return validateSync(body).map((e) => Object.values(e.constraints ?? {}));
};

describe('IsEmailAddress', () => {
  it('accepts addresses and refuses what is not one, without throwing on lone surrogates', () => {
    expect(errorsFor('ada@example.com')).toEqual([]);
    for (const bad of [
      'deleted-0b6b3c1e-7d1f-4b8e-9d55-2f8f7c3a1b2c@deleted.invalid',
      'a@x.INVALID',
      '\ud800',
      'a\ud800@example.com',
      '\udc00x@example.com',
      'not-an-email',
      42,
      null,
    ])
      expect(errorsFor(bad)).toEqual([['email must be a valid email address']]);
  });
});
