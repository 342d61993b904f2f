import type { MailTemplate } from '../../../../platform/mail/mail-template';

export const DATA_EXPORT_READY_MAIL = 'identity.data-export-ready';

/** Data: `displayName`, `link` (the export's page in the web app), `expiresOn` (YYYY-MM-DD, UTC). */
export const dataExportReadyMail: MailTemplate = {
  name: DATA_EXPORT_READY_MAIL,
  subject: {
    en: 'Your OneSociety data export is ready',
    fr: 'Votre export de données OneSociety est prêt',
  },
  text: {
    en: [
      'Hello {{displayName}},',
      '',
      'The copy of your OneSociety data you asked for is ready. Download it while signed in:',
      '{{link}}',
      '',
      'It can be downloaded until {{expiresOn}}; after that it is deleted and you can ask for a new one.',
      'If you did not ask for it, change your password and sign out your other sessions.',
    ].join('\n'),
    fr: [
      'Bonjour {{displayName}},',
      '',
      'La copie de vos données OneSociety que vous avez demandée est prête. Téléchargez-la une fois connecté :',
      '{{link}}',
      '',
      "Elle peut être téléchargée jusqu'au {{expiresOn}} ; ensuite elle est supprimée et vous pouvez en demander une nouvelle.",
      "Si vous ne l'avez pas demandée, changez votre mot de passe et déconnectez vos autres sessions.",
    ].join('\n'),
  },
  html: {
    en:
      '<p>Hello {{displayName}},</p>' +
      '<p>The copy of your OneSociety data you asked for is ready. ' +
      '<a href="{{link}}">Download it</a> while signed in.</p>' +
      '<p>It can be downloaded until {{expiresOn}}; after that it is deleted and you can ask for a new one.</p>' +
      '<p>If you did not ask for it, change your password and sign out your other sessions.</p>',
    fr:
      '<p>Bonjour {{displayName}},</p>' +
      '<p>La copie de vos données OneSociety que vous avez demandée est prête. ' +
      '<a href="{{link}}">Téléchargez-la</a> une fois connecté.</p>' +
      "<p>Elle peut être téléchargée jusqu'au {{expiresOn}} ; ensuite elle est supprimée et vous pouvez en demander une nouvelle.</p>" +
      "<p>Si vous ne l'avez pas demandée, changez votre mot de passe et déconnectez vos autres sessions.</p>",
  },
};
