#!/usr/bin/env bash
# Regenerates samples/: a handful of messages a support agent meets, made with real tools
# (OpenSSL, GnuPG) and throwaway keys created here and deleted at the end. Addresses are
# example.com / example.net, except the relay domains, which must be the real ones to be recognised.
# Usage: bash scripts/make-samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=samples
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export GNUPGHOME="$TMP/gnupg"
mkdir -m 700 "$GNUPGHOME"
DATE="Tue, 04 Nov 2025 09:30:00 +0000"

# --- throwaway S/MIME identities -------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/ca.key" -out "$TMP/ca.pem" -days 3650 \
  -subj "/O=Example Customer Ltd/CN=Example Customer Issuing CA" 2>/dev/null
mkcert() { # name email
  openssl req -newkey rsa:2048 -nodes -keyout "$TMP/$1.key" -out "$TMP/$1.csr" -subj "/O=Example/CN=$1/emailAddress=$2" 2>/dev/null
  printf 'subjectAltName=email:%s\nsubjectKeyIdentifier=hash\n' "$2" > "$TMP/$1.ext"
  openssl x509 -req -in "$TMP/$1.csr" -CA "$TMP/ca.pem" -CAkey "$TMP/ca.key" -CAcreateserial -days 825 \
    -extfile "$TMP/$1.ext" -out "$TMP/$1.pem" 2>/dev/null
}
mkcert "Dana Customer" dana@example.com
mkcert "Example Support" support@example.net

printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nHello, my invoice number is 4711. Please call me back.\r\n' > "$TMP/body.txt"

openssl cms -encrypt -aes-256-cbc -in "$TMP/body.txt" -from "Dana Customer <dana@example.com>" \
  -to "Example Support <support@example.net>" -subject "Invoice question" "$TMP/Example Support.pem" > "$TMP/enc.eml"
{ printf 'Date: %s\r\nMessage-ID: <smime-enc-1@example.com>\r\n' "$DATE"; cat "$TMP/enc.eml"; } > "$OUT/smime-encrypted.eml"

openssl cms -sign -nodetach -in "$TMP/body.txt" -signer "$TMP/Dana Customer.pem" -inkey "$TMP/Dana Customer.key" \
  -from "Dana Customer <dana@example.com>" -to "support@example.net" -subject "Signed, not encrypted" > "$TMP/opaque.eml"
{ printf 'Date: %s\r\nMessage-ID: <smime-opaque-1@example.com>\r\n' "$DATE"; cat "$TMP/opaque.eml"; } > "$OUT/smime-opaque-signed.eml"

# --- throwaway OpenPGP identities ------------------------------------------------------------
gpg --batch --quiet --passphrase '' --quick-gen-key "Support Team <support@example.net>" default default never 2>/dev/null
gpg --batch --quiet --armor --trust-model always --encrypt -r support@example.net -o "$TMP/msg.asc" "$TMP/body.txt"
BOUND="pgp-$(openssl rand -hex 8)"
{
  printf 'From: Dana Customer <dana@example.com>\r\nTo: support@example.net\r\nSubject: ...\r\nDate: %s\r\n' "$DATE"
  printf 'Message-ID: <pgp-mime-1@example.com>\r\nMIME-Version: 1.0\r\n'
  printf 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="%s"\r\n\r\n' "$BOUND"
  printf 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--%s\r\n' "$BOUND"
  printf 'Content-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n--%s\r\n' "$BOUND"
  printf 'Content-Type: application/octet-stream; name="encrypted.asc"\r\nContent-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename="encrypted.asc"\r\n\r\n'
  sed 's/$/\r/' "$TMP/msg.asc"
  printf '\r\n--%s--\r\n' "$BOUND"
} > "$OUT/pgp-mime-encrypted.eml"

# --- relays (reply legs as the help desk receives them; random aliases) ------------------------
FX=$(openssl rand -hex 5 | cut -c1-9)
{
  printf 'Subject: Re: Your order 1234\r\nFrom: %s@mozmail.com\r\nTo: orders@example.net\r\nReply-To: %s@mozmail.com\r\n' "$FX" "$FX"
  printf 'Date: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n' "$DATE"
  printf 'Hi, the parcel still has not arrived. Can you check?\r\n'
} > "$OUT/firefox-relay-reply.eml"

