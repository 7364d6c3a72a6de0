// Small registries: compression methods (tls-parameters-3), EC point formats (tls-parameters-9), GREASE (RFC 8701).

export const COMPRESSION_METHODS: Readonly<Record<number, string>> = { 0: 'null', 1: 'DEFLATE', 64: 'LZS' };

export const EC_POINT_FORMATS: Readonly<Record<number, string>> = {
  0: 'uncompressed',
  1: 'ansiX962_compressed_prime',
  2: 'ansiX962_compressed_char2',
};

export const PSK_KEY_EXCHANGE_MODES: Readonly<Record<number, string>> = { 0: 'psk_ke', 1: 'psk_dhe_ke' };

/** RFC 8701 §2: the sixteen two-byte GREASE values 0x0a0a, 0x1a1a, …, 0xfafa (cipher suites, extensions, groups,
 * signature algorithms, versions). */
export const GREASE_VALUES: readonly number[] = Array.from(
  { length: 16 },
  (_, i) => ((i << 4) | 0x0a) * 0x0101,
);

/** RFC 8701 §2: one-byte GREASE values for PskKeyExchangeModes: 0x0b, 0x2a, 0x49, …, 0xfa (0x0b + 0x1f·n). */
export const GREASE_PSK_MODES: readonly number[] = Array.from({ length: 8 }, (_, i) => 0x0b + 0x1f * i);
