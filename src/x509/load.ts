// Loading every certificate/key format an admin has in hand, detected by content, not by name:
// PEM (many blocks; PKCS#1, PKCS#8, SEC1, encrypted PKCS#8 and legacy Proc-Type encryption),
// DER (certificate or key), PFX/P12 (node-forge: PBES2/AES and legacy 3DES/RC2; with or without
// MAC, key, password), P7B (PEM and DER).
// Libraries: node:crypto X509Certificate/KeyObject parse certificates and keys; node-forge does
// the PKCS#12 MAC/decryption and the PKCS#7 ASN.1. We only sniff the outer DER (der.ts) and split PEM.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import forge from 'node-forge';
import { ParseError, TlsDoctorError, oneLine } from '../errors.js';
import { ByteReader } from '../wire/byte-reader.js';
import { readTlv, sniffDer } from './der.js';
import policy from './policy.json' with { type: 'json' };

export type ContainerFormat = 'pem' | 'der' | 'pfx' | 'p7b-pem' | 'p7b-der';
export type KeyFormat =
  'pkcs8' | 'pkcs8-encrypted' | 'pkcs1' | 'pkcs1-encrypted' | 'sec1' | 'sec1-encrypted' | 'pfx';

export interface LoadedCertificate {
  der: Buffer;
  cert: X509Certificate;
  file: string;
  /** position among the certificates of its file (0-based) */
  index: number;
  /** 1-based line of the PEM block */
  line?: number;
}

export interface LoadedKey {
  key: KeyObject;
  file: string;
  index: number;
  line?: number;
  format: KeyFormat;
  encrypted: boolean;
}

export interface PfxInfo {
  /** MAC digest ('sha1', 'sha256' …), null when the PFX has no MAC (openssl -nomac) */
  mac: string | null;
  /** which password opened it: the one given, or an empty one when none was given */
  password: 'given' | 'empty' | 'none';
  certBags: number;
  keyBags: number;
  /** friendly names (Windows "Friendly name") of the bags */
  friendlyNames: string[];
}

export interface LoadedFile {
  file: string;
  format: ContainerFormat;
  size: number;
  certificates: LoadedCertificate[];
  keys: LoadedKey[];
  pfx?: PfxInfo;
  /** things skipped (CRLs, CSRs, public keys, unknown PEM labels), one line each */
  warnings: string[];
}

export interface LoadOptions {
  /** password for PFX / encrypted keys; never logged */
  password?: string;
  maxBytes?: number;
}

/**
 * A decoder's reason in one line. The libraries' own checks say what is wrong ("Too few bytes to read
 * ASN.1 value"); a TypeError or RangeError from inside them only says where they tripped
 * ("Cannot read properties of undefined (reading 'tagClass')"), which means nothing to a user.
 */
function reasonOf(e: unknown): string {
  if (e instanceof TypeError || e instanceof RangeError) return 'its structure is damaged';
  const m = oneLine(e);
  // node:crypto tries PEM before DER, and reports the PEM reader's complaint about DER it refused
  if (/PEM routines::no start line/.test(m)) return 'its DER does not decode as an X.509 certificate';
  return m;
}

function inputError(
  code: 'INPUT_FORMAT' | 'INPUT_PASSWORD' | 'INPUT_TOO_LARGE' | 'INPUT_NOT_FOUND' | 'INPUT_UNREADABLE',
  file: string,
  what: string,
  cause?: unknown,
): TlsDoctorError {
  return new TlsDoctorError(code, `${file}: ${what}`, cause === undefined ? undefined : { cause });
}

