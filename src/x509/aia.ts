// --fetch-aia: download the issuer certificate named by an Authority Information Access caIssuers
// URL (RFC 5280 4.2.2.1: a DER certificate, or a "certs-only" CMS/PKCS#7 .p7c). Only with the
// user's explicit option; bounded in time and size.
import { TlsDoctorError, oneLine } from '../errors.js';
import { loadBuffer, type LoadedCertificate } from './load.js';

const MAX_AIA_BYTES = 1024 * 1024;

export async function fetchAiaCertificates(url: string, timeoutMs = 5000): Promise<LoadedCertificate[]> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TlsDoctorError('INPUT_FORMAT', `AIA URL "${url}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TlsDoctorError('INPUT_FORMAT', `AIA URL ${url}: only http and https are fetched`);
  let res: Response;
  try {
    res = await fetch(u, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    throw new TlsDoctorError(
      'UNREACHABLE',
      `AIA URL ${url}: ${oneLine((e as { cause?: unknown }).cause ?? e)}`,
    );
  }
  if (!res.ok) throw new TlsDoctorError('UNREACHABLE', `AIA URL ${url}: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_AIA_BYTES)
    throw new TlsDoctorError('INPUT_TOO_LARGE', `AIA URL ${url}: ${declared} bytes is not a certificate`);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_AIA_BYTES) {
        await reader.cancel();
        throw new TlsDoctorError('INPUT_TOO_LARGE', `AIA URL ${url}: more than ${MAX_AIA_BYTES} bytes`);
      }
      chunks.push(Buffer.from(value));
    }
  }
  return loadBuffer(Buffer.concat(chunks), url).certificates;
}
