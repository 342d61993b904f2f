import type { MailTemplate } from '../../../../platform/mail/mail-template';

/** Proving an address: sent at signup and on a re-send. Data: displayName, link. */
export const verifyEmailTemplate: MailTemplate = {
  name: 'identity.verify-email',
  subject: {
    en: 'Confirm your email address',
    fr: 'Confirmez votre adresse e-mail',
  },
  text: {
    en: `Hello {{displayName}},

Please confirm that this is your email address by opening this link:
{{link}}

Until you do, you can browse and message, but not list items or request rentals.
If you did not create a OneSociety account, ignore this email.`,
    fr: `Bonjour {{displayName}},

Merci de confirmer que cette adresse e-mail est bien la vôtre en ouvrant ce lien :
{{link}}

D'ici là, vous pouvez parcourir les annonces et envoyer des messages, mais ni publier ni louer.
Si vous n'avez pas créé de compte OneSociety, ignorez cet e-mail.`,
  },
  html: {
    en: `<p>Hello {{displayName}},</p>
<p>Please confirm that this is your email address:</p>
<p><a href="{{link}}">Confirm my email address</a></p>
<p>Until you do, you can browse and message, but not list items or request rentals.</p>
<p>If you did not create a OneSociety account, ignore this email.</p>`,
    fr: `<p>Bonjour {{displayName}},</p>
<p>Merci de confirmer que cette adresse e-mail est bien la vôtre :</p>
<p><a href="{{link}}">Confirmer mon adresse e-mail</a></p>
<p>D'ici là, vous pouvez parcourir les annonces et envoyer des messages, mais ni publier ni louer.</p>
<p>Si vous n'avez pas créé de compte OneSociety, ignorez cet e-mail.</p>`,
  },
};

/** To the new address of an email change. Data: displayName, link, newEmail. */
export const confirmEmailChangeTemplate: MailTemplate = {
  name: 'identity.confirm-email-change',
  subject: {
    en: 'Confirm your new email address',
    fr: 'Confirmez votre nouvelle adresse e-mail',
  },
  text: {
    en: `Hello {{displayName}},

You asked to use {{newEmail}} for your OneSociety account. Confirm it by opening this link:
{{link}}

Your account keeps its current address until you do. If you did not ask for this, ignore this email.`,
    fr: `Bonjour {{displayName}},

Vous avez demandé à utiliser {{newEmail}} pour votre compte OneSociety. Confirmez-le en ouvrant ce lien :
{{link}}

Votre compte garde son adresse actuelle d'ici là. Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail.`,
  },
  html: {
    en: `<p>Hello {{displayName}},</p>
<p>You asked to use <strong>{{newEmail}}</strong> for your OneSociety account.</p>
<p><a href="{{link}}">Confirm my new email address</a></p>
<p>Your account keeps its current address until you do. If you did not ask for this, ignore this email.</p>`,
    fr: `<p>Bonjour {{displayName}},</p>
<p>Vous avez demandé à utiliser <strong>{{newEmail}}</strong> pour votre compte OneSociety.</p>
<p><a href="{{link}}">Confirmer ma nouvelle adresse e-mail</a></p>
<p>Votre compte garde son adresse actuelle d'ici là. Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail.</p>`,
  },
};

/** To the old address, when a change is asked for: the owner learns of a hijack in time. Data: displayName, newEmail. */
export const emailChangeRequestedTemplate: MailTemplate = {
  name: 'identity.email-change-requested',
  subject: {
    en: 'A change of your email address was requested',
    fr: 'Un changement de votre adresse e-mail a été demandé',
  },
  text: {
    en: `Hello {{displayName}},

Someone signed in to your OneSociety account asked to change its email address to {{newEmail}}.
Nothing changes until that address is confirmed. If this was not you, change your password now.`,
    fr: `Bonjour {{displayName}},

Une personne connectée à votre compte OneSociety a demandé à changer son adresse e-mail pour {{newEmail}}.
Rien ne change tant que cette adresse n'est pas confirmée. Si ce n'est pas vous, changez votre mot de passe maintenant.`,
  },
  html: {
    en: `<p>Hello {{displayName}},</p>
<p>Someone signed in to your OneSociety account asked to change its email address to <strong>{{newEmail}}</strong>.</p>
<p>Nothing changes until that address is confirmed. If this was not you, change your password now.</p>`,
    fr: `<p>Bonjour {{displayName}},</p>
<p>Une personne connectée à votre compte OneSociety a demandé à changer son adresse e-mail pour <strong>{{newEmail}}</strong>.</p>
<p>Rien ne change tant que cette adresse n'est pas confirmée. Si ce n'est pas vous, changez votre mot de passe maintenant.</p>`,
  },
};

/** To the old address, once the new one is confirmed. Data: displayName, newEmail. */
export const emailChangedTemplate: MailTemplate = {
  name: 'identity.email-changed',
  subject: {
    en: 'Your email address was changed',
    fr: 'Votre adresse e-mail a été modifiée',
  },
  text: {
    en: `Hello {{displayName}},

Your OneSociety account now uses {{newEmail}}; this address will no longer receive its emails.
If you did not make this change, contact us by replying to this email.`,
    fr: `Bonjour {{displayName}},

Votre compte OneSociety utilise désormais {{newEmail}} ; cette adresse ne recevra plus ses e-mails.
Si vous n'êtes pas à l'origine de ce changement, contactez-nous en répondant à cet e-mail.`,
  },
  html: {
    en: `<p>Hello {{displayName}},</p>
<p>Your OneSociety account now uses <strong>{{newEmail}}</strong>; this address will no longer receive its emails.</p>
<p>If you did not make this change, contact us by replying to this email.</p>`,
    fr: `<p>Bonjour {{displayName}},</p>
<p>Votre compte OneSociety utilise désormais <strong>{{newEmail}}</strong> ; cette adresse ne recevra plus ses e-mails.</p>
<p>Si vous n'êtes pas à l'origine de ce changement, contactez-nous en répondant à cet e-mail.</p>`,
  },
};
