/** RFC 7468 textual encoding: base64 in 64-character lines between BEGIN/END labels. */
export function toPem(label: string, derBytes: Buffer): string {
  const lines = derBytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
