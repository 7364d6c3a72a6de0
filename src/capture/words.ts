// Words for capture facts, shared by the rules' evidence and the capture report's sections so both
// say the same thing the same way. Names come from the wire registry (unknown → "unknown (0x…)").
import { alertName, cipherSuiteName, versionName } from '../wire/registry/index.js';
import type { CaptureConnectionObservation, CapturedClientHello } from '../model/observations/capture.js';

export function endpoint(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/**
 * A kind of failed handshake as the capture counts them (summary.failureKinds): the server, how the
 * handshake ended, the first fatal alert and the last handshake message.
 */
export function failureKindKey(
  server: string,
  end: string,
  alert: { from: string; description: number } | undefined,
  lastMessage: string | null,
): string {
  return `${server}|${end}|${alert ? `${alert.from}:${alert.description}` : ''}|${lastMessage ?? ''}`;
}

export function connLabel(c: CaptureConnectionObservation): string {
  return `connection #${c.id} ${endpoint(c.client)} → ${endpoint(c.server)}`;
}

function isGreaseValue(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/** "TLS 1.0, TLS 1.1" (GREASE left out), lowest first */
export function versionList(vs: readonly number[]): string {
  const real = [...new Set(vs.filter((v) => !isGreaseValue(v)))].sort((a, b) => a - b);
  return real.length === 0 ? 'none' : real.map(versionName).join(', ');
}

/** Whether the client's hello allows version v: listed in supported_versions, else at most legacy_version. */
export function clientOffers(ch: CapturedClientHello, v: number): boolean {
  if (ch.supportedVersions && ch.supportedVersions.length > 0) return ch.offeredVersions.includes(v);
  return v <= ch.legacyVersion;
}

/** "TLS 1.2, TLS 1.3", or "up to TLS 1.1" for a hello without supported_versions */
export function offeredText(ch: CapturedClientHello): string {
  if (ch.supportedVersions && ch.supportedVersions.length > 0) return versionList(ch.offeredVersions);
  if (ch.format === 'sslv2')
    return ch.legacyVersion === 0x0002
      ? 'SSL 2.0'
      : `up to ${versionName(ch.legacyVersion)} (SSLv2-format hello)`;
  return `up to ${versionName(ch.legacyVersion)}`;
}

export function suiteList(cs: readonly number[], max = 6): string {
  const real = cs.filter((v) => !isGreaseValue(v));
  const shown = real.slice(0, max).map(cipherSuiteName).join(', ');
  return real.length > max ? `${shown} and ${real.length - max} more` : shown || 'none';
}

export function alertText(description: number): string {
  if (description >= 0x10000) return `SSLv2 error ${description - 0x10000}`;
  return `${alertName(description)} (${description})`;
}
