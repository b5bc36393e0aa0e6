/**
 * The pure half of the check contract (DESIGN §3.1): what a check is, without how it runs. Each
 * check's folder declares one spec — its id, the checks it reads, its result schema, the
 * requirement rows it decides and every finding key with its messages and remediation routing —
 * and `checks/specs.ts` lists them. The requirement catalogue, the remediation plan, the message
 * bundles, the wizard and the PDF read the specs; nothing here may import `node:` or `electron`,
 * because the renderer loads it too.
 */
import { z } from 'zod';
import type { MessageBundle } from '../../shared/i18n/types';
import type { RemediationEntry } from '../../shared/remediation/entry';
import type { RequirementId } from '../../shared/requirement-ids';

export interface FindingDeclaration {
  remediation: RemediationEntry;
  /** requirement rows this finding decides besides its check's own (`decides`) */
  alsoDecides?: readonly RequirementId[];
  cs: string;
  en: string;
}

export type FindingDeclarations<K extends string = string> = { readonly [key in K]: FindingDeclaration };

/**
 * Declares finding keys. Pass the key union explicitly where code builds keys from a union
 * (`finding.tls.${What}`): a member without a declaration, or a declaration without a member, is
 * then a compile error.
 */
export function defineFindings<const K extends `finding.${string}`>(declarations: FindingDeclarations<K>): FindingDeclarations<K> {
  return declarations;
}

export interface CheckSpec<Id extends string = string, K extends string = string, S extends z.ZodType = z.ZodType> {
  id: Id;
  /** the check's name as the wizard, the PDF and the CLI show it */
  name: { cs: string; en: string };
  /** checks whose results this one reads; the runner orders by this and refuses any other read */
  requires: readonly AnyCheckSpec[];
  /** the check's result: what it returns, what is stored in the Assessment, what readers parse */
  result: S;
  /** requirement rows of the measure that every finding of this check decides */
  decides: readonly RequirementId[];
  findings: FindingDeclarations<K>;
  /** other texts of the check (evidence labels, skip reasons) */
  messages?: MessageBundle;
}

export type AnyCheckSpec = CheckSpec<string, string, z.ZodType>;

export function defineCheckSpec<const Id extends string, K extends string, S extends z.ZodType>(
  spec: CheckSpec<Id, K, S>,
): CheckSpec<Id, K, S> {
  return spec;
}

/**
 * A part of a result kept as the code that produced it typed it, checked only to be an object
 * (and by `valid`, when given): deep prober or parser output that nothing reads back from a file.
 */
export function opaqueObject<T>(valid: (value: object) => boolean = () => true) {
  return z.custom<T>((v) => typeof v === 'object' && v !== null && valid(v));
}

/** The result type a spec declares. */
export type ResultOf<S extends AnyCheckSpec> = z.output<S['result']>;
/** The finding keys a spec (or each spec of a union) declares. */
export type FindingKeyOf<S extends AnyCheckSpec> = S extends AnyCheckSpec ? Extract<keyof S['findings'], string> : never;
