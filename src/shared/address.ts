/** A plain addr-spec check: enough to catch a name or a typo, not a full RFC 5322 parser. */
export function isAddress(v: string): boolean {
  // Split at the one "@" and test each side: a single pattern with "X+\.X+" backtracks on "a.a.a.a…".
  const at = v.indexOf('@');
  if (at !== v.lastIndexOf('@')) return false;
  const word = /^[^\s@<>()",;]+$/;
  const domain = v.slice(at + 1);
  return at > 0 && word.test(v.slice(0, at)) && word.test(domain) && domain.slice(1, -1).includes('.');
}
