import type { MailLocale } from '../../../../platform/mail/mail-template';
import type { NotificationKind } from '../../domain/notification-kinds';
import { CLAIM_PHRASES } from './claim-phrases';
import type { Phrase } from './phrase';

export type { Phrase } from './phrase';

export const PHRASES: Record<NotificationKind, Record<MailLocale, Phrase>> = {
  ...CLAIM_PHRASES,
  'rental.requested': {
    en: {
      subject: '{{otherName}} wants to rent {{productTitle}}',
      line: '{{otherName}} asked to rent {{productTitle}} from {{startDate}} to {{endDate}}. Accept or decline before the request expires.',
      action: 'Answer the request',
    },
    fr: {
      subject: '{{otherName}} souhaite louer {{productTitle}}',
      line: '{{otherName}} demande à louer {{productTitle}} du {{startDate}} au {{endDate}}. Acceptez ou refusez avant que la demande n’expire.',
      action: 'Répondre à la demande',
    },
  },
  'rental.accepted': {
    en: {
      subject: 'Your request for {{productTitle}} was accepted',
      line: '{{otherName}} accepted your request to rent {{productTitle}} from {{startDate}} to {{endDate}}.',
      action: 'See the rental',
    },
    fr: {
      subject: 'Votre demande pour {{productTitle}} est acceptée',
      line: '{{otherName}} a accepté votre demande de location de {{productTitle}} du {{startDate}} au {{endDate}}.',
      action: 'Voir la location',
    },
  },
  'rental.declined': {
    en: {
      subject: 'Your request for {{productTitle}} was declined',
      line: '{{otherName}} declined your request to rent {{productTitle}} from {{startDate}} to {{endDate}}. Nothing was charged.',
      action: 'Find something similar',
    },
    fr: {
      subject: 'Votre demande pour {{productTitle}} est refusée',
      line: '{{otherName}} a refusé votre demande de location de {{productTitle}} du {{startDate}} au {{endDate}}. Rien n’a été débité.',
      action: 'Trouver un objet similaire',
    },
  },
  'rental.expired': {
    en: {
      subject: 'The request for {{productTitle}} expired',
      line: 'The request to rent {{productTitle}} from {{startDate}} to {{endDate}} was not answered in time and has expired. Nothing was charged.',
      action: 'See the rental',
    },
    fr: {
      subject: 'La demande pour {{productTitle}} a expiré',
      line: 'La demande de location de {{productTitle}} du {{startDate}} au {{endDate}} n’a pas reçu de réponse à temps et a expiré. Rien n’a été débité.',
      action: 'Voir la location',
    },
  },
  'rental.cancelled': {
    en: {
      subject: 'The rental of {{productTitle}} was cancelled',
      line: 'The rental of {{productTitle}} from {{startDate}} to {{endDate}} was cancelled by {{otherName}}.',
      action: 'See the rental',
    },
    fr: {
      subject: 'La location de {{productTitle}} est annulée',
      line: 'La location de {{productTitle}} du {{startDate}} au {{endDate}} a été annulée par {{otherName}}.',
      action: 'Voir la location',
    },
  },
  'rental.handed-over': {
    en: {
      subject: 'You have {{productTitle}}: enjoy',
      line: '{{otherName}} recorded the hand-over of {{productTitle}}. Please return it by {{endDate}}.',
      action: 'See the rental',
    },
    fr: {
      subject: 'Vous avez {{productTitle}} : bonne utilisation',
      line: '{{otherName}} a enregistré la remise de {{productTitle}}. Merci de le rendre au plus tard le {{endDate}}.',
      action: 'Voir la location',
    },
  },
  'rental.returned': {
    en: {
      subject: '{{productTitle}} is back',
      line: '{{otherName}} returned {{productTitle}}. Check it and complete the rental, or report a problem within the inspection window.',
      action: 'Inspect the return',
    },
    fr: {
      subject: '{{productTitle}} est rendu',
      line: '{{otherName}} a rendu {{productTitle}}. Vérifiez-le et clôturez la location, ou signalez un problème pendant la période d’inspection.',
      action: 'Vérifier le retour',
    },
  },
  'rental.completed': {
    en: {
      subject: 'How was the rental of {{productTitle}}?',
      line: 'The rental of {{productTitle}} with {{otherName}} is complete. You can now review it; reviews stay hidden until both are written or the review period ends.',
      action: 'Write your review',
    },
    fr: {
      subject: 'Comment s’est passée la location de {{productTitle}} ?',
      line: 'La location de {{productTitle}} avec {{otherName}} est terminée. Vous pouvez maintenant laisser un avis ; les avis restent cachés jusqu’à ce que les deux soient écrits ou que la période se termine.',
      action: 'Laisser un avis',
    },
  },
  'review.published': {
    en: {
      subject: 'A review of you was published',
      line: 'Someone you rented with reviewed you: {{rating}} out of 5. It is now on your profile.',
      action: 'Read it',
    },
    fr: {
      subject: 'Un avis sur vous a été publié',
      line: 'Une personne avec qui vous avez loué a laissé un avis sur vous : {{rating}} sur 5. Il est maintenant sur votre profil.',
      action: 'Le lire',
    },
  },
  'payment.failed': {
    en: {
      subject: 'Your payment of {{amount}} did not go through',
      line: 'Your payment of {{amount}} for {{productTitle}} was declined. Use another card to keep your booking.',
      action: 'Update the payment',
    },
    fr: {
      subject: 'Votre paiement de {{amount}} n’a pas abouti',
      line: 'Votre paiement de {{amount}} pour {{productTitle}} a été refusé. Utilisez une autre carte pour conserver votre réservation.',
      action: 'Mettre à jour le paiement',
    },
  },
  'payment.refunded': {
    en: {
      subject: 'You were refunded {{amount}}',
      line: 'We refunded {{amount}} for {{productTitle}} to your card. Your bank may take a few days to show it.',
      action: 'See the rental',
    },
    fr: {
      subject: 'Vous avez été remboursé de {{amount}}',
      line: 'Nous avons remboursé {{amount}} pour {{productTitle}} sur votre carte. Votre banque peut mettre quelques jours à l’afficher.',
      action: 'Voir la location',
    },
  },
  'payment.payout-sent': {
    en: {
      subject: 'You have been paid {{amount}}',
      line: 'Your share of {{amount}} for renting out {{productTitle}} was sent to your payout account.',
      action: 'See your payouts',
    },
    fr: {
      subject: 'Vous avez reçu {{amount}}',
      line: 'Votre part de {{amount}} pour la location de {{productTitle}} a été versée sur votre compte de versement.',
      action: 'Voir vos versements',
    },
  },
  'message.received': {
    en: {
      subject: '{{#if several}}{{count}} new messages{{else}}New message{{/if}} from {{otherName}}',
      line: '{{otherName}} wrote to you about {{productTitle}}{{#if several}} ({{count}} new messages){{/if}}.',
      action: 'Read and reply',
    },
    fr: {
      subject: '{{#if several}}{{count}} nouveaux messages{{else}}Nouveau message{{/if}} de {{otherName}}',
      line: '{{otherName}} vous a écrit à propos de {{productTitle}}{{#if several}} ({{count}} nouveaux messages){{/if}}.',
      action: 'Lire et répondre',
    },
  },
  'reminder.request-expiring': {
    en: {
      subject: 'Reminder: answer the request for {{productTitle}}',
      line: '{{otherName}}’s request to rent {{productTitle}} from {{startDate}} to {{endDate}} expires soon. Accept or decline it before then.',
      action: 'Answer the request',
    },
    fr: {
      subject: 'Rappel : répondez à la demande pour {{productTitle}}',
      line: 'La demande de {{otherName}} pour louer {{productTitle}} du {{startDate}} au {{endDate}} expire bientôt. Acceptez-la ou refusez-la d’ici là.',
      action: 'Répondre à la demande',
    },
  },
  'reminder.rental-starting': {
    en: {
      subject: 'Tomorrow: the rental of {{productTitle}} starts',
      line: 'The rental of {{productTitle}} with {{otherName}} starts tomorrow, {{startDate}}. Agree on the hand-over in your conversation.',
      action: 'See the rental',
    },
    fr: {
      subject: 'Demain : la location de {{productTitle}} commence',
      line: 'La location de {{productTitle}} avec {{otherName}} commence demain, le {{startDate}}. Convenez de la remise dans votre conversation.',
      action: 'Voir la location',
    },
  },
  'reminder.review-closing': {
    en: {
      subject: 'Last days to review the rental of {{productTitle}}',
      line: 'The review period of the rental of {{productTitle}} with {{otherName}} closes soon.',
      action: 'Write your review',
    },
    fr: {
      subject: 'Derniers jours pour donner votre avis sur {{productTitle}}',
      line: 'La période d’avis de la location de {{productTitle}} avec {{otherName}} se termine bientôt.',
      action: 'Laisser un avis',
    },
  },
};

export const CHROME: Record<MailLocale, { greeting: string; footer: string; unsubscribe: string }> = {
  en: {
    greeting: 'Hello {{displayName}},',
    footer: 'Choose which emails you get: {{settingsLink}}',
    unsubscribe: 'Stop these emails: {{unsubscribeUrl}}',
  },
  fr: {
    greeting: 'Bonjour {{displayName}},',
    footer: 'Choisissez les emails que vous recevez : {{settingsLink}}',
    unsubscribe: 'Ne plus recevoir ces emails : {{unsubscribeUrl}}',
  },
};