SL="$(shuf -n1 -e amber brisk cedar delta ember)_$(shuf -n1 -e falcon grove harbor island jungle)$(shuf -i 100-999 -n1)"
{
  printf 'Received: from mail-200162.simplelogin.co (mail-200162.simplelogin.co [176.119.200.162])\r\n\tby mx.example.net (Postfix) with ESMTPS id 4Q9x2;\r\n\t%s\r\n' "$DATE"
  printf 'From: %s@aleeas.com\r\nTo: help@example.net\r\nSubject: Re: Refund request\r\nDate: %s\r\n' "$SL" "$DATE"
  printf 'Message-ID: <176245860012.7.2917264.%s@aleeas.com>\r\nIn-Reply-To: <ticket-88@example.net>\r\nReferences: <ticket-88@example.net>\r\n' "$(shuf -i 1000-99999 -n1)"
  printf 'X-SimpleLogin-Type: Reply\r\nX-SimpleLogin-EmailLog-ID: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' "$(shuf -i 1000-99999 -n1)"
  printf 'Thanks, I will wait for the refund.\r\n'
} > "$OUT/simplelogin-reply.eml"

# --- a vendor portal notice (Proofpoint-style envelope attachment) ------------------------------
B2="pp-$(openssl rand -hex 6)"
{
  printf 'From: Accounts <accounts@example.org>\r\nTo: support@example.net\r\nSubject: [Secure] Statement for October\r\nDate: %s\r\n' "$DATE"
  printf 'Message-ID: <portal-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="%s"\r\n\r\n--%s\r\n' "$B2" "$B2"
  printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nYou have received a secure message.\r\nRead your secure message by opening the attachment, SecureMessageAtt.html.\r\n\r\n--%s\r\n' "$B2"
  printf 'Content-Type: text/html; name="SecureMessageAtt.html"\r\nContent-Disposition: attachment; filename="SecureMessageAtt.html"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
  printf '<html><body><form action="https://securemail.example.org/formpostdir/securereader"><input type="hidden" name="msg" value="%s"><button>Click to read message</button></form></body></html>' "$(openssl rand -hex 64)" | base64 -w 76 | sed 's/$/\r/'
  printf '\r\n--%s--\r\n' "$B2"
} > "$OUT/proofpoint-secure-message.eml"

# --- plain mail with TLS on some hops ------------------------------------------------------------
{
  printf 'Received: from mx.example.net by mailstore.example.net with LMTP id 8d3k; %s\r\n' "$DATE"
  printf 'Received: from out.example.com (out.example.com [192.0.2.10])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n\tby mx.example.net (Postfix) with ESMTPS id 4Q9x3 for <support@example.net>; %s\r\n' "$DATE"
  printf 'Received: from [198.51.100.7] by out.example.com with ESMTP id 77a; %s\r\n' "$DATE"
  printf 'Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; dmarc=pass header.from=example.com\r\n'
  printf 'From: Lee Customer <lee@example.com>\r\nTo: support@example.net\r\nSubject: Password reset does not arrive\r\nDate: %s\r\nMessage-ID: <plain-1@example.com>\r\n' "$DATE"
  printf 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, I asked for a password reset twice and got nothing.\r\n'
} > "$OUT/plain-with-tls.eml"

# --- an encrypted ZIP attachment next to a readable body --------------------------------------------
if command -v zip >/dev/null; then
  printf 'Order 4711: 3 items\n' > "$TMP/order.txt"
  (cd "$TMP" && zip -q -P "$(openssl rand -hex 8)" order.zip order.txt)
  B3="zip-$(openssl rand -hex 6)"
  {
    printf 'From: Sam Customer <sam@example.com>\r\nTo: support@example.net\r\nSubject: The documents you asked for\r\nDate: %s\r\n' "$DATE"
    printf 'Message-ID: <zip-1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="%s"\r\n\r\n--%s\r\n' "$B3" "$B3"
    printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nHere is the file. I will text you the password.\r\n\r\n--%s\r\n' "$B3"
    printf 'Content-Type: application/zip; name="order.zip"\r\nContent-Disposition: attachment; filename="order.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    base64 -w 76 "$TMP/order.zip" | sed 's/$/\r/'
    printf '\r\n--%s--\r\n' "$B3"
  } > "$OUT/encrypted-zip-attachment.eml"
fi

echo "samples written to $OUT/"
