/**
 * The registry: the only list of checks. Check ids and result types derive from it.
 */
import type { ResultOf } from '../check';
import { dkimCheck } from './dkim';
import { dmarcCheck } from './dmarc';
import { mxCheck } from './mx';
import { platformCheck } from './platform';
import { spfCheck } from './spf';
import { startTlsCheck } from './starttls';
import { certificateCheck } from './certificate';
import { tlsCiphersCheck } from './tls-ciphers';
import { tlsExtrasCheck } from './tls-extras';
import { tlsKeyExchangeCheck } from './tls-key-exchange';
import { tlsVersionsCheck } from './tls-versions';

export const checks = [
  mxCheck,
  spfCheck,
  dmarcCheck,
  dkimCheck,
  platformCheck,
  startTlsCheck,
  certificateCheck,
  tlsVersionsCheck,
  tlsCiphersCheck,
  tlsKeyExchangeCheck,
  tlsExtrasCheck,
] as const;

export type RegisteredCheck = (typeof checks)[number];
export type CheckId = RegisteredCheck['id'];
export type CheckResults = { [C in RegisteredCheck as C['id']]: ResultOf<C> };