/** Reads a file after checking its size with stat, so a 50 MB file is refused before it is read. */
export async function loadFile(file: string, opts: LoadOptions = {}): Promise<LoadedFile> {
  const max = opts.maxBytes ?? policy.maxFileBytes;
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw inputError('INPUT_UNREADABLE', file, 'is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof TlsDoctorError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError('INPUT_NOT_FOUND', file, 'no such file');
    throw inputError('INPUT_UNREADABLE', file, `cannot read: ${oneLine(e)}`);
  }
  if (size > max)
    throw inputError(
      'INPUT_TOO_LARGE',
      file,
      `is ${size} bytes; certificate and key files are at most ${max} bytes — is this the right file?`,
    );
  let buf: Buffer;
  try {
    // read at most max+1 bytes even if the file grew after stat
    const fh = await open(file, 'r');
    try {
      const b = Buffer.alloc(Math.min(size, max) + 1);
      const { bytesRead } = await fh.read(b, 0, b.length, 0);
      buf = b.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw inputError('INPUT_UNREADABLE', file, `cannot read: ${oneLine(e)}`);
  }
  if (buf.length > max) throw inputError('INPUT_TOO_LARGE', file, `is larger than ${max} bytes`);
  return loadBuffer(buf, file, opts);
}

/** Parses bytes already in memory; `file` names them in errors. Throws TlsDoctorError (INPUT_*) only. */
export function loadBuffer(input: Buffer, file: string, opts: LoadOptions = {}): LoadedFile {
  const max = opts.maxBytes ?? policy.maxFileBytes;
  // PEM saved by Windows PowerShell 5.1 (`Out-File`, `>`) is UTF-16 with a byte order mark
  const buf = utf16PemAsUtf8(input);
  if (buf.length > max)
    throw inputError('INPUT_TOO_LARGE', file, `is ${buf.length} bytes; at most ${max} allowed`);
  if (buf.length === 0) throw inputError('INPUT_FORMAT', file, 'is empty');
  try {
    if (looksLikePem(buf)) return loadPem(buf, file, opts);
    return loadDer(buf, file, opts);
  } catch (e) {
    if (e instanceof ParseError) throw inputError('INPUT_FORMAT', file, `not valid DER: ${e.message}`, e);
    if (e instanceof TlsDoctorError) throw e;
    throw inputError('INPUT_FORMAT', file, reasonOf(e), e);
  }
}

/** UTF-16 text (LE or BE, with its BOM) as UTF-8 when it is PEM; any other bytes unchanged */
function utf16PemAsUtf8(buf: Buffer): Buffer {
  const le = buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe;
  const be = buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff;
  if (!le && !be) return buf;
  const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
  const text = (be ? body.swap16() : body).toString('utf16le');
  return text.includes('-----BEGIN ') ? Buffer.from(text, 'utf8') : buf;
}

function looksLikePem(buf: Buffer): boolean {
  const head = buf.subarray(0, Math.min(buf.length, 64 * 1024)).toString('latin1');
  return head.includes('-----BEGIN ');
}

// ---------------------------------------------------------------- PEM (RFC 7468)

interface PemBlock {
  label: string;
  headers: Record<string, string>;
  der: Buffer;
  line: number;
}

const BASE64_LINE = /^[A-Za-z0-9+/=]+$/;

/**
 * RFC 7468 textual encoding. Explanatory text between blocks is allowed (openssl writes
 * "Bag Attributes", "subject=…" lines) but binary bytes, a stray base64 line outside a block, a
 * BEGIN without END, or a bad character inside a block are errors naming the line.
 */
export function splitPem(text: string, file: string): PemBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: PemBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const begin = /^-----BEGIN ([A-Z0-9 #-]+)-----\s*$/.exec(line.trim());
    if (!begin) {
      checkBetweenBlocks(line, i + 1, file);
      i++;
      continue;
    }
    const label = begin[1]!;
    const startLine = i + 1;
    const headers: Record<string, string> = {};
    const body: string[] = [];
    i++;
    let ended = false;
    let inHeaders = true;
    while (i < lines.length) {
      const l = lines[i]!.trim();
      if (l.startsWith('-----END ')) {
        const end = /^-----END ([A-Z0-9 #-]+)-----$/.exec(l);
        if (!end || end[1] !== label)
          throw inputError(
            'INPUT_FORMAT',
            file,
            `line ${i + 1}: "${l.slice(0, 40)}" does not close the "BEGIN ${label}" block of line ${startLine}`,
          );
        ended = true;
        i++;
        break;
      }
      if (l.startsWith('-----BEGIN '))
        throw inputError(
          'INPUT_FORMAT',
          file,
          `line ${i + 1}: a new BEGIN line inside the "BEGIN ${label}" block of line ${startLine} (missing END line)`,
        );
      if (inHeaders && /^[A-Za-z-]+:\s/.test(l)) {
        const idx = l.indexOf(':');
        headers[l.slice(0, idx)] = l.slice(idx + 1).trim();
      } else if (l !== '') {
        inHeaders = false;
        if (!BASE64_LINE.test(l))
          throw inputError(
            'INPUT_FORMAT',
            file,
            `line ${i + 1}: invalid character in the base64 of the "${label}" block of line ${startLine}`,
          );
        body.push(l);
      }
      i++;
    }
    if (!ended)
      throw inputError(
        'INPUT_FORMAT',
        file,
        `the "BEGIN ${label}" block of line ${startLine} has no END line (file truncated?)`,
      );
    const b64 = body.join('');
    if (b64.length % 4 !== 0 || /=[^=]/.test(b64))
      throw inputError(
        'INPUT_FORMAT',
        file,
        `the base64 of the "${label}" block of line ${startLine} is damaged (length ${b64.length} is not a multiple of 4, or padding in the middle)`,
      );
    blocks.push({ label, headers, der: Buffer.from(b64, 'base64'), line: startLine });
  }
  return blocks;
}

function checkBetweenBlocks(line: string, lineNo: number, file: string): void {
  // Text outside the blocks is skipped, as OpenSSL's PEM reader does, even when it is not UTF-8
  // (`openssl x509 -text` prints a name's raw bytes); control characters mean binary data.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(line)) {
    throw inputError('INPUT_FORMAT', file, `line ${lineNo}: binary garbage between PEM blocks`);
  }
  const t = line.trim();
  if (t.length >= 40 && BASE64_LINE.test(t)) {
    throw inputError(
      'INPUT_FORMAT',
      file,
      `line ${lineNo}: base64 data outside any BEGIN/END block (a damaged or half-pasted PEM block?)`,
    );
  }
}

function loadPem(buf: Buffer, file: string, opts: LoadOptions): LoadedFile {
  const text = buf.toString('utf8');
  const blocks = splitPem(text, file);
  const out: LoadedFile = { file, format: 'pem', size: buf.length, certificates: [], keys: [], warnings: [] };
  if (blocks.length === 0)
    throw inputError('INPUT_FORMAT', file, 'has a BEGIN line but no complete PEM block');
  for (const b of blocks) {
    const where = `line ${b.line}`;
    switch (b.label) {
      case 'CERTIFICATE':
      case 'X509 CERTIFICATE':
        addCertificate(out, b.der, file, where, b.line);
        break;
      case 'TRUSTED CERTIFICATE': {
        // OpenSSL's "trusted" form: the certificate followed by its trust settings
        const r = new ByteReader(b.der, { path: ['TRUSTED CERTIFICATE'] });
        const t = readTlv(r, 'Certificate');
        const der = b.der.subarray(0, t.body.offset + t.body.remaining);
        addCertificate(out, der, file, where, b.line);
        break;
      }
      case 'PKCS7':
      case 'CERTIFICATE CHAIN':
        out.format = 'p7b-pem';
        for (const der of pkcs7Certificates(b.der, file)) addCertificate(out, der, file, where, b.line);
        break;
      case 'PRIVATE KEY':
        addKey(
          out,
          () => createPrivateKey({ key: b.der, format: 'der', type: 'pkcs8' }),
          file,
          where,
          'pkcs8',
          false,
          b.line,
        );
        break;
      case 'ENCRYPTED PRIVATE KEY':
        addKey(
          out,
          () =>
            createPrivateKey({
              key: boundedPkcs8(b.der, file, where),
              format: 'der',
              type: 'pkcs8',
              passphrase: needPassword(opts, file, where),
            }),
          file,
          where,
          'pkcs8-encrypted',
          true,
          b.line,
        );
        break;
      case 'RSA PRIVATE KEY':
      case 'EC PRIVATE KEY': {
        const pkcs1 = b.label === 'RSA PRIVATE KEY';
        const encrypted = (b.headers['Proc-Type'] ?? '').includes('ENCRYPTED');
        const fmt: KeyFormat = pkcs1
          ? encrypted
            ? 'pkcs1-encrypted'
            : 'pkcs1'
          : encrypted
            ? 'sec1-encrypted'
            : 'sec1';
        // legacy OpenSSL encryption lives in the PEM headers, so node:crypto gets the PEM text
        const pem = encrypted ? reassemblePem(b) : undefined;
        addKey(
          out,
          () =>
            pem
              ? createPrivateKey({ key: pem, format: 'pem', passphrase: needPassword(opts, file, where) })
              : createPrivateKey({ key: b.der, format: 'der', type: pkcs1 ? 'pkcs1' : 'sec1' }),
          file,
          where,
          fmt,
          encrypted,
          b.line,
        );
        break;
      }
      case 'CERTIFICATE REQUEST':
      case 'NEW CERTIFICATE REQUEST':
        out.warnings.push(
          `${file} ${where}: a certificate request (CSR) — skipped; the CA turns it into a certificate`,
        );
        break;
      case 'X509 CRL':
      case 'PUBLIC KEY':
      case 'RSA PUBLIC KEY':
      case 'EC PARAMETERS':
      case 'DH PARAMETERS':
        out.warnings.push(`${file} ${where}: ${b.label} — skipped`);
        break;
      default:
        out.warnings.push(`${file} ${where}: unknown PEM block "${b.label}" — skipped`);
    }
    if (out.certificates.length > policy.maxCertificatesPerFile)
      throw inputError('INPUT_TOO_LARGE', file, `more than ${policy.maxCertificatesPerFile} certificates`);
  }
  if (out.certificates.length === 0 && out.keys.length === 0) {
    throw inputError(
      'INPUT_FORMAT',
      file,
      `contains no certificate or private key (${out.warnings.length} other block(s): ${blocks.map((b) => b.label).join(', ')})`,
    );
  }
  return out;
}

function reassemblePem(b: PemBlock): string {
  const headers = Object.entries(b.headers)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
  const b64 = b.der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${b.label}-----\n${headers}\n${b64}-----END ${b.label}-----\n`;
}

function needPassword(opts: LoadOptions, file: string, where: string): string {
  if (opts.password === undefined)
    throw inputError(
      'INPUT_PASSWORD',
      file,
      `${where}: the private key is encrypted and no password was given (use --password-file FILE or the TLSDOCTOR_PASSWORD environment variable)`,
    );
  return opts.password;
}

function addCertificate(out: LoadedFile, der: Buffer, file: string, where: string, line?: number): void {
  let cert: X509Certificate;
  try {
    // node:crypto parses leniently past the end; insist the DER is exactly one Certificate
    sniffOrThrow(der, file, where, 'certificate');
    cert = new X509Certificate(der);
  } catch (e) {
    if (e instanceof TlsDoctorError) throw e;
    throw inputError('INPUT_FORMAT', file, `${where}: the certificate cannot be parsed (${reasonOf(e)})`, e);
  }
  out.certificates.push({
    der: Buffer.from(der),
    cert,
    file,
    index: out.certificates.length,
    ...(line !== undefined ? { line } : {}),
  });
}

function sniffOrThrow(der: Buffer, file: string, where: string, expected: string): void {
  let kind: string;
  try {
    kind = sniffDer(der);
  } catch (e) {
    if (e instanceof ParseError)
      throw inputError('INPUT_FORMAT', file, `${where}: ${expected} is not valid DER: ${e.message}`, e);
    throw e;
  }
  if (kind !== expected)
    throw inputError(
      'INPUT_FORMAT',
      file,
      `${where}: expected a ${expected}, found ${kind === 'unknown' ? 'an unknown DER structure' : `a ${kind}`}`,
    );
}

function addKey(
  out: LoadedFile,
  make: () => KeyObject,
  file: string,
  where: string,
  format: KeyFormat,
  encrypted: boolean,
  line?: number,
): void {
  let key: KeyObject;
  try {
    key = make();
  } catch (e) {
    if (e instanceof TlsDoctorError) throw e;
    const code = (e as { code?: string }).code ?? '';
    const msg = oneLine(e);
    if (
      encrypted &&
      (/BAD_DECRYPT|bad decrypt|DECRYPT/i.test(code + msg) || code === 'ERR_OSSL_EVP_BAD_DECRYPT')
    ) {
      throw inputError('INPUT_PASSWORD', file, `${where}: wrong password for the encrypted private key`);
    }
    if (code === 'ERR_MISSING_PASSPHRASE')
      throw inputError(
        'INPUT_PASSWORD',
        file,
        `${where}: the private key is encrypted and no password was given`,
      );
    if (encrypted)
      throw inputError(
        'INPUT_PASSWORD',
        file,
        `${where}: cannot decrypt the private key — wrong password, or the key is damaged`,
      );
    throw inputError(
      'INPUT_FORMAT',
      file,
      `${where}: the private key cannot be parsed (${msg.replace(/^error:[0-9A-F]+:/, '')})`,
    );
  }
  out.keys.push({
    key,
    file,
    index: out.keys.length,
    format,
    encrypted,
    ...(line !== undefined ? { line } : {}),
  });
}

// ---------------------------------------------------------------- DER

function loadDer(buf: Buffer, file: string, opts: LoadOptions): LoadedFile {
  const first = buf[0];
  if (first !== 0x30) {
    const printable = buf.subarray(0, 256).toString('latin1');
    // eslint-disable-next-line no-control-regex
    const isText = !/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/.test(printable);
    if (isText)
      throw inputError(
        'INPUT_FORMAT',
        file,
        'is text but has no "-----BEGIN …-----" PEM block: not a certificate, key, PFX or P7B',
      );
    throw inputError(
      'INPUT_FORMAT',
      file,
      `not a certificate, key, PFX or P7B: starts with byte 0x${(first ?? 0).toString(16).padStart(2, '0')}, expected PEM text or a DER SEQUENCE (0x30)`,
    );
  }
  const kind = sniffDer(buf);
  const out: LoadedFile = { file, format: 'der', size: buf.length, certificates: [], keys: [], warnings: [] };
  switch (kind) {
    case 'certificate':
      addCertificate(out, buf, file, 'DER');
      return out;
    case 'pkcs7':
      out.format = 'p7b-der';
      for (const der of pkcs7Certificates(buf, file)) addCertificate(out, der, file, 'P7B');
      if (out.certificates.length === 0)
        throw inputError('INPUT_FORMAT', file, 'PKCS#7 file holds no certificates');
      return out;
    case 'pfx':
      return loadPfx(buf, file, opts);
    case 'pkcs8':
      addKey(
        out,
        () => createPrivateKey({ key: buf, format: 'der', type: 'pkcs8' }),
        file,
        'DER',
        'pkcs8',
        false,
      );
      return out;
    case 'pkcs8-encrypted':
      addKey(
        out,
        () =>
          createPrivateKey({
            key: boundedPkcs8(buf, file, 'DER'),
            format: 'der',
            type: 'pkcs8',
            passphrase: needPassword(opts, file, 'DER'),
          }),
        file,
        'DER',
        'pkcs8-encrypted',
        true,
      );
      return out;
    case 'pkcs1':
      addKey(
        out,
        () => createPrivateKey({ key: buf, format: 'der', type: 'pkcs1' }),
        file,
        'DER',
        'pkcs1',
        false,
      );
      return out;
    case 'sec1':
      addKey(
        out,
        () => createPrivateKey({ key: buf, format: 'der', type: 'sec1' }),
        file,
        'DER',
        'sec1',
        false,
      );
      return out;
    case 'csr':
      throw inputError(
        'INPUT_FORMAT',
        file,
        'is a certificate request (CSR), not a certificate: send it to the CA and use the certificate it returns',
      );
    case 'spki':
      throw inputError('INPUT_FORMAT', file, 'is a public key, not a certificate or private key');
    default:
      throw inputError(
        'INPUT_FORMAT',
        file,
        'is a DER SEQUENCE but not a certificate, private key, PFX or PKCS#7',
      );
  }
}

// ---------------------------------------------------------------- PKCS#7 (RFC 2315 / 5652)

/** SignedData.certificates [0] IMPLICIT SET OF Certificate — node-forge parses the ASN.1; its own
 * PKCS#7 object model only accepts RSA certificates, so we keep each certificate's DER as is. */
function pkcs7Certificates(der: Buffer, file: string): Buffer[] {
  let root: forge.asn1.Asn1;
  try {
    root = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
    } as never);
  } catch (e) {
    throw inputError('INPUT_FORMAT', file, `PKCS#7 is not valid DER (${reasonOf(e)})`, e);
  }
  const { asn1 } = forge;
  const children = (n: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] =>
    n && Array.isArray(n.value) ? (n.value as forge.asn1.Asn1[]) : [];
  const [oidNode, content] = children(root);
  if (!oidNode || oidNode.type !== asn1.Type.OID)
    throw inputError('INPUT_FORMAT', file, 'PKCS#7 ContentInfo lacks its content type');
  const oid = asn1.derToOid(oidNode.value as string);
  if (oid !== '1.2.840.113549.1.7.2')
    throw inputError(
      'INPUT_FORMAT',
      file,
      `PKCS#7 content type ${oid} is not signedData (1.2.840.113549.1.7.2)`,
    );
  const signedData = children(content)[0];
  const certSet = children(signedData).find(
    (n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0,
  );
  return children(certSet)
    .filter((c) => c.tagClass === asn1.Class.UNIVERSAL && c.type === asn1.Type.SEQUENCE)
    .map((c) => Buffer.from(asn1.toDer(c).getBytes(), 'binary'));
}

// ---------------------------------------------------------------- PFX / PKCS#12 (RFC 7292)

function loadPfx(buf: Buffer, file: string, opts: LoadOptions): LoadedFile {
  const { asn1 } = forge;
  let root: forge.asn1.Asn1;
  try {
    root = asn1.fromDer(forge.util.createBuffer(buf.toString('binary')), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
    } as never);
  } catch (e) {
    throw inputError('INPUT_FORMAT', file, `PFX is not valid DER (${reasonOf(e)})`, e);
  }
  // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
  const top = root.value as forge.asn1.Asn1[];
  const macData = top[2];
  let mac: string | null = null;
  if (macData && Array.isArray(macData.value)) {
    try {
      const digestInfo = (macData.value as forge.asn1.Asn1[])[0]!;
      const algId = (digestInfo.value as forge.asn1.Asn1[])[0]!;
      const oid = asn1.derToOid((algId.value as forge.asn1.Asn1[])[0]!.value as string);
      mac = forge.pki.oids[oid] ?? oid;
    } catch {
      mac = 'unknown';
    }
  }
  const iterations = maxIterations(root);
  if (iterations > policy.maxPfxIterations) throw kdfLimitError(file, iterations);
  // which passwords to try: the one given; else empty as BMPString "" and as no bytes at all
  // (OpenSSL accepts both for `-passout pass:`)
  const attempts: Array<{ pw: string | undefined; label: PfxInfo['password'] }> =
    opts.password !== undefined && opts.password !== ''
      ? [{ pw: opts.password, label: 'given' }]
      : [
          { pw: '', label: opts.password === '' ? 'given' : 'empty' },
          { pw: undefined, label: 'none' },
        ];
  let p12: forge.pkcs12.Pkcs12Pfx | undefined;
  let used: PfxInfo['password'] = 'none';
  let lastError: unknown;
  for (const a of attempts) {
    try {
      p12 = withBoundedKdf(() => forge.pkcs12.pkcs12FromAsn1(root, true, a.pw as string));
      used = a.label;
      break;
    } catch (e) {
      if (e instanceof KdfLimitError) throw kdfLimitError(file, e.iterations);
      lastError = e;
    }
  }
  // PBES2/PBKDF2 takes the password as UTF-8 bytes (RFC 8018, as OpenSSL and Windows write it), the
  // PKCS#12 KDF of the MAC as BMPString; forge uses one string for both. When the MAC passed but the
  // key did not decrypt with a non-ASCII password, decrypt again with its UTF-8 bytes (MAC already verified).
  if (
    !p12 &&
    opts.password &&
    [...opts.password].some((ch) => ch.charCodeAt(0) > 0x7f) &&
    /ShroudedKeyBag|SafeContents/.test(oneLine(lastError))
  ) {
    try {
      const again = asn1.fromDer(forge.util.createBuffer(buf.toString('binary')), {
        strict: true,
        parseAllBytes: true,
        decodeBitStrings: false,
      } as never);
      (again.value as forge.asn1.Asn1[]).splice(2); // MacData, verified above
      p12 = withBoundedKdf(() =>
        forge.pkcs12.pkcs12FromAsn1(again, true, forge.util.encodeUtf8(opts.password as string)),
      );
      used = 'given';
    } catch (e) {
      if (e instanceof KdfLimitError) throw kdfLimitError(file, e.iterations);
      lastError = e;
    }
  }
  if (!p12) {
    const msg = oneLine(lastError);
    if (/ShroudedKeyBag|SafeContents/.test(msg) && mac !== null) {
      throw inputError(
        'INPUT_PASSWORD',
        file,
        'the PFX integrity check (MAC) passed but its contents do not decrypt with this password (a PFX whose key has its own password?)',
      );
    }
    if (mac === null) {
      // no MAC: nothing tells a wrong password from a damaged file but the failed decryption
      throw inputError(
        'INPUT_PASSWORD',
        file,
        `the PFX has no integrity check (MAC) and cannot be decrypted — wrong password, or the file is damaged (${msg.replace(/\.$/, '')})`,
      );
    }
    if (/MAC could not be verified|Invalid password/i.test(msg)) {
      if (opts.password === undefined)
        throw inputError(
          'INPUT_PASSWORD',
          file,
          'the PFX is password-protected and no password was given (use --password-file FILE or the TLSDOCTOR_PASSWORD environment variable)',
        );
      throw inputError(
        'INPUT_PASSWORD',
        file,
        'wrong password, or the PFX was altered: its integrity check (MAC) failed',
      );
    }
    const reason = reasonOf(lastError).replace(/\.$/, '');
    throw inputError('INPUT_FORMAT', file, `PFX cannot be read (${reason})`, lastError);
  }
  const out: LoadedFile = { file, format: 'pfx', size: buf.length, certificates: [], keys: [], warnings: [] };
  const friendlyNames: string[] = [];
  let certBags = 0;
  let keyBags = 0;
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      const fn = bag.attributes?.friendlyName?.[0];
      if (typeof fn === 'string' && !friendlyNames.includes(fn)) friendlyNames.push(fn);
      const anyBag = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
      if (bag.type === forge.pki.oids.certBag) {
        certBags++;
        const certAsn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : anyBag.asn1;
        if (!certAsn1) {
          out.warnings.push(`${file}: a certificate bag that is not X.509 — skipped`);
          continue;
        }
        addCertificate(
          out,
          Buffer.from(asn1.toDer(certAsn1).getBytes(), 'binary'),
          file,
          `PFX certificate bag ${certBags}`,
        );
      } else if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
        keyBags++;
        // RSA keys become forge objects; EC/Ed25519 keys stay ASN.1 (PrivateKeyInfo) — both go to node:crypto as PKCS#8 DER
        const pki = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : anyBag.asn1;
        if (!pki) {
          throw inputError(
            'INPUT_PASSWORD',
            file,
            'the private key in the PFX cannot be decrypted — wrong password?',
          );
        }
        const der = Buffer.from(asn1.toDer(pki).getBytes(), 'binary');
        addKey(
          out,
          () => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
          file,
          `PFX key bag ${keyBags}`,
          'pfx',
          bag.type === forge.pki.oids.pkcs8ShroudedKeyBag,
        );
      }
    }
  }
  out.pfx = { mac, password: used, certBags, keyBags, friendlyNames };
  if (out.certificates.length === 0 && out.keys.length === 0)
    throw inputError('INPUT_FORMAT', file, 'the PFX holds neither certificates nor keys');
  return out;
}

