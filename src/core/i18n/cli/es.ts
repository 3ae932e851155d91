import type { CliMessages } from './en';

/** Spanish CLI catalogue (neutral Spanish, "usted"). Same keys as en.ts, enforced by `satisfies`. */
export const cliEs = {
  'help.usage': 'uso: veil [opciones] RUTA...',
  'help.about':
    'Explica si cada mensaje de correo está cifrado, firmado o enviado a través de un servicio de reenvío privado que oculta al remitente, y qué puede hacer un agente de soporte. No se descifra ni se desenmascara nada, y nada sale de este equipo.',
  'help.paths':
    'RUTA es un archivo de mensaje, un archivo mbox (todos sus mensajes) o una carpeta. En una carpeta se busca por contenido, no por nombre: se lee todo archivo que empiece con líneas de encabezado o con una línea «From » de mbox (carpetas Maildir y MH, archivos mbox de Thunderbird, archivos .eml y .msg, con cualquier nombre). Los demás archivos se omiten y se cuentan en el resumen.',
  'help.options': 'Opciones:',
  'help.value.address': 'DIRECCIÓN',
  'help.value.id': 'NOMBRE',
  'help.opt.json': 'escribe un objeto JSON por mensaje (JSON Lines)',
  'help.opt.lang': 'idioma de las explicaciones y de estas líneas (por omisión: en)',
  'help.opt.note': 'escribe también una nota interna lista para pegar en el ticket',
  'help.opt.reply': 'escribe también una plantilla de respuesta al cliente',
  'help.opt.written-to': 'una dirección a la que escriben los clientes (se puede repetir)',
  'help.opt.replies-from': 'la dirección desde la que responde el servicio de soporte',
  'help.opt.authserv-id':
    'el nombre de su sistema de correo en Authentication-Results (se puede repetir): solo se confía en los resultados que ese sistema escribió (RFC 8601 §7.1)',
  'help.opt.help': 'muestra esta ayuda',
  'help.opt.version': 'muestra la versión',
  'help.exit': 'Estado de salida: 0 si se analizaron todos los mensajes, 1 si alguno falló, 2 ante un error de uso.',

  'usage.line': 'uso: veil [opciones] RUTA... (vea «veil --help»)',
  'usage.unknown-option': 'opción desconocida {option}',
  'usage.no-value': '{option} no lleva valor: escriba {option} sola',
  'usage.needs-value': '{option} necesita un valor',
  'usage.bad-lang': '--lang debe ser en o es, no «{value}»',
  'usage.no-path': 'falta la RUTA',

  'summary.analyzed': '{ok} de {count} mensajes analizados',
  'summary.analyzed.one': '{ok} de {count} mensaje analizado',
  'summary.failed': '{count} fallaron',
  'summary.failed.one': '{count} falló',
  'summary.skipped': '{count} archivos omitidos (no son correo)',
  'summary.skipped.one': '{count} archivo omitido (no es correo)',

  'input.not-found': 'no existe ese archivo ni esa carpeta',
  'input.file-denied': 'permiso denegado: no se puede leer el archivo',
  'input.dir-denied': 'permiso denegado: no se puede leer la carpeta',
  'input.is-directory': 'es una carpeta',
  'input.loop': 'demasiados niveles de enlaces simbólicos',
  'input.fifo': 'no es un archivo normal (es una tubería con nombre, FIFO); solo se leen archivos y carpetas',
  'input.socket': 'no es un archivo normal (es un socket); solo se leen archivos y carpetas',
  'input.device': 'no es un archivo normal (es un dispositivo); solo se leen archivos y carpetas',
  'input.special': 'no es un archivo normal (es un archivo especial); solo se leen archivos y carpetas',
  'input.too-large': 'archivo demasiado grande ({size} bytes; el límite es {limit})',
  'input.empty': 'archivo vacío: no hay ningún mensaje que analizar',
  'input.empty-mbox': 'mbox vacío: no contiene mensajes',
  'input.too-deep': 'carpeta anidada a demasiada profundidad (más de {max} niveles); no se leyó',
  'input.no-mail': 'no se encontró correo en esta carpeta',
  'input.no-mail-skipped': 'no se encontró correo en esta carpeta ({count} archivos que no son correo)',
  'input.no-mail-skipped.one': 'no se encontró correo en esta carpeta ({count} archivo que no es correo)',
  'input.unreadable': 'no se puede leer: {detail}',
} as const satisfies CliMessages;
