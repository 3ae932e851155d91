// CMS structures OpenSSL cannot make here: Debian's OpenSSL is built without zlib, so
// `openssl cms -compress` fails ("unsupported compression algorithm"); CompressedData is built by hand.

/** DER of a CompressedData ContentInfo (RFC 3274 §1.1) holding these zlib bytes. */
export function compressedData(zlibBytes: Uint8Array): Uint8Array {
  const tlv = (tag: number, ...parts: Uint8Array[]) => {
    const body = Buffer.concat(parts);
    const n = body.length;
    const len = n < 128 ? [n] : n < 256 ? [0x81, n] : n < 65536 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
    return new Uint8Array(Buffer.concat([Buffer.from([tag, ...len]), body]));
  };
  const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
  const idCompressed = oid('2a864886f70d0109100109'); // 1.2.840.113549.1.9.16.1.9
  const idZlib = oid('2a864886f70d0109100308'); // 1.2.840.113549.1.9.16.3.8
  const idData = oid('2a864886f70d010701');
  const inner = tlv(0x30, idData, tlv(0xa0, tlv(0x04, zlibBytes)));
  const cd = tlv(0x30, tlv(0x02, new Uint8Array([0])), tlv(0x30, idZlib), inner);
  return tlv(0x30, idCompressed, tlv(0xa0, cd));
}
