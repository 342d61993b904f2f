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
    for (const bad of ['\ud800', 'a\ud800@example.com', '\udc00x@example.com', 'not-an-email', 42, null])
      expect(errorsFor(bad)).toEqual([['email must be a valid email address']]);
  });
});
