/**
 * Double-blind user reviews (the Airbnb and Sharetribe practice): the two reviews of a rental stay
 * hidden until both are written or the window closes, so neither side can retaliate or reply in
 * kind. Hidden reviews are neither listed nor counted.
 */
export interface HiddenReviewState {
  /** The other party's review of the same rental already exists (hidden or not). */
  counterpartWritten: boolean;
  windowClosesAt: Date;
}

export type Visibility = 'hidden' | 'visible';

/** Whether a rental's user reviews are visible at `now`. */
export function visibilityOf(state: HiddenReviewState, now: Date): Visibility {
  return state.counterpartWritten || now >= state.windowClosesAt ? 'visible' : 'hidden';
}

/** What a new review does on submission: reveal both when it completes the pair. */
export function onSubmission(counterpartWritten: boolean): 'reveal-both' | 'stay-hidden' {
  return counterpartWritten ? 'reveal-both' : 'stay-hidden';
}
