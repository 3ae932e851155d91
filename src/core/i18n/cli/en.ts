/**
 * The command line's own lines (help, usage errors, input errors, the summary) in English: the
 * source of truth for es.ts. The explanations themselves come from the core catalogue.
 */
export const cliEn = {
  'help.usage': 'usage: veil [options] PATH...',
  'help.about':
    'Explains whether each email message is encrypted, signed or sent through a relay that hides the sender, and what a support agent can do about it. Nothing is decrypted or unmasked, and nothing leaves this machine.',
  'help.paths':
    'PATH is a message file, an mbox file (every message in it) or a folder. A folder is searched by content, not by name: every file that starts with header lines or an mbox “From ” line is read (Maildir and MH folders, Thunderbird mbox files, .eml and .msg files, any name). Other files are skipped and counted in the summary.',
  'help.options': 'Options:',
  'help.value.address': 'ADDRESS',
  'help.value.id': 'ID',
  'help.opt.json': 'print one JSON object per message (JSON Lines)',
  'help.opt.lang': 'language of the explanations and of these lines (default: en)',
  'help.opt.note': 'also print a ready-to-paste internal note for the ticket',
  'help.opt.reply': 'also print a customer reply template',
  'help.opt.written-to': 'an address customers write to (repeatable)',
  'help.opt.replies-from': 'the address the help desk sends replies from',
  'help.opt.authserv-id': 'your mail system’s name in Authentication-Results (repeatable): only the results it stamped are trusted (RFC 8601 §7.1)',
  'help.opt.help': 'show this help',
  'help.opt.version': 'show the version',
  'help.exit': 'Exit status: 0 when every message was analyzed, 1 when any failed, 2 on a usage error.',

  'usage.line': 'usage: veil [options] PATH... (see “veil --help”)',
  'usage.unknown-option': 'unknown option {option}',
  'usage.no-value': '{option} takes no value: write {option} alone',
  'usage.needs-value': '{option} needs a value',
  'usage.bad-lang': '--lang must be en or es, not “{value}”',
  'usage.no-path': 'no PATH given',

  'summary.analyzed': '{ok} of {count} messages analyzed',
  'summary.analyzed.one': '{ok} of {count} message analyzed',
  'summary.failed': '{count} failed',
  'summary.failed.one': '{count} failed',
  'summary.skipped': '{count} files skipped (not mail)',
  'summary.skipped.one': '{count} file skipped (not mail)',

  // The English texts are also the JSON `error` of an input that could not be read (stable wording).
  'input.not-found': 'no such file or directory',
  'input.file-denied': 'permission denied: the file cannot be read',
  'input.dir-denied': 'permission denied: the directory cannot be read',
  'input.is-directory': 'is a directory',
  'input.loop': 'too many levels of symbolic links',
  'input.fifo': 'not a regular file (a named pipe, FIFO); only files and directories are read',
  'input.socket': 'not a regular file (a socket); only files and directories are read',
  'input.device': 'not a regular file (a device); only files and directories are read',
  'input.special': 'not a regular file (a special file); only files and directories are read',
  'input.too-large': 'file too large ({size} bytes; the limit is {limit})',
  'input.empty': 'empty file: there is no message to analyze',
  'input.empty-mbox': 'empty mbox: no messages in it',
  'input.too-deep': 'directory nested too deep (more than {max} levels); not read',
  'input.no-mail': 'no mail found in this directory',
  'input.no-mail-skipped': 'no mail found in this directory ({count} files that are not mail)',
  'input.no-mail-skipped.one': 'no mail found in this directory ({count} file that is not mail)',
  'input.unreadable': 'cannot be read: {detail}',
} as const;

export type CliKey = keyof typeof cliEn;
/** Every CLI catalogue must have exactly these keys; a missing key is a type error. */
export type CliMessages = { readonly [K in CliKey]: string };
