import type { MailLocale } from '../../../../platform/mail/mail-template';
import type { Phrase } from './phrase';

type ClaimKind = 'claim.filed' | 'claim.accepted' | 'claim.disputed' | 'claim.resolved' | 'claim.withdrawn';

/** What each step of a damage claim says; `amount` is the claim, `awarded` what the deposit gives. */
export const CLAIM_PHRASES: Record<ClaimKind, Record<MailLocale, Phrase>> = {
  'claim.filed': {
    en: {
      subject: '{{otherName}} filed a damage claim of {{amount}}',
      line: '{{otherName}} claims {{amount}} from your deposit for {{productTitle}}. Accept it, or dispute it and an administrator will decide. Your deposit stays held meanwhile.',
      action: 'Answer the claim',
    },
    fr: {
      subject: '{{otherName}} a déclaré un dommage de {{amount}}',
      line: '{{otherName}} demande {{amount}} sur votre caution pour {{productTitle}}. Acceptez, ou contestez et un administrateur tranchera. Votre caution reste bloquée d’ici là.',
      action: 'Répondre à la réclamation',
    },
  },
  'claim.accepted': {
    en: {
      subject: '{{otherName}} accepted your claim of {{amount}}',
      line: '{{otherName}} accepted your damage claim for {{productTitle}}: {{awarded}} is taken from the deposit and paid to you.',
      action: 'See the rental',
    },
    fr: {
      subject: '{{otherName}} a accepté votre réclamation de {{amount}}',
      line: '{{otherName}} a accepté votre réclamation pour {{productTitle}} : {{awarded}} est prélevé sur la caution et vous est versé.',
      action: 'Voir la location',
    },
  },
  'claim.disputed': {
    en: {
      subject: '{{otherName}} disputed your claim of {{amount}}',
      line: '{{otherName}} disputed your damage claim for {{productTitle}}. An administrator will decide; the deposit stays held meanwhile.',
      action: 'See the rental',
    },
    fr: {
      subject: '{{otherName}} conteste votre réclamation de {{amount}}',
      line: '{{otherName}} conteste votre réclamation pour {{productTitle}}. Un administrateur tranchera ; la caution reste bloquée d’ici là.',
      action: 'Voir la location',
    },
  },
  'claim.resolved': {
    en: {
      subject: 'The damage claim for {{productTitle}} is settled: {{awarded}}',
      line: 'An administrator settled the damage claim of {{amount}} for {{productTitle}}: {{awarded}} is taken from the deposit for the owner, the rest is released.',
      action: 'See the rental',
    },
    fr: {
      subject: 'La réclamation pour {{productTitle}} est tranchée : {{awarded}}',
      line: 'Un administrateur a tranché la réclamation de {{amount}} pour {{productTitle}} : {{awarded}} est prélevé sur la caution pour le propriétaire, le reste est libéré.',
      action: 'Voir la location',
    },
  },
  'claim.withdrawn': {
    en: {
      subject: '{{otherName}} withdrew the damage claim',
      line: '{{otherName}} withdrew the damage claim of {{amount}} for {{productTitle}}. Your deposit is released when the rental completes.',
      action: 'See the rental',
    },
    fr: {
      subject: '{{otherName}} a retiré sa réclamation',
      line: '{{otherName}} a retiré sa réclamation de {{amount}} pour {{productTitle}}. Votre caution est libérée à la fin de la location.',
      action: 'Voir la location',
    },
  },
};
