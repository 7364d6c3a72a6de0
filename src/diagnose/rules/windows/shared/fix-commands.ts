// Exact fix commands for the Windows findings (pure string builders; rules call them).
// netsh syntax: Microsoft Learn "Netsh http commands". PowerShell needs the appid braces quoted, else
// "The parameter is incorrect.", so each netsh command also comes in a quoted PowerShell form.
import type { FixCommand } from '../../../../model/finding.js';
import type { SslCertBindingObservation } from '../../../../model/observations/windows.js';
import { IIS_APPID } from '../../../../windows/text.js';

export const SCHANNEL_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
export const SCHANNEL_KEY_LONG =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

/** 'ipport=0.0.0.0:443' / 'hostnameport=www.contoso.com:443' / 'ccs=443' */
export function bindingSelector(b: Pick<SslCertBindingObservation, 'keyType' | 'endpoint'>): string {
  switch (b.keyType) {
    case 'ipport':
      return `ipport=${b.endpoint}`;
    case 'hostnameport':
      return `hostnameport=${b.endpoint}`;
    case 'ccs':
      return `ccs=${b.endpoint}`;
    case 'scopedccs':
      return `scopedccs=${b.endpoint}`;
  }
}

export function selectorFor(keyType: 'ipport' | 'hostnameport' | 'ccs', endpoint: string): string {
  return bindingSelector({ keyType, endpoint });
}

/** delete + add for one binding, cmd and PowerShell forms, then restart HTTP.sys users. */
export function rebindCommands(
  selector: string,
  certhash: string,
  appid: string = IIS_APPID,
  store = 'MY',
  exists = true,
): FixCommand[] {
  const add = `netsh http add sslcert ${selector} certhash=${certhash} appid=${appid} certstorename=${store}`;
  const addPs = `netsh http add sslcert ${selector} certhash=${certhash} appid='${appid}' certstorename=${store}`;
  const out: FixCommand[] = [];
  if (exists) out.push({ platform: 'windows-cmd', command: `netsh http delete sslcert ${selector}` });
  out.push({ platform: 'windows-cmd', command: add });
  if (exists) out.push({ platform: 'powershell', command: `netsh http delete sslcert ${selector}` });
  out.push({ platform: 'powershell', command: addPs });
  out.push({ platform: 'windows-cmd', command: 'iisreset' });
  return out;
}

export const THUMBPRINT_PLACEHOLDER = '<thumbprint>';

/** `reg add` commands and the same change as a .reg file, for protocol Enabled/DisabledByDefault. */
export function protocolRegCommands(
  protocol: string,
  side: 'Server' | 'Client',
  enabled: boolean,
): FixCommand[] {
  const key = `${SCHANNEL_KEY}\\Protocols\\${protocol}\\${side}`;
  const regFile = [
    'Windows Registry Editor Version 5.00',
    '',
    `[${SCHANNEL_KEY_LONG}\\Protocols\\${protocol}\\${side}]`,
    `"Enabled"=dword:${enabled ? '00000001' : '00000000'}`,
    `"DisabledByDefault"=dword:${enabled ? '00000000' : '00000001'}`,
  ].join('\r\n');
  return [
    { platform: 'windows-cmd', command: `reg add "${key}" /v Enabled /t REG_DWORD /d ${enabled ? 1 : 0} /f` },
    {
      platform: 'windows-cmd',
      command: `reg add "${key}" /v DisabledByDefault /t REG_DWORD /d ${enabled ? 0 : 1} /f`,
    },
    { platform: 'registry', command: regFile },
  ];
}

export const REBOOT: FixCommand = { platform: 'windows-cmd', command: 'shutdown /r /t 0' };
