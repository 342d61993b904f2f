import type { NotificationCategory } from './notification-kinds';
import { isMandatoryEmail, NOTIFICATION_CATEGORIES } from './notification-kinds';

export interface CategoryChoice {
  category: NotificationCategory;
  email: boolean;
  inApp: boolean;
  /** Email that cannot be turned off (money, security). */
  emailMandatory: boolean;
}

/** Everything is on until its person turns it off; mandatory email stays on whatever is stored. */
export function effectiveChoices(
  stored: ReadonlyMap<NotificationCategory, { email: boolean; inApp: boolean }> | undefined,
): CategoryChoice[] {
  return NOTIFICATION_CATEGORIES.map((category) => {
    const saved = stored?.get(category);
    const emailMandatory = isMandatoryEmail(category);
    return {
      category,
      email: emailMandatory || (saved?.email ?? true),
      inApp: saved?.inApp ?? true,
      emailMandatory,
    };
  });
}

export const choiceOf = (choices: CategoryChoice[], category: NotificationCategory): CategoryChoice =>
  choices.find((c) => c.category === category) as CategoryChoice;
