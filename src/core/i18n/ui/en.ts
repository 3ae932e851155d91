/**
 * English UI catalogue: every string of the popup, the options page, the toolbar badge and the
 * in-page badges/panel. The source of truth for keys (`as const`); es.ts must have the same shape.
 * Sentences about a message itself come from the core catalogue (../en.ts), not from here.
 */
export const uiEn = {
  // Verdict chips (one per stable verdict code).
  'verdict.smime-encrypted': 'S/MIME encrypted',
  'verdict.pgp-encrypted': 'OpenPGP encrypted',
  'verdict.portal-encrypted': 'Secure portal',
  'verdict.attachment-encrypted': 'Locked attachment',
  'verdict.relay-masked': 'Masked sender',
  'verdict.smime-signed': 'S/MIME signed',
  'verdict.pgp-signed': 'OpenPGP signed',
  'verdict.plain': 'Not protected',
  'verdict.error': 'Could not read',

  // Popup.
  'popup.title': 'Veil',
  'popup.onThisPage': 'Messages on this page',
  'popup.scan': 'Scan this page',
  'popup.scanning': 'Looking for messages on this page…',
  'popup.loading': 'Loading…',
  'popup.analyzing': 'Analyzing the message…',
  'popup.empty': 'No email was found on this page.',
  'popup.emptyHelp':
    'Open a ticket in Zendesk or a message’s “Show original” view in Gmail, press “Scan this page”, or paste the raw source below.',
  'popup.noTab': 'This page cannot be read by extensions (a browser page or the extension store).',
  'popup.scanFailed': 'This page could not be scanned because {reason}. Reload the page and try again, or paste the raw source below.',
  // Counted strings: the key is the plural form, `.one` the singular; uiCount() picks (Intl.PluralRules).
  'popup.found': '{count} messages found on this page.',
  'popup.found.one': '{count} message found on this page.',
  'popup.open': 'Open the explanation for {label} ({verdict})',
  'popup.back': 'Back to the list',
  'popup.pasteTitle': 'Analyze raw source',
  'popup.pasteLabel': 'Raw message source (headers and body)',
  'popup.pastePlaceholder': 'Paste the full original message here, starting with its headers…',
  'popup.dropHint': 'or drop an .eml or Outlook .msg file here',
  'popup.chooseFile': 'Choose an .eml file',
  'popup.analyze': 'Analyze',
  'popup.pasteEmpty': 'Paste the raw source of a message first.',
  'popup.rawUnreadable': 'The raw source of this message could not be read because {reason}.',
  'popup.rawUnreadableHelp': 'Open the message’s original (“Show original” or “View original email”), copy all of it and paste it below.',
  'popup.analyzeFailed': 'The message could not be analyzed because {reason}. Check that you pasted the whole original, headers included.',
  'popup.tooLarge': 'the message is larger than {max} MB',
  'popup.fileUnreadable': 'the file could not be opened',
  'popup.noResponse': 'the extension’s background did not answer',
  'popup.noAccess': 'the browser does not let Veil read this page (open Veil from the page itself, or use the context menu there)',
  'popup.copyNote': 'Copy internal note',
  'popup.copyReply': 'Copy customer reply',
  'popup.copied': 'Copied.',
  'popup.copyFailed': 'Could not copy; select the text and copy it by hand.',
  'popup.internalNote': 'Internal note',
  'popup.customerReply': 'Reply to the customer',
  'popup.evidence': 'Evidence',
  'popup.options': 'Settings',
  'popup.pasted': 'Pasted source',
  'popup.untitled': 'Message {n}',
  'popup.domains': 'Domains',
  'popup.idnPunycode': 'shown to mail servers as {ascii}',
  'popup.idnMixed': 'mixes writing systems ({scripts}): it may imitate another domain',

  // Context menu results (shown after "could not be read because …").
  'menu.linkCrossOrigin':
    'the link points to another site and Veil only reads links on the page’s own site; download the .eml file and drop it in Veil’s window',
  'menu.linkFailed': 'the site did not return the file',

  // Toolbar badge.
  'badge.title': 'Veil: {count} protected or masked messages on this page',
  'badge.title.one': 'Veil: {count} protected or masked message on this page',
  'badge.titleNone': 'Veil: no protected or masked message on this page',

  // Options page.
  'options.title': 'Veil settings',
  'options.intro': 'Settings stay in this browser. Veil keeps only identifiers of your keys, never the keys themselves.',
  'options.language': 'Language',
  'options.languageAuto': 'Same as the browser',
  'options.support': 'Support addresses',
  'options.writtenTo': 'Addresses customers write to (one per line)',
  'options.repliesFrom': 'Address your replies come from',
  'options.authservIds': 'Your mail system’s name in Authentication-Results (optional, one per line)',
  'options.authservHelp': 'For example mx.example.com. Veil then trusts only the SPF, DKIM and DMARC results your own system stamped, and ignores any others.',
  'options.badAuthserv': '“{value}” is not a server name.',
  'options.certificates': 'Your S/MIME certificates',
  'options.certificatesHelp': 'Paste a certificate (PEM, “-----BEGIN CERTIFICATE-----”). Only its issuer, serial number and key identifier are kept.',
  'options.addCertificate': 'Add certificate',
  'options.pgpKeys': 'Your OpenPGP public keys',
  'options.pgpKeysHelp': 'Paste a public key (“-----BEGIN PGP PUBLIC KEY BLOCK-----”). Only its key ids and fingerprints are kept.',
  'options.addKey': 'Add public key',
  'options.remove': 'Remove',
  // Accessible name of one list item's Remove button: the visible word first (WCAG 2.5.3), then what.
  'options.removeItem': 'Remove {item}',
  'options.none': 'None yet.',
  'options.sites': 'Sites where badges appear',
  'options.site.zendesk': 'Zendesk (*.zendesk.com)',
  'options.site.gmail': 'Gmail (mail.google.com)',
  'options.save': 'Save',
  'options.saved': 'Saved.',
  'options.badCertificate': 'This is not a certificate Veil can read: {reason}.',
  'options.badKey': 'This is not an OpenPGP public key Veil can read: {reason}.',
  'options.privateKey': 'This is a private key. Never paste a private key anywhere; paste the public key instead.',
  'options.badAddress': '“{value}” is not an email address.',
  'options.certLine': 'Issuer {issuer}, serial {serial}',
  'options.keyLine': 'Key {id}',

  // In-page badge and panel (Zendesk, Gmail, any page on demand).
  'inpage.badgeAria': 'Veil: {verdict}. {headline} Press Enter for the explanation.',
  'inpage.loading': 'Veil…',
  'inpage.loadingAria': 'Veil is reading this message.',
  'inpage.panelTitle': 'Veil: {verdict}',
  'inpage.close': 'Close',
  'inpage.raw.gmail-open-original':
    'Veil could not read this message’s original. In Gmail open the message’s ⋮ (More) menu › “Show original”: Veil explains it on that page.',
  'inpage.raw.fetch-failed': 'The raw source of this message could not be read ({detail}). Reload the page and try again, or paste the original into Veil’s popup.',
  'inpage.raw.not-same-origin': 'Veil reads only this site’s own pages, and this message is stored elsewhere.',
  'inpage.raw.empty': 'The raw source of this message is empty.',
  'inpage.raw.signed-out': 'Veil got a sign-in page instead of this message: the session may have ended. Sign in again and reload the page.',
  'inpage.analyzeFailed': 'The message could not be analyzed because {reason}.',
  'inpage.listFailed': 'Veil could not list the messages of this page ({detail}). Reload the page, or check that you are signed in.',
} as const;

export type UiKey = keyof typeof uiEn;
/** Every UI catalogue must have exactly these keys; a missing key is a type error. */
export type UiMessages = { readonly [K in UiKey]: string };
