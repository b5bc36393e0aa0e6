/**
 * Constructors for remediation actions. Every value goes through `quote.ts`; builders never
 * assemble command or record text themselves.
 */
import type { ParamValue } from '../assessment';
import { cnameLine, dnsName, mxLine, psString, registryPath, regString, tlsaLine, txtLine } from '../quote';
import type { RemediationAction } from './types';

type Note = { noteKey?: string; noteParams?: Record<string, ParamValue> };

const bare = (fqdn: string) => fqdn.slice(0, -1);

export function txtRecord(owner: string, value: string, ttl = 3600, note: Note = {}): RemediationAction {
  return { kind: 'dns-record', name: bare(dnsName(owner)), type: 'TXT', value, ttl, zoneFile: txtLine(owner, value, ttl), ...note };
}

export function cnameRecord(owner: string, target: string, ttl = 3600, note: Note = {}): RemediationAction {
  return {
    kind: 'dns-record',
    name: bare(dnsName(owner)),
    type: 'CNAME',
    value: dnsName(target),
    ttl,
    zoneFile: cnameLine(owner, target, ttl),
    ...note,
  };
}

export function mxRecord(owner: string, preference: number, exchange: string, ttl = 3600, note: Note = {}): RemediationAction {
  return {
    kind: 'dns-record',
    name: bare(dnsName(owner)),
    type: 'MX',
    value: `${preference} ${dnsName(exchange, { allowServiceLabels: false })}`,
    ttl,
    zoneFile: mxLine(owner, preference, exchange, ttl),
    ...note,
  };
}

export function tlsaRecord(owner: string, hex: string, ttl = 3600, note: Note = {}): RemediationAction {
  const zoneFile = tlsaLine(owner, 3, 1, 1, hex, ttl);
  return { kind: 'dns-record', name: bare(dnsName(owner)), type: 'TLSA', value: `3 1 1 ${hex.toLowerCase()}`, ttl, zoneFile, ...note };
}

export function instruction(key: string, params?: Record<string, ParamValue>): RemediationAction {
  return params ? { kind: 'instruction', key, params } : { kind: 'instruction', key };
}

/**
 * A PowerShell snippet. `parts` alternate literal code (written here, never from the network)
 * and values, which are always emitted as single-quoted literals:
 * ps`Set-DkimSigningConfig -Identity ${domain} -Enabled $true`.
 */
export function ps(strings: TemplateStringsArray, ...values: (string | number | readonly string[])[]): string {
  let out = strings[0]!;
  values.forEach((v, i) => {
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
    out += typeof v === 'number' ? String(v) : typeof v === 'string' ? psString(v) : v.map(psString).join(',');
    out += strings[i + 1]!;
  });
  return out;
}

export function powershell(code: string, note: Note = {}): RemediationAction {
  return { kind: 'powershell', code, ...note };
}

/** A DWORD under HKLM, as a .reg snippet and as one PowerShell line that creates the key if needed. */
export function registryDword(path: string, name: string, value: number): RemediationAction {
  const p = registryPath(path);
  const hex = value.toString(16).padStart(8, '0');
  return {
    kind: 'registry',
    path: p.powershell,
    name,
    valueType: 'DWORD',
    value: String(value),
    // regedit imports LF line ends too; LF keeps the snippet readable in the wizard and the PDF.
    reg: `Windows Registry Editor Version 5.00\n\n[${p.reg}]\n${regString(name)}=dword:${hex}\n`,
    // New-Item -Force on an existing registry key would recreate it and drop its other values.
    powershell: ps`if (-not (Test-Path -Path ${p.powershell})) { New-Item -Path ${p.powershell} -Force | Out-Null }; New-ItemProperty -Path ${p.powershell} -Name ${name} -Value ${value} -PropertyType DWord -Force | Out-Null`,
  };
}
