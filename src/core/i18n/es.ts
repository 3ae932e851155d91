import type { Messages } from './en';

/** Spanish catalogue (neutral Spanish; "usted" in anything addressed to a customer). */
export const es = {
  'headline.smime-encrypted': 'Este mensaje está cifrado con S/MIME. Solo quien tenga la clave de un destinatario puede leerlo.',
  'headline.pgp-encrypted': 'Este mensaje está cifrado con OpenPGP. Solo quien tenga la clave de un destinatario puede leerlo.',
  'headline.portal-encrypted': 'Este mensaje es un aviso de mensaje seguro. El contenido está en el portal del remitente.',
  'headline.attachment-encrypted': 'Un adjunto de este mensaje está protegido con contraseña o con una clave.',
  'headline.relay-masked': 'El remitente escribe a través de un servicio que oculta su dirección real.',
  'headline.smime-signed': 'Este mensaje está firmado con S/MIME. No está cifrado.',
  'headline.pgp-signed': 'Este mensaje está firmado con OpenPGP. No está cifrado.',
  'headline.plain': 'Este mensaje no está cifrado, ni firmado, ni enmascarado.',
  'headline.error': 'No se pudo leer este mensaje.',
  'section.what': 'Qué encontró Veil',
  'section.error': 'Qué falló',
  'section.technical': 'Detalles técnicos',
  'what.layer': 'Capa {scheme} ({kind}) en la parte {part}.',
  'what.none': 'No se encontró cifrado, firma ni reenvío enmascarado.',
  'technical.parts': 'El mensaje tiene {count} partes MIME y {hops} cabeceras Received.',
} as const satisfies Messages;