class KdfLimitError extends Error {
  constructor(readonly iterations: number) {
    super(`key derivation asks for ${iterations} iterations`);
  }
}

function kdfLimitError(file: string, iterations: number, what = 'PFX'): TlsDoctorError {
  return inputError(
    'INPUT_FORMAT',
    file,
    `${what} asks for ${iterations > 1e15 ? 'an absurd number of' : iterations} key-derivation iterations, above the limit of ${policy.maxPfxIterations} (a damaged or hostile file?)`,
  );
}

/**
 * Runs `fn` with every key-derivation function node-forge uses while reading PKCS#12 (PBKDF2 of
 * RFC 8018, the PKCS#12 KDF of RFC 7292 appendix B for the MAC and the legacy PBE schemes) refusing
 * iteration counts above the policy limit. The parameters of a key bag nested inside an encrypted
 * SafeContents are readable only after that layer is decrypted, so a check before parsing cannot see
 * them; bounding the KDF itself covers every level. forge looks these functions up at call time.
 */
function withBoundedKdf<T>(fn: () => T): T {
  const pkcs5 = forge.pkcs5 as { pbkdf2: (...a: unknown[]) => unknown };
  const pbe = (forge.pki as unknown as { pbe: unknown }).pbe as {
    generatePkcs12Key: (...a: unknown[]) => unknown;
  };
  const p12 = forge.pkcs12 as unknown as { generateKey: (...a: unknown[]) => unknown };
  const saved = { pbkdf2: pkcs5.pbkdf2, pbe: pbe.generatePkcs12Key, p12: p12.generateKey };
  const check = (n: unknown): void => {
    if (typeof n !== 'number' || !Number.isFinite(n) || n > policy.maxPfxIterations)
      throw new KdfLimitError(typeof n === 'number' ? n : Number.POSITIVE_INFINITY);
  };
  // pbkdf2(password, salt, iterations, ...), generatePkcs12Key(password, salt, id, iterations, ...)
  pkcs5.pbkdf2 = (...a: unknown[]) => (check(a[2]), saved.pbkdf2.apply(forge.pkcs5, a));
  pbe.generatePkcs12Key = (...a: unknown[]) => (check(a[3]), saved.pbe.apply(pbe, a));
  p12.generateKey = (...a: unknown[]) => (check(a[3]), saved.p12.apply(forge.pkcs12, a));
  try {
    return fn();
  } finally {
    pkcs5.pbkdf2 = saved.pbkdf2;
    pbe.generatePkcs12Key = saved.pbe;
    p12.generateKey = saved.p12;
  }
}

