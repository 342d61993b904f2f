/**
 * What each notification says, in every locale, as Handlebars sources. `subject` is also the in-app
 * title and `line` its body; `action` labels the link. Data names they may use: displayName,
 * productTitle, otherName, startDate, endDate, amount, awarded, rating, several (boolean) and count.
 */
export interface Phrase {
  subject: string;
  line: string;
  action: string;
}
