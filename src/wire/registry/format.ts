// Convention 8: unknown values are data and render as `unknown (0x1a2b)`.

/** `0x1a2b` with the width the field has on the wire (2 hex digits per byte). */
export function hexCode(code: number, bytes = 2): string {
  return '0x' + (code >>> 0).toString(16).padStart(bytes * 2, '0');
}

export function unknownName(code: number, bytes = 2): string {
  return `unknown (${hexCode(code, bytes)})`;
}