const OID_SCRYPT = '1.3.6.1.4.1.11591.4.11';

/**
 * An EncryptedPrivateKeyInfo (RFC 5958) goes to OpenSSL, whose PBKDF2 or scrypt (RFC 7914) would run
 * whatever cost the file asks for, synchronously. Its parameters are in clear text: check them first.
 * Returns the DER unchanged.
 */
function boundedPkcs8(der: Buffer, file: string, where: string): Buffer {
  const { asn1 } = forge;
  let root: forge.asn1.Asn1;
  try {
    root = asn1.fromDer(forge.util.createBuffer(der.toString('binary')), {
      strict: true,
      decodeBitStrings: false,
    } as never);
  } catch {
    return der; // not DER: OpenSSL reports it as unreadable, before any key derivation
  }
  const iterations = maxIterations(root);
  if (iterations > policy.maxPfxIterations)
    throw kdfLimitError(file, iterations, `${where}: the encrypted key`);
  // scrypt-params ::= SEQUENCE { salt OCTET STRING, costParameter INTEGER, blockSize INTEGER,
  // parallelizationParameter INTEGER, keyLength INTEGER OPTIONAL }: work and memory grow with N·r·p
  const visit = (n: forge.asn1.Asn1, depth: number): void => {
    if (depth > 8 || !Array.isArray(n.value)) return;
    const kids = n.value as forge.asn1.Asn1[];
    const first = kids[0];
    if (first?.type === asn1.Type.OID && typeof first.value === 'string') {
      let oid = '';
      try {
        oid = asn1.derToOid(first.value);
      } catch {
        /* not an OID we can read */
      }
      const params = kids[1];
      if (oid === OID_SCRYPT && params && Array.isArray(params.value)) {
        const ints = (params.value as forge.asn1.Asn1[]).slice(1, 4).map((k) => derUint(k));
        const cost = ints.reduce((a, b) => a * b, 1);
        if (ints.length < 3 || !(cost <= policy.maxScryptCost))
          throw inputError(
            'INPUT_FORMAT',
            file,
            `${where}: the encrypted key asks for scrypt with N·r·p = ${Number.isFinite(cost) ? cost : 'an absurd value'}, above the limit of ${policy.maxScryptCost} (a damaged or hostile file?)`,
          );
      }
    }
    for (const k of kids) visit(k, depth + 1);
  };
  visit(root, 0);
  return der;
}

