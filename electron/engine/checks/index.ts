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

export const checks = [mxCheck, spfCheck, dmarcCheck, dkimCheck, platformCheck, startTlsCheck, certificateCheck] as const;

export type RegisteredCheck = (typeof checks)[number];
export type CheckId = RegisteredCheck['id'];
export type CheckResults = { [C in RegisteredCheck as C['id']]: ResultOf<C> };
