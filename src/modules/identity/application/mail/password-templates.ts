import type { MailTemplate } from '../../../../platform/mail/mail-template';

/** The reset link. Data: displayName, link. */
export const passwordResetTemplate: MailTemplate = {
  name: 'identity.password-reset',
  subject: {
    en: 'Reset your password',
    fr: 'Réinitialisez votre mot de passe',
  },
  text: {
    en: `Hello {{displayName}},

To choose a new password for your OneSociety account, open this link (it works once, for a short while):
{{link}}

Choosing a new password signs you out everywhere. If you did not ask for this, ignore this email: your password stays as it is.`,
    fr: `Bonjour {{displayName}},

Pour choisir un nouveau mot de passe pour votre compte OneSociety, ouvrez ce lien (valable une fois, peu de temps) :
{{link}}

Choisir un nouveau mot de passe vous déconnecte partout. Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.`,
  },
  html: {
    en: `<p>Hello {{displayName}},</p>
<p>To choose a new password for your OneSociety account, use this link (it works once, for a short while):</p>
<p><a href="{{link}}">Choose a new password</a></p>
<p>Choosing a new password signs you out everywhere. If you did not ask for this, ignore this email: your password stays as it is.</p>`,
    fr: `<p>Bonjour {{displayName}},</p>
<p>Pour choisir un nouveau mot de passe pour votre compte OneSociety, utilisez ce lien (valable une fois, peu de temps) :</p>
<p><a href="{{link}}">Choisir un nouveau mot de passe</a></p>
<p>Choisir un nouveau mot de passe vous déconnecte partout. Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.</p>`,
  },
};

/** After a reset or a change: the owner learns of it even when someone else did it. Data: displayName. */
export const passwordChangedTemplate: MailTemplate = {
  name: 'identity.password-changed',
  subject: {
    en: 'Your password was changed',
    fr: 'Votre mot de passe a été modifié',
  },
  text: {
    en: `Hello {{displayName}},

The password of your OneSociety account was just changed, and its other sessions were signed out.
If you did not do this, reset your password at once and contact us by replying to this email.`,
    fr: `Bonjour {{displayName}},

Le mot de passe de votre compte OneSociety vient d'être modifié, et ses autres sessions ont été déconnectées.
Si vous n'êtes pas à l'origine de ce changement, réinitialisez votre mot de passe sans attendre et contactez-nous en répondant à cet e-mail.`,
  },
  html: {
    en: `<p>Hello {{displayName}},</p>
<p>The password of your OneSociety account was just changed, and its other sessions were signed out.</p>
<p>If you did not do this, reset your password at once and contact us by replying to this email.</p>`,
    fr: `<p>Bonjour {{displayName}},</p>
<p>Le mot de passe de votre compte OneSociety vient d'être modifié, et ses autres sessions ont été déconnectées.</p>
<p>Si vous n'êtes pas à l'origine de ce changement, réinitialisez votre mot de passe sans attendre et contactez-nous en répondant à cet e-mail.</p>`,
  },
};