/** An INTEGER's value; anything over 6 bytes (or not an integer) counts as unbounded. */
function derUint(n: forge.asn1.Asn1): number {
  const bytes = typeof n.value === 'string' ? n.value : '';
  if (n.type !== forge.asn1.Type.INTEGER || bytes.length > 6) return Number.POSITIVE_INFINITY;
  let v = 0;
  for (let i = 0; i < bytes.length; i++) v = v * 256 + bytes.charCodeAt(i);
  return v;
}

/**
 * The largest iteration count in the PFX: MacData.iterations and every PBE parameter
 * (PKCS#12 pbeWith… { salt OCTET STRING, iterations INTEGER }, PBKDF2-params { salt, iterationCount, … })
 * readable without the password — i.e. all but those inside encrypted content.
 */
function maxIterations(root: forge.asn1.Asn1): number {
  const { asn1 } = forge;
  let max = 0;
  let budget = 10000; // nodes visited: bounded work for any input
  const intValue = (n: forge.asn1.Asn1): number => {
    const bytes = typeof n.value === 'string' ? n.value : '';
    if (bytes.length > 6) return Number.MAX_SAFE_INTEGER;
    let v = 0;
    for (let i = 0; i < bytes.length; i++) v = v * 256 + bytes.charCodeAt(i);
    return v;
  };
  const visit = (n: forge.asn1.Asn1, depth: number): void => {
    if (--budget < 0 || depth > 32) return;
    if (Array.isArray(n.value)) {
      const kids = n.value as forge.asn1.Asn1[];
      // { salt OCTET STRING, iterations INTEGER } and MacData { DigestInfo, salt, iterations }
      for (let i = 0; i + 1 < kids.length; i++) {
        const a = kids[i]!;
        const b = kids[i + 1]!;
        if (
          a.tagClass === asn1.Class.UNIVERSAL &&
          a.type === asn1.Type.OCTETSTRING &&
          b.tagClass === asn1.Class.UNIVERSAL &&
          b.type === asn1.Type.INTEGER
        )
          max = Math.max(max, intValue(b));
      }
      for (const k of kids) visit(k, depth + 1);
    } else if (
      n.type === asn1.Type.OCTETSTRING &&
      n.tagClass === asn1.Class.UNIVERSAL &&
      typeof n.value === 'string' &&
      n.value.charCodeAt(0) === 0x30
    ) {
      // the AuthenticatedSafe and SafeContents travel as DER inside OCTET STRINGs
      try {
        visit(
          asn1.fromDer(forge.util.createBuffer(n.value), {
            strict: true,
            parseAllBytes: true,
            decodeBitStrings: false,
          } as never),
          depth + 1,
        );
      } catch {
        // encrypted or not DER: nothing readable here
      }
    }
  };
  visit(root, 0);
  return max;
}
